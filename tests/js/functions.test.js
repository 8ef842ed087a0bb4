// One list of API functions (js/functions.js): 'labelcheck' (index.js and node.js, and
// 'labelcheck/debug': debug.js and debug-node.js), 'labelcheck/worker' (worker.js and
// worker-node.js, and the thread behind them) and the typings all offer exactly it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as index from '../../js/index.js';
import * as node from '../../js/node.js';
import * as worker from '../../js/worker.js';
import * as workerNode from '../../js/worker-node.js';
import * as debug from '../../js/debug.js';
import * as debugNode from '../../js/debug-node.js';
import { apiFunctions, entryExports, workerOnlyExports } from '../../js/functions.js';
import { declaredValueExports } from './helpers/declarations.js';

const sorted = (names) => [...names].sort();
const entry = sorted([...apiFunctions, ...entryExports]);
const workerEntry = sorted([...entry, ...workerOnlyExports]);

after(() => workerNode.terminate());

test('the list has no duplicates and names only functions of the synchronous API', () => {
  assert.equal(new Set(apiFunctions).size, apiFunctions.length);
  for (const fn of apiFunctions) assert.equal(typeof index[fn], 'function', fn);
});

test('index.js, node.js, debug.js and debug-node.js export the list, and nothing else but init and the shared values', () => {
  for (const [name, m] of Object.entries({ index, node, debug, debugNode })) assert.deepEqual(sorted(Object.keys(m)), entry, name);
  // One instance behind both entry points: the functions are the same objects.
  assert.equal(debug.findLabelIssues, index.findLabelIssues);
  assert.notEqual(debug.init, index.init);
});

test('worker.js and worker-node.js export the same names (plus terminate), each a function', () => {
  for (const [name, m] of Object.entries({ worker, workerNode })) {
    assert.deepEqual(sorted(Object.keys(m)), workerEntry, name);
    for (const fn of apiFunctions) assert.equal(typeof m[fn], 'function', `${name}.${fn}`);
  }
});

test('index.d.ts and worker.d.ts declare exactly these values', () => {
  assert.deepEqual(declaredValueExports('index.d.ts'), entry);
  assert.deepEqual(declaredValueExports('worker.d.ts'), workerEntry);
});

// The thread behind worker.js, driven directly: the list decides what it calls.
test('the worker thread calls every function of the list, and refuses other names', async () => {
  const thread = new Worker(new URL('../../js/worker-thread-node.js', import.meta.url));
  try {
    const replies = new Map();
    thread.on('message', (m) => replies.get(m.id)?.(m));
    const ask = (id, fn) => new Promise((resolve) => {
      replies.set(id, resolve);
      thread.postMessage({ id, fn, args: [] });
    });
    // No init(): a function the thread calls answers NOT_INITIALIZED (or, for moduleInfo, null).
    for (const [i, fn] of apiFunctions.entries()) {
      const r = await ask(i + 1, fn);
      assert.ok(r.ok || !/unknown function/.test(r.error.message), `${fn}: ${r.error?.message}`);
    }
    const r = await ask(1000, 'resolveOptions');
    assert.equal(r.ok, false);
    assert.match(r.error.message, /unknown function 'resolveOptions'/);
  } finally {
    await thread.terminate();
  }
});
