// Node entry point (package.json "node" condition): the same API as index.js; init() reads the
// .wasm file with node:fs and hands the bytes to the glue (the browser glue cannot load files in
// Node, see ../shared/TOOLCHAIN.md section 1.1).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initWith } from './instance.js';

export * from './index.js';

/** As index.js init(); `locateFile` may return a path, a file: URL or an http(s): URL. */
export function init(options) {
  return initWith(options, async (opts) => {
    const dir = new URL(opts.debug ? './wasm/debug/' : './wasm/', import.meta.url);
    let wasmBinary = opts.wasmBinary;
    if (wasmBinary === undefined && opts.wasmModule === undefined) {
      const where = opts.locateFile ? String(opts.locateFile('labelcheck.wasm', dir.href)) : new URL('labelcheck.wasm', dir).href;
      if (/^https?:/.test(where)) {
        const response = await fetch(where);
        if (!response.ok) throw new Error(`fetching ${where} gave HTTP ${response.status}`);
        wasmBinary = new Uint8Array(await response.arrayBuffer());
      } else {
        wasmBinary = await readFile(where.startsWith('file:') ? fileURLToPath(where) : where);
      }
    }
    if (opts.debug) {
      // Node 20 can deadlock at exit while V8 still tiers up a large module in the background
      // (the main thread joining the worker pool, a compile thread waiting for a GC): seen with
      // the 1 MB debug .wasm in about one run in three. The debug build is for finding bugs, not
      // speed: no tier-up (a process-wide V8 setting, set before the module is compiled).
      const v8 = await import('node:v8');
      v8.setFlagsFromString('--no-wasm-tier-up');
      v8.setFlagsFromString('--no-wasm-dynamic-tiering');
    }
    const wasmModule = opts.wasmModule ?? (await WebAssembly.compile(wasmBinary));
    const { default: factory } = opts.debug
      ? await import('./wasm/debug/labelcheck.js')
      : await import('./wasm/labelcheck.js');
    return { factory: opts.debug ? withBrowserGlobals(factory) : factory, wasmModule };
  });
}

// The debug glue (ASSERTIONS) refuses to start outside a browser or worker: it detects Node
// through `process` and looks for `window`. It decides once, synchronously, when the factory is
// called, and with the instance handed over by instantiateWasm it never touches window or
// document afterwards. So for the duration of that synchronous call only, present the release
// glue's view of the world: a window and no process. No other JavaScript can run in between.
function withBrowserGlobals(factory) {
  return (arg) => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'process');
    const hadWindow = 'window' in globalThis;
    try {
      if (!hadWindow) globalThis.window = globalThis;
      Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
      return factory(arg);
    } finally {
      Object.defineProperty(globalThis, 'process', saved);
      if (!hadWindow) delete globalThis.window;
    }
  };
}
