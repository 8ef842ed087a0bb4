// The comparison rules of ../shared/fixtures/cleanlab/README.md ("Comparison rules", "Ties"),
// a line-by-line port of compare.py's cmp_* and judge functions.
const SPECIAL = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

export function tolerance(dtype) {
  return dtype === 'float32' ? { rtol: 1e-6, atol: 1e-7 } : { rtol: 1e-9, atol: 1e-12 };
}

function close(a, b, tol) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= Math.max(tol.rtol * Math.max(Math.abs(a), Math.abs(b)), tol.atol);
}

const isNum = (x) => typeof x === 'number';
const asFloat = (x) => (typeof x === 'string' && x in SPECIAL ? SPECIAL[x] : isNum(x) ? x : null);
const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const show = (x) => JSON.stringify(x);

// Lists element by element, objects key by key (extra keys in `got` allowed), leaves by `leaf`.
function walk(exp, got, leaf, p) {
  if (Array.isArray(exp)) {
    if (!Array.isArray(got)) return `${p}: expected a list, got ${show(got)}`;
    if (exp.length !== got.length) return `${p}: expected length ${exp.length}, got ${got.length}`;
    for (let i = 0; i < exp.length; i++) {
      const r = walk(exp[i], got[i], leaf, `${p}[${i}]`);
      if (r) return r;
    }
    return null;
  }
  if (isObj(exp)) {
    if (!isObj(got)) return `${p}: expected an object`;
    for (const k of Object.keys(exp)) {
      if (!(k in got)) return `${p}: missing key ${k}`;
      const r = walk(exp[k], got[k], leaf, `${p}.${k}`);
      if (r) return r;
    }
    return null;
  }
  return leaf(exp, got, p);
}

function cmpExact(exp, got, p = '$') {
  return walk(exp, got, (e, g, q) => (e === g ? null : `${q}: expected ${show(e)}, got ${show(g)}`), p);
}

function cmpNumeric(exp, got, tol, p = '$') {
  return walk(exp, got, (e, g, q) => numericLeaf(e, g, tol, q), p);
}

function numericLeaf(exp, got, tol, p) {
  if (typeof exp === 'boolean' || exp === null) return got === exp ? null : `${p}: expected ${show(exp)}, got ${show(got)}`;
  // Counts and indices (integers) must be equal. JSON.parse cannot tell 2 from 2.0 (compare.py
  // can), so an integer-valued expectation compared with an integer must match exactly, and only
  // a non-integer answer gets the float tolerance. compare.py itself runs in contract.test.js.
  if (Number.isInteger(exp) && Number.isInteger(got)) return exp === got ? null : `${p}: expected ${exp}, got ${got}`;
  const fe = asFloat(exp);
  if (fe !== null) {
    const fg = asFloat(got);
    if (fg === null) return `${p}: expected number ${show(exp)}, got ${show(got)}`;
    return close(fe, fg, tol) ? null : `${p}: expected ${show(exp)}, got ${show(got)} (diff ${Math.abs(fe - fg)})`;
  }
  return exp === got ? null : `${p}: expected ${show(exp)}, got ${show(got)}`;
}

function cmpTable(exp, got, opts, tol, p = '$') {
  const { key: keyCols, sort_by: sortBy, ascending } = opts;
  if (!Array.isArray(got)) return `${p}: expected a list of rows`;
  if (exp.length !== got.length) return `${p}: expected ${exp.length} rows, got ${got.length}`;
  const key = (row) => keyCols.map((c) => row[c]).join(',');
  const expMap = new Map(exp.map((r) => [key(r), r]));
  const gotKeys = got.map(key);
  if (new Set(gotKeys).size !== gotKeys.length) return `${p}: duplicate rows`;
  for (const k of gotKeys) if (!expMap.has(k)) return `${p}: rows differ (key ${k})`;
  for (let i = 0; i < got.length; i++) {
    const r = cmpNumeric(expMap.get(gotKeys[i]), got[i], tol, `${p}[${i}]`);
    if (r) return r;
  }
  const vals = gotKeys.map((k) => asFloat(expMap.get(k)[sortBy]));
  for (let i = 0; i + 1 < vals.length; i++) {
    const [a, b] = [vals[i], vals[i + 1]];
    const bad = ascending ? a > b && !close(a, b, tol) : a < b && !close(a, b, tol);
    if (bad) return `${p}: row order not sorted by ${sortBy} at rows ${i},${i + 1}`;
  }
  return null;
}

function cmpSpec(exp, got, spec, tol, p = '$') {
  if (spec === 'exact') return cmpExact(exp, got, p);
  if (spec === 'numeric') return cmpNumeric(exp, got, tol, p);
  if (isObj(spec) && spec.table) return cmpTable(exp, got, spec.table, tol, p);
  if (isObj(spec) && spec.fields) {
    if (!isObj(got)) return `${p}: expected an object`;
    for (const [k, sub] of Object.entries(spec.fields)) {
      if (!(k in got)) return `${p}: missing key ${k}`;
      const r = cmpSpec(exp[k], got[k], sub, tol, `${p}.${k}`);
      if (r) return r;
    }
    return null;
  }
  throw new Error(`unknown compare spec ${show(spec)}`);
}

/** {status: 'pass' | 'pass_alt' | 'fail', detail} for one call record and one response. */
export function judge(rec, got, tol) {
  const exp = rec.expected;
  if (!isObj(got) || !('ok' in got)) return { status: 'fail', detail: `no valid response: ${show(got)}` };
  if (rec.reject_ok && got.ok === false) return { status: 'pass', detail: 'rejected (reject_ok)' };
  if (!exp.ok) {
    if (got.ok === false) return { status: 'pass', detail: '' };
    return { status: 'fail', detail: `cleanlab raised ${exp.error.type}; got ok=true` };
  }
  if (got.ok !== true) return { status: 'fail', detail: `expected a result, got error ${got.error?.type}: ${got.error?.message}` };
  const r = cmpSpec(exp.result, got.result, rec.compare, tol);
  if (r === null) return { status: 'pass', detail: '' };
  for (const alt of rec.alternatives ?? []) {
    if (alt.tie_break !== 'stable' || !alt.ok) continue;
    if (cmpSpec(alt.result, got.result, rec.compare, tol) === null) return { status: 'pass_alt', detail: '' };
  }
  return { status: 'fail', detail: r };
}

