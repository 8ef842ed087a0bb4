// A helper thread of js/parallel.js: its own WebAssembly instance (made from the coordinator's
// compiled module, so nothing is fetched or compiled again) runs cross-validation units of the
// coordinator's plan on a copy of the encoded features. Works as a module Web Worker and as a
// Node worker_threads thread. Messages:
//   in:  {type: 'setup', recipe: {wasmModule, debug, maxMemory}, features, options}
//   out: {type: 'ready', fingerprint}
//   in:  {type: 'unit', unit}
//   out: {type: 'output', unit, output}          (typed arrays transferred)
//   out: {type: 'error', error: {code, message}}  (any failure; the coordinator stops the run)
// The message handler is attached before anything is awaited, so no early message is lost.

const nodeThread = typeof self === 'undefined';
let port = nodeThread ? null : self;
const queue = [];
let handle = (data) => queue.push(data);
const receive = (data) => handle(data);
let loading;
if (nodeThread) {
  loading = import('node:worker_threads').then((threads) => {
    port = threads.parentPort;
    port.on('message', receive);
    return import(threads.workerData.entry);
  });
} else {
  self.onmessage = (event) => receive(event.data);
  loading = import('./index.js');
}

function post(message, transfer = []) {
  port.postMessage(message, transfer);
}

function fail(e) {
  post({ type: 'error', error: { code: e?.code ?? 'INTERNAL', message: String(e?.message ?? e) } });
}

let session = null;

async function run(data) {
  const [lc, pipeline] = await Promise.all([loading, import('./pipeline.js')]);
  try {
    if (data.type === 'setup') {
      const { wasmModule, debug, maxMemory } = data.recipe;
      await lc.init({ wasmModule, debug, maxMemory });
      session = pipeline.startCvSession(data.features, data.options);
      post({ type: 'ready', fingerprint: session.plan.fingerprint });
    } else if (data.type === 'unit') {
      const output = session.runUnit(data.unit);
      const transfer = output.kind === 'fit' ? [output.probs.buffer] : [output.indices.buffer, output.distances.buffer];
      post({ type: 'output', unit: data.unit, output }, transfer);
    }
  } catch (e) {
    fail(e);
  }
}

// Messages are handled one at a time, in order.
let chain = Promise.resolve();
handle = (data) => {
  chain = chain.then(() => run(data));
};
for (const data of queue.splice(0)) handle(data);
