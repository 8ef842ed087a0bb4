// A helper thread of parallel.js in browsers: a module Web Worker (see cv-thread-calls.js).
// Everything is imported statically, so the handler is attached before the first message.
import * as lc from './index.js';
import { createCvHandler } from './cv-thread-calls.js';

const handle = createCvHandler({ lc, post: (m, transfer) => self.postMessage(m, transfer) });
self.onmessage = (event) => handle(event.data);
