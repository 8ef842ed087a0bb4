// What a helper thread of the cross-validation does with a message, shared by its two forms:
// cv-thread.js (a module Web Worker) and cv-thread-node.js (a worker_threads thread). Its own
// WebAssembly instance (made from the coordinator's compiled module, so nothing is fetched or
// compiled again) runs cross-validation units of the coordinator's plan on a copy of the encoded
// features. Messages:
//   in:  {type: 'setup', recipe: {wasmModule, debug, maxMemory}, features, options}
//   out: {type: 'ready', fingerprint}
//   in:  {type: 'unit', unit}
//   out: {type: 'output', unit, output}          (typed arrays transferred)
//   in:  {type: 'auditGraph'}                     the audit's neighbour graph of the features
//   out: {type: 'auditGraph', graph}              ({indices, distances, info}; arrays transferred)
//   out: {type: 'auditNonIid', nonIid}            then, with the audit on (setup's options.audit),
//                                                 the order-effects check on that graph while the
//                                                 coordinator runs the other checks ({score,
//                                                 rows, info}; arrays transferred)
//   out: {type: 'error', error: {code, message}}  (any failure; the coordinator stops the run)
import { startCvSession } from './pipeline.js';

/** The message handler: `lc` is the thread's synchronous API, `post(message, transfer)` the reply. */
export function createCvHandler({ lc, post }) {
  let session = null;
  let audits = true;  // the run's option audit: the order-effects check after the graph

  async function run(data) {
    try {
      if (data.type === 'setup') {
        const { wasmModule, debug, maxMemory } = data.recipe;
        await lc.init({ wasmModule, debug, maxMemory });
        session = startCvSession(data.features, data.options);
        audits = data.options.audit !== false;
        post({ type: 'ready', fingerprint: session.plan.fingerprint });
      } else if (data.type === 'unit') {
        const output = session.runUnit(data.unit);
        const transfer = output.kind === 'fit' ? [output.probs.buffer] : [output.indices.buffer, output.distances.buffer];
        post({ type: 'output', unit: data.unit, output }, transfer);
      } else if (data.type === 'auditGraph') {
        const { ok, ...graph } = session.auditGraph();
        post({ type: 'auditGraph', graph }, [graph.indices.buffer, graph.distances.buffer]);
        // The coordinator runs the other checks meanwhile (cv-schedule.js). Without the audit
        // the graph was for kNN's vote alone.
        if (!audits) return;
        const { ok: _, ...nonIid } = session.auditNonIid();
        post({ type: 'auditNonIid', nonIid }, [nonIid.score.buffer, nonIid.rows.buffer]);
      }
    } catch (e) {
      post({ type: 'error', error: { code: e?.code ?? 'INTERNAL', message: String(e?.message ?? e) } });
    }
  }

  // Messages are handled one at a time, in order (a unit waits for the setup's init()).
  let chain = Promise.resolve();
  return (data) => {
    chain = chain.then(() => run(data));
  };
}
