// The thread of labelcheck/worker in browsers (see worker.js): a module Web Worker running the
// synchronous API of index.js. Everything is imported statically, so the handler is attached when
// the module runs, before the worker takes its first message: no message is lost, even under a
// dev server that serves each module separately. Messages: see worker-calls.js.
import * as lc from './index.js';
import { checkLabelsOnThreads } from './parallel.js';
import { createCallHandler } from './worker-calls.js';

const handle = createCallHandler({ lc, checkLabelsOnThreads, post: (m, transfer) => self.postMessage(m, transfer) });
self.onmessage = (event) => handle(event.data);
