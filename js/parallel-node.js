// checkLabels with its cross-validation on several threads, in Node: the helpers are
// worker_threads threads (cv-thread-node.js), one WebAssembly instance each (release or debug,
// as this thread's). The schedule is cv-schedule.js; browsers have parallel.js.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkLabelsOnThreadsWith } from './cv-schedule.js';

const nodeThreads = {
  availableCores: async () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length),

  canHelp: () => true,

  startHelper: async () => {
    const w = new Worker(new URL('./cv-thread-node.js', import.meta.url));
    return {
      post: (m, t) => w.postMessage(m, t),
      onMessage: (fn) => w.on('message', fn),
      onError: (fn) => {
        w.on('error', fn);
        w.on('exit', (code) => fn(new Error(`a helper thread exited with code ${code}`)));
      },
      terminate: () => {
        w.removeAllListeners('exit');
        return w.terminate();
      },
    };
  },

  yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
};

/** checkLabels (pipeline.js) with `threads` threads for the cross-validation; see cv-schedule.js. */
export function checkLabelsOnThreads(input, options) {
  return checkLabelsOnThreadsWith(nodeThreads, input, options);
}
