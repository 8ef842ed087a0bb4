// Where a review is kept: IndexedDB in this browser, one record per reviewed file and label
// column, keyed by the SHA-256 of the file's bytes (computed in the worker), so that a reload, a
// crash or loading the same file again finds the decisions where they were left. Nothing is sent
// anywhere. Every decision is written as it is made (one small put).
//
// Record: {key, name, decisions: {[row]: {decision, newLabel?}}, current: rank, updated: ms}

const DB = 'labelcheck-review';
const STORE = 'reviews';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let db = null;
const database = () => (db ??= open());

function run(mode, fn) {
  return database().then((d) => new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req?.result ?? null);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
}

/** The stored review of `key`, or null. */
export function loadReview(key) {
  return run('readonly', (s) => s.get(key)).then((r) => r ?? null);
}

/** Stores (replaces) a review record. */
export function saveReview(record) {
  return run('readwrite', (s) => s.put({ ...record, updated: Date.now() }));
}

/** Forgets the review of `key` (the "start over" button). */
export function deleteReview(key) {
  return run('readwrite', (s) => s.delete(key));
}
