// labelcheck/debug: the API of 'labelcheck' whose init() loads the debug build (runtime
// assertions, every memory access checked, function names in stack traces), for browsers and
// bundlers (package.json "default" condition; Node gets debug-node.js). A separate entry point
// so that only an app that imports it gets the debug module; the functions are the same objects
// as those of 'labelcheck' (one instance behind both).
//
//   import { init, findLabelIssues } from 'labelcheck/debug';
//   await init();  // { debug: false } loads the release build instead
import { loadFlavour, loadRelease } from './browser-load.js';
import { initWith } from './instance.js';

export * from './index.js';

/** init() of 'labelcheck', with `debug: true` by default. */
export function init(options) {
  return initWith(debugByDefault(options), (opts) => (!opts.debug ? loadRelease(opts)
    : loadFlavour(opts, new URL('./wasm/debug/labelcheck.wasm', import.meta.url), () => import('./wasm/debug/labelcheck.js'))));
}

// Anything but an options object goes to init() as given, to be refused there.
function debugByDefault(options) {
  return options === undefined || (options !== null && typeof options === 'object') ? { debug: true, ...options } : options;
}
