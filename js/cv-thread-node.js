// A helper thread of parallel-node.js: a worker_threads thread (see cv-thread-calls.js), whose
// instance may be the debug build (node.js loads either).
import { parentPort } from 'node:worker_threads';
import * as lc from './node.js';
import { createCvHandler } from './cv-thread-calls.js';

const handle = createCvHandler({ lc, post: (m, transfer) => parentPort.postMessage(m, transfer) });
parentPort.on('message', handle);
