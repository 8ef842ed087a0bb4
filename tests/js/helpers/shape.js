// Compares a real value with a type declared in index.d.ts, key by key, recursively: a key the
// value has and the type does not declare (or the reverse, for required keys) is a mismatch, as
// is a value of the wrong kind (a number[][] where a {data, rows, cols} Matrix is declared).
// Also lists every key path a type declares, so that a test can require each to have been seen
// in some real value (an optional key declared but never produced is then caught too).
import { ts, checked } from './declarations.js';

const typedArrays = new Set(['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Uint8Array', 'Int8Array',
  'Uint16Array', 'Int16Array', 'Uint8ClampedArray', 'BigInt64Array', 'BigUint64Array']);

function isNullish(t) {
  return (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;
}

// A declared type, classified once: {kind, ...} with kind one of
// null | number | string | boolean | literal | typed | array | object | union | any.
function classify(checker, t) {
  if (t.flags & ts.TypeFlags.Any || t.flags & ts.TypeFlags.Unknown) return { kind: 'any' };
  if (t.isUnion()) {
    const members = t.types.filter((m) => !isNullish(m));
    const nullable = members.length !== t.types.length;
    // boolean is the union true | false
    if (members.every((m) => m.flags & ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean', nullable };
    if (members.every((m) => m.isStringLiteral())) return { kind: 'literal', values: members.map((m) => m.value), nullable };
    if (members.length === 1) return { ...classify(checker, members[0]), nullable };
    return { kind: 'union', members, nullable };
  }
  if (isNullish(t)) return { kind: 'null' };
  if (t.flags & ts.TypeFlags.NumberLike) return { kind: 'number' };
  if (t.isStringLiteral()) return { kind: 'literal', values: [t.value] };
  if (t.flags & ts.TypeFlags.StringLike) return { kind: 'string' };
  if (t.flags & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
  const name = t.getSymbol()?.getName();
  if (typedArrays.has(name)) return { kind: 'typed', name };
  if (checker.isArrayType(t) || checker.isTupleType(t)) return { kind: 'array', element: checker.getTypeArguments(t)[0] };
  return { kind: 'object', type: t };
}

function properties(checker, t) {
  return checker.getPropertiesOfType(t).map((p) => {
    let type = checker.getTypeOfSymbol(p);
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional) type = checker.getNonNullableType(type);
    return { name: p.getName(), type, optional };
  });
}

/** Mismatches between `value` and declared type `t`, as messages naming the key path; `seen` collects paths. */
export function compareShape(value, t, path = '', seen = new Set(), errors = []) {
  const { checker } = checked();
  const c = classify(checker, t);
  seen.add(path);
  if (value === null || value === undefined) {
    if (!(c.nullable || c.kind === 'null' || c.kind === 'any')) errors.push(`${path || '(result)'}: ${value} where ${checker.typeToString(t)} is declared`);
    return errors;
  }
  const wrong = (what) => errors.push(`${path || '(result)'}: ${what} where ${checker.typeToString(t)} is declared`);
  switch (c.kind) {
    case 'any': break;
    case 'null': wrong(typeof value); break;
    case 'number': if (typeof value !== 'number') wrong(describe(value)); break;
    case 'string': if (typeof value !== 'string') wrong(describe(value)); break;
    case 'boolean': if (typeof value !== 'boolean') wrong(describe(value)); break;
    case 'literal': if (!c.values.includes(value)) wrong(JSON.stringify(value)); break;
    case 'typed': if (!(value instanceof globalThis[c.name])) wrong(describe(value)); break;
    case 'array':
      if (!Array.isArray(value)) wrong(describe(value));
      else for (const item of value) compareShape(item, c.element, `${path}[]`, seen, errors);
      break;
    case 'union': {
      // The member whose comparison finds nothing wrong; else report against the first.
      const attempts = c.members.map((m) => compareShape(value, m, path, new Set(), []));
      const fit = attempts.findIndex((e) => e.length === 0);
      compareShape(value, c.members[fit === -1 ? 0 : fit], path, seen, errors);
      break;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
        wrong(describe(value));
        break;
      }
      const props = properties(checker, c.type);
      const declared = new Set(props.map((p) => p.name));
      for (const key of Object.keys(value))
        if (!declared.has(key)) errors.push(`${path}.${key}: a key the result has and the type does not declare`);
      for (const p of props) {
        if (!(p.name in value)) {
          if (!p.optional) errors.push(`${path}.${p.name}: declared, missing from the result`);
          continue;
        }
        compareShape(value[p.name], p.type, `${path}.${p.name}`, seen, errors);
      }
      break;
    }
    default: wrong('?');
  }
  return errors;
}

function describe(v) {
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return `a ${typeof v}`;
}

/** Every key path declared by `t` (the paths compareShape marks as seen), to `depth` levels. */
export function declaredPaths(t, path = '', out = new Set(), depth = 8) {
  const { checker } = checked();
  out.add(path);
  if (depth === 0) return out;
  const c = classify(checker, t);
  if (c.kind === 'array') declaredPaths(c.element, `${path}[]`, out, depth - 1);
  else if (c.kind === 'union') for (const m of c.members) declaredPaths(m, path, out, depth);
  else if (c.kind === 'object')
    for (const p of properties(checker, c.type)) declaredPaths(p.type, `${path}.${p.name}`, out, depth - 1);
  return out;
}
