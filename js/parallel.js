// checkLabels with its cross-validation on several threads, in browsers and bundled apps: the
// helpers are module Web Workers (cv-thread.js), one WebAssembly instance each. The schedule is
// cv-schedule.js; Node has parallel-node.js.
import { checkLabelsOnThreadsWith } from './cv-schedule.js';

const browserThreads = {
  /** The cores the browser reports. */
  availableCores: async () => Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1),

  // The helpers' bundle holds the release glue only: the debug build ('labelcheck/debug') runs on
  // the calling thread alone.
  canHelp: (recipe) => !recipe?.debug,

  startHelper: async () => {
    // In one expression, as bundlers (Vite, webpack) recognise it: they build cv-thread.js as a
    // worker of its own and put its URL here.
    const w = new Worker(new URL('./cv-thread.js', import.meta.url), { type: 'module' });
    return {
      post: (m, t) => w.postMessage(m, t),
      onMessage: (fn) => { w.onmessage = (event) => fn(event.data); },
      onError: (fn) => {
        w.onerror = (event) => {
          event.preventDefault?.();
          fn(new Error(event.message || 'a helper worker could not start'));
        };
      },
      terminate: () => w.terminate(),
    };
  },

  // Lets queued messages (helper outputs) be handled between two units run on this thread.
  yieldToEvents: () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  }),
};

/** checkLabels (pipeline.js) with `threads` threads for the cross-validation; see cv-schedule.js. */
export function checkLabelsOnThreads(input, options) {
  return checkLabelsOnThreadsWith(browserThreads, input, options);
}
