// Marshalling: the public functions' JavaScript arguments turned into the typed arrays the
// bindings read (labels, predProbs, masks, count matrices, CSV bytes), copied into the WASM heap
// in one bulk set each.
// Shapes are checked here (they decide how the arrays are read); values are checked in C++.
import { LabelcheckError } from './errors.js';

/** Bytes as MiB, for messages. */
export const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);

// How the labels and probabilities are copied in (must match bindings/marshal.hpp).
const LABELS_INT32 = 0;
const LABELS_FLOAT64 = 1;
const PROBS_FLOAT64 = 0;
const PROBS_FLOAT32 = 1;

export function isNumericTypedArray(a) {
  return ArrayBuffer.isView(a) && !(a instanceof DataView);
}

// {kind, data: Int32Array | Float64Array, n}. Values are checked in C++ (labelsFromNumbers).
export function toLabels(fn, labels) {
  if (labels instanceof Int32Array) return { kind: LABELS_INT32, data: labels, n: labels.length };
  if (isNumericTypedArray(labels)) {
    const data = new Float64Array(labels.length);
    for (let i = 0; i < labels.length; i++) data[i] = Number(labels[i]);
    return { kind: LABELS_FLOAT64, data, n: labels.length };
  }
  if (Array.isArray(labels)) {
    const data = new Float64Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i];
      if (typeof v === 'number') data[i] = v;
      else if (typeof v === 'bigint') data[i] = Number(v);
      else {
        const shown = typeof v === 'string' ? `the string '${v.length > 40 ? v.slice(0, 40) + '…' : v}'` : String(v);
        throw new LabelcheckError('LABEL_NOT_INTEGER',
          `${fn}: labels must be class indices 0..K-1; row ${i} is ${shown} (encode class names as integers first)`,
          { row: i });
      }
    }
    return { kind: LABELS_FLOAT64, data, n: labels.length };
  }
  throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: labels must be an Int32Array, another typed array or an array of numbers`);
}

// A plain array's values must be numbers: a string ('0.9') would otherwise be converted where a
// string label is refused, and a typo ('0,9') would become NaN far from where it was written.
function checkNumbers(fn, what, values, row) {
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (typeof v === 'number') continue;
    const shown = typeof v === 'string' ? `the string '${v.length > 40 ? v.slice(0, 40) + '…' : v}'` : String(v);
    const where = row === undefined ? `value ${j}` : `row ${row}, column ${j}`;
    throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: ${what} must hold numbers; ${where} is ${shown}`,
      row === undefined ? {} : { row });
  }
}

function probsKindOf(data) {
  return data instanceof Float32Array ? PROBS_FLOAT32 : PROBS_FLOAT64;
}

// {kind, data: Float64Array | Float32Array, rows, cols}, row-major.
export function toPredProbs(fn, predProbs, numClasses, n) {
  const shape = (msg) => new LabelcheckError('SHAPE_MISMATCH', `${fn}: ${msg}`);
  if (predProbs instanceof Float64Array || predProbs instanceof Float32Array) {
    let cols = numClasses;
    if (cols === null) {
      if (n === 0) cols = 0;
      else if (predProbs.length % n === 0) cols = predProbs.length / n;
      else throw shape(`pred_probs has ${predProbs.length} values, not a multiple of the ${n} labels; pass { numClasses }`);
    }
    if (cols === 0 ? predProbs.length !== 0 : predProbs.length % cols !== 0)
      throw shape(`pred_probs has ${predProbs.length} values, not a multiple of numClasses = ${cols}`);
    return { kind: probsKindOf(predProbs), data: predProbs, rows: cols === 0 ? n : predProbs.length / cols, cols };
  }
  if (Array.isArray(predProbs)) {
    const rows = predProbs.length;
    if (rows === 0) return { kind: PROBS_FLOAT64, data: new Float64Array(0), rows: 0, cols: numClasses ?? 0 };
    const first = predProbs[0];
    if (!(Array.isArray(first) || isNumericTypedArray(first)))
      throw new LabelcheckError('INVALID_ARGUMENT',
        `${fn}: pred_probs given as an array must hold rows (arrays of K numbers); for a flat array use a Float64Array or { data, rows, cols }`);
    const cols = first.length;
    if (numClasses !== null && numClasses !== cols)
      throw shape(`pred_probs rows have ${cols} columns but numClasses is ${numClasses}`);
    const f32 = predProbs.every((r) => r instanceof Float32Array);
    const data = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const r = predProbs[i];
      if (!(Array.isArray(r) || isNumericTypedArray(r)) || r.length !== cols)
        throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: pred_probs row ${i} has ${r?.length} values; row 0 has ${cols}`, { row: i });
      if (Array.isArray(r)) checkNumbers(fn, 'pred_probs', r, i);
      data.set(r, i * cols);
    }
    return { kind: f32 ? PROBS_FLOAT32 : PROBS_FLOAT64, data, rows, cols };
  }
  if (predProbs !== null && typeof predProbs === 'object' && 'data' in predProbs) {
    const { rows, cols } = predProbs;
    let { data } = predProbs;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0)
      throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: pred_probs.rows and pred_probs.cols must be non-negative integers`);
    if (Array.isArray(data)) {
      checkNumbers(fn, 'pred_probs.data', data);
      data = Float64Array.from(data);
    }
    if (!(data instanceof Float64Array || data instanceof Float32Array))
      throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: pred_probs.data must be a Float64Array, Float32Array or array of numbers`);
    if (data.length !== rows * cols)
      throw shape(`pred_probs.data has ${data.length} values but rows x cols = ${rows} x ${cols} = ${rows * cols}`);
    if (numClasses !== null && numClasses !== cols)
      throw shape(`pred_probs has ${cols} columns but numClasses is ${numClasses}`);
    return { kind: probsKindOf(data), data, rows, cols };
  }
  throw new LabelcheckError('INVALID_ARGUMENT',
    `${fn}: pred_probs must be { data, rows, cols }, a Float64Array/Float32Array (row-major) or an array of rows`);
}

// Copies `typed` into a fresh heap block of instance `m` (recorded in `blocks`, which the caller
// frees); returns its byte address. `maxMemory`: the instance's limit, for the message.
export function copyIn(m, typed, blocks, fn, maxMemory) {
  const bytes = typed.byteLength;
  const p = m._malloc(Math.max(bytes, 8)) >>> 0;
  if (p === 0)
    throw new LabelcheckError('OUT_OF_MEMORY',
      `${fn}: not enough memory to copy ${(bytes / 1e6).toFixed(1)} MB into the WebAssembly memory (limit ${mib(maxMemory)} MiB, 2 GiB per array)`);
  blocks.push(p);
  // Read the HEAP* view after _malloc: growing the memory replaces it.
  if (typed instanceof Float64Array) m.HEAPF64.set(typed, p >>> 3);
  else if (typed instanceof Float32Array) m.HEAPF32.set(typed, p >>> 2);
  else if (typed instanceof Int32Array) m.HEAP32.set(typed, p >>> 2);
  else m.HEAPU8.set(typed, p);
  return p;
}

export function toMask(fn, mask) {
  if (mask instanceof Uint8Array) return mask;
  if (Array.isArray(mask) || isNumericTypedArray(mask)) {
    const out = new Uint8Array(mask.length);
    for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 1 : 0;
    return out;
  }
  if (mask !== null && typeof mask === 'object' && mask.isLabelIssue instanceof Uint8Array) return mask.isLabelIssue;
  throw new LabelcheckError('INVALID_ARGUMENT',
    `${fn}: labelIssuesMask must be a Uint8Array or boolean array of N entries (or a findLabelIssues result)`);
}

// A K x K matrix of counts from {data, rows, cols} or an array of rows, as float64 for the binding.
export function toCountMatrix(fn, cj) {
  if (Array.isArray(cj)) {
    const rows = cj.length;
    const cols = rows ? cj[0]?.length ?? 0 : 0;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      if (!(Array.isArray(cj[i]) || isNumericTypedArray(cj[i])) || cj[i].length !== cols)
        throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: confidentJoint must be square (K x K)`, { row: i });
      if (Array.isArray(cj[i])) checkNumbers(fn, 'confidentJoint', cj[i], i);
      data.set(cj[i], i * cols);
    }
    return { data, rows, cols };
  }
  if (cj !== null && typeof cj === 'object' && (isNumericTypedArray(cj.data) || Array.isArray(cj.data))) {
    const { rows, cols } = cj;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || cj.data.length !== rows * cols)
      throw new LabelcheckError('SHAPE_MISMATCH', `${fn}: confidentJoint.data must hold rows x cols values`);
    if (Array.isArray(cj.data)) checkNumbers(fn, 'confidentJoint.data', cj.data);
    return { data: Float64Array.from(cj.data), rows, cols };
  }
  throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: confidentJoint must be { data, rows, cols } or an array of rows`);
}

let utf8Encoder = null;

// The input as bytes: strings are encoded as UTF-8 (rowSpans then count those bytes).
export function toBytes(fn, input) {
  if (typeof input === 'string') return (utf8Encoder ??= new TextEncoder()).encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer))
    return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new LabelcheckError('INVALID_ARGUMENT', `${fn}: the input must be CSV text (a string) or its bytes (Uint8Array or ArrayBuffer)`);
}
