// labelcheck/debug in Node (package.json "node" condition): the API of node.js with
// `debug: true` by default. (In Node, init({ debug: true }) of 'labelcheck' loads it too.)
import { init as nodeInit } from './node.js';

export * from './node.js';

/** init() of 'labelcheck', with `debug: true` by default. */
export function init(options) {
  return nodeInit(debugByDefault(options));
}

// Anything but an options object goes to init() as given, to be refused there.
function debugByDefault(options) {
  return options === undefined || (options !== null && typeof options === 'object') ? { debug: true, ...options } : options;
}
