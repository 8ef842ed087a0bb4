// The WebAssembly instance: loading it once (initWith, behind init() of index.js / node.js), what
// it is (moduleInfo), calling into it (withCore: inputs copied in and freed, {ok: false} results
// and aborts turned into LabelcheckErrors) and replacing it after an abort.
import { LabelcheckError, errorFromCore } from './errors.js';
import { copyIn, mib } from './marshal.js';

export const version = '0.1.0';

// init() compiles the .wasm once and keeps the compiled WebAssembly.Module. An instance that
// aborts (out of memory: built without C++ exceptions, a failed allocation inside the core
// aborts) is useless afterwards, so the failing call replaces it with a fresh instance of the
// same compiled module, with a fresh memory, before it throws: later calls just work. That
// replacement is synchronous where the platform allows it (Node, workers, and Chromium's main
// thread, which limits only synchronous compilation); where synchronous instantiation is
// refused it completes in the background and `await init()` waits for it.

const PAGE = 65536;
const INITIAL_MEMORY = 4 * 1024 * 1024;  // INITIAL_MEMORY of bindings/CMakeLists.txt
const MAXIMUM_MEMORY = 4 * 1024 * 1024 * 1024 - PAGE;  // the wasm32 limit

let core = null;         // the Emscripten module in use
let pending = null;      // the init() promise while loading (and after: idempotence)
let initFlavour = null;  // 'release' | 'debug'
let loaded = null;       // {factory, wasmModule, maxMemory}: what a fresh instance is made from
let restarts = 0;        // instances replaced after an abort

// The glue prints "Aborted(...)" before throwing; the LabelcheckError reports it instead.
function printErr(text) {
  if (!/^Aborted\(/.test(text)) console.warn(text);
}

function newMemory(maxMemory) {
  return new WebAssembly.Memory({ initial: INITIAL_MEMORY / PAGE, maximum: Math.ceil(maxMemory / PAGE) });
}

// What the Emscripten factory is given: a fresh memory and how to instantiate the module.
function moduleArg(maxMemory, instantiateWasm) {
  return { wasmMemory: newMemory(maxMemory), printErr, instantiateWasm };
}

// A fresh instance of the compiled module, synchronously; throws if the platform refuses.
function instantiateSync({ factory, wasmModule, maxMemory }) {
  let failure = null;
  const arg = moduleArg(maxMemory, (imports, receive) => {
    try {
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receive(instance, wasmModule);
      return instance.exports;
    } catch (e) {
      failure = e;
      return {};
    }
  });
  factory(arg);
  if (failure) throw failure;
  if (!arg.calledRun) throw new Error('the module did not start synchronously');
  return arg;
}

// The same, asynchronously (always allowed).
function instantiateAsync({ factory, wasmModule, maxMemory }) {
  return new Promise((resolve, reject) => {
    const arg = moduleArg(maxMemory, (imports, receive) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), reject);
      return {};
    });
    factory(arg).then(() => resolve(arg), reject);
  });
}

/**
 * Shared implementation of init(): `load(options)` returns `{factory, wasmModule}`, the
 * Emscripten factory of the chosen flavour and the compiled .wasm. Idempotent: later calls
 * return the first call's promise (their options are ignored).
 */
export function initWith(options, load) {
  if (options !== undefined && (options === null || typeof options !== 'object'))
    return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', 'init: options must be an object'));
  const opts = { ...options };
  for (const key of Object.keys(opts)) {
    if (!['locateFile', 'wasmBinary', 'wasmModule', 'debug', 'maxMemory'].includes(key))
      return Promise.reject(new LabelcheckError('INVALID_ARGUMENT',
        `init: unknown option '${key}'; known options: locateFile, wasmBinary, wasmModule, debug, maxMemory`));
  }
  if (opts.wasmModule !== undefined && !(opts.wasmModule instanceof WebAssembly.Module))
    return Promise.reject(new LabelcheckError('INVALID_ARGUMENT', 'init: option \'wasmModule\' must be a compiled WebAssembly.Module'));
  const maxMemory = opts.maxMemory ?? MAXIMUM_MEMORY;
  if (!(Number.isInteger(maxMemory) && maxMemory >= 16 * 1024 * 1024 && maxMemory <= MAXIMUM_MEMORY))
    return Promise.reject(new LabelcheckError('INVALID_ARGUMENT',
      `init: option 'maxMemory' must be a number of bytes from 16 MiB (16777216) to 4 GiB - 64 KiB (${MAXIMUM_MEMORY}); got ${opts.maxMemory}`));
  if (pending) return pending;
  pending = (async () => {
    let recipe, m;
    try {
      recipe = { ...(await load(opts)), maxMemory };
      m = await instantiateAsync(recipe);
    } catch (e) {
      pending = null;
      if (e instanceof LabelcheckError) throw e;
      throw new LabelcheckError('LOAD_FAILED', `init: could not load the WebAssembly module: ${e?.message ?? e}`, { cause: e });
    }
    const wasmVersion = m._version();
    if (wasmVersion !== version) {
      pending = null;
      throw new LabelcheckError('LOAD_FAILED',
        `init: the WebAssembly module is version ${wasmVersion} but the JavaScript is ${version}; rebuild (npm run build)`);
    }
    core = m;
    loaded = recipe;
    initFlavour = opts.debug ? 'debug' : 'release';
  })();
  return pending;
}

// After an abort: a fresh instance now if possible, else in the background. Returns true when
// the next call can go ahead without waiting.
function replaceInstance() {
  core = null;
  restarts++;
  try {
    core = instantiateSync(loaded);
    pending = Promise.resolve();
    return true;
  } catch {
    pending = instantiateAsync(loaded).then((m) => { core = m; }, (e) => {
      pending = null;
      throw new LabelcheckError('LOAD_FAILED', `init: could not restart the WebAssembly module: ${e?.message ?? e}`, { cause: e });
    });
    pending.catch(() => {});
    return false;
  }
}

/** The instance in use; NOT_INITIALIZED before init(). */
export function requireCore(fn) {
  if (!core)
    throw new LabelcheckError('NOT_INITIALIZED', `${fn}: call and await init() before using labelcheck`);
  return core;
}

/**
 * Information about the loaded module: which flavour, the WASM heap size in bytes (it grows with
 * the largest input seen and never shrinks) and the bytes allocated in it right now (0 between
 * calls but for the runtime's own few kilobytes). `null` before init().
 */
export function moduleInfo() {
  if (!core) return null;
  return {
    flavour: initFlavour, version, heapBytes: core._heapSize(), heapUsedBytes: core._heapUsed(),
    maxMemory: loaded.maxMemory, restarts,
  };
}

// Runs `body(copy)` with the copy-in helper, frees every block, maps {ok:false} and aborts.
export function withCore(fn, body) {
  const m = requireCore(fn);
  const blocks = [];
  let r;
  try {
    r = body((typed) => copyIn(m, typed, blocks, fn, loaded.maxMemory), m);
  } catch (e) {
    if (e instanceof LabelcheckError) throw e;
    if (e instanceof WebAssembly.RuntimeError) {
      // An abort or trap inside WASM. The core never aborts by itself: a bare abort comes from
      // an allocation that failed inside it (the memory could not grow to maxMemory or 4 GiB).
      const oom = /^Aborted\(/.test(e.message) || /memory/i.test(e.message);
      const ready = replaceInstance();
      const what = oom ? `out of memory (it needs more than the ${mib(loaded.maxMemory)} MiB of WebAssembly memory allowed)` : `stopped: ${e.message}`;
      throw new LabelcheckError(oom ? 'OUT_OF_MEMORY' : 'INTERNAL',
        `${fn}: ${what}; labelcheck restarted its WebAssembly module${ready ? ', later calls work' : ': await init() before the next call'}`,
        { cause: e });
    }
    throw new LabelcheckError('INTERNAL', `${fn}: ${e?.message ?? e}`, { cause: e });
  } finally {
    if (core === m) for (const p of blocks) m._free(p);
  }
  if (!r.ok) {
    const err = errorFromCore(r);
    // Messages of the core's CSV writers already name their function.
    if (!err.message.startsWith(`${fn}: `)) err.message = `${fn}: ${err.message}`;
    throw err;
  }
  return r;
}

/** Internal: what a helper thread needs to make the same instance (the compiled module is shared). */
export function instanceRecipe() {
  return loaded ? { wasmModule: loaded.wasmModule, debug: initFlavour === 'debug', maxMemory: loaded.maxMemory } : null;
}
/** Internal: whether `m` (a requireCore() result) is still the instance in use (not replaced after an abort). */
export function isCurrent(m) {
  return core === m;
}

/** Internal: the memory limit in bytes the instance was made with. */
export function maxMemory() {
  return loaded.maxMemory;
}
