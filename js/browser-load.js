// How init() loads a flavour of the WebAssembly module outside Node: the .wasm compiled from
// `wasmModule`, `wasmBinary`, the URL `locateFile` returns, or the flavour's own URL, and its
// Emscripten glue imported. The release flavour is here (index.js); the debug one is in
// debug.js, a separate entry point, so that a bundler copies its module only into apps that
// import 'labelcheck/debug'.
/**
 * `wasmUrl` must be written at the call as `new URL('./wasm/….wasm', import.meta.url)` and
 * `importGlue` as `() => import('./wasm/….js')`: the forms bundlers recognise as an asset and a
 * chunk.
 */
export async function loadFlavour(opts, wasmUrl, importGlue) {
  let url = wasmUrl;
  if (opts.locateFile !== undefined) url = opts.locateFile('labelcheck.wasm', new URL('.', wasmUrl).href);
  const [wasmModule, { default: factory }] = await Promise.all([
    opts.wasmModule ?? (opts.wasmBinary !== undefined ? WebAssembly.compile(opts.wasmBinary) : compileFrom(url)),
    importGlue(),
  ]);
  return { factory, wasmModule };
}

/** The release flavour (what 'labelcheck' loads). */
export function loadRelease(opts) {
  return loadFlavour(opts, new URL('./wasm/labelcheck.wasm', import.meta.url), () => import('./wasm/labelcheck.js'));
}

// Streaming compilation when the server sends application/wasm, else from the bytes.
async function compileFrom(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`fetching ${url} gave HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type') === 'application/wasm')
    return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}
