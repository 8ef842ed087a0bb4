// The thread of labelcheck/worker in Node (see worker-node.js): a worker_threads thread running
// the synchronous API of node.js (which can also load the debug build). Messages: see worker-calls.js.
import { parentPort } from 'node:worker_threads';
import * as lc from './node.js';
import { checkLabelsOnThreads } from './parallel-node.js';
import { createCallHandler } from './worker-calls.js';

const handle = createCallHandler({ lc, checkLabelsOnThreads, post: (m, transfer) => parentPort.postMessage(m, transfer) });
parentPort.on('message', handle);
