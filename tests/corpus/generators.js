// Generated corpus inputs (too big or too binary to keep as files). Each generator returns the
// file's bytes; tests/cpp/test_corpus.cpp implements the same generators byte for byte (a test
// there compares their sizes and checksums with the `size`/`fnv1a` listed in cases.json).
//
//   import { generate } from './generators.js';
//   const bytes = generate('wide-10000');   // Buffer

const BASE = [
  ['1.0', '2.1', 'a'], ['1.2', '1.9', 'a'], ['0.9', '2.2', 'a'], ['1.1', '2.0', 'a'],
  ['3.0', '4.1', 'b'], ['3.2', '3.9', 'b'], ['2.9', '4.2', 'b'], ['3.1', '4.0', 'b'],
];

// xorshift32 bytes, seed 2463534242.
function garbage(n) {
  const out = Buffer.alloc(n);
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const generators = {
  // 64 KiB of pseudo-random bytes.
  'binary-garbage': () => garbage(65536),
  // The same bytes with every NUL replaced by 0x01 (the control-character rule must catch it).
  'binary-no-nul': () => garbage(65536).map((b) => (b === 0 ? 1 : b)),
  // A 1 MiB (1,048,576-byte) text field in row 1, quoted, with commas and newlines inside.
  'field-1mb': () => {
    const unit = 'lorem ipsum, dolor\nsit amet ';  // 28 bytes
    let big = unit.repeat(Math.ceil(1048576 / unit.length)).slice(0, 1048576);
    const rows = ['x,note,label'];
    BASE.forEach(([x, , l], i) => rows.push(`${x},${i === 0 ? `"${big}"` : `short note number ${i} for this row`},${l}`));
    return Buffer.from(rows.join('\n') + '\n');
  },
  // 10,000 columns: c1..c9999 (numeric) and label; 8 rows.
  'wide-10000': () => {
    const names = [];
    for (let j = 1; j < 10000; j++) names.push(`c${j}`);
    const rows = [[...names, 'label'].join(',')];
    const tenths = [10, 12, 9, 11, 30, 32, 29, 31];  // x of BASE, times 10
    BASE.forEach(([, , l], i) => {
      const v = [];
      for (let j = 1; j < 10000; j++) {
        const t = tenths[i] + ((i * 7 + j) % 5);
        v.push(`${Math.floor(t / 10)}.${t % 10}`);
      }
      rows.push([...v, l].join(','));
    });
    return Buffer.from(rows.join('\n') + '\n');
  },
  // 250 classes k0..k249, 3 rows each, x = class number (+ 0, 0.1, 0.2), y = noise.
  'classes-250': () => {
    const rows = ['x,y,label'];
    for (let r = 0; r < 3; r++) for (let k = 0; k < 250; k++) rows.push(`${k}.${r},${(k * 7 + r) % 11},k${k}`);
    return Buffer.from(rows.join('\n') + '\n');
  },
  // 1,001 classes c0..c1000, 2 rows each (x = class number): one class over the limit.
  'classes-1001': () => {
    const rows = ['x,label'];
    for (let r = 0; r < 2; r++) for (let k = 0; k <= 1000; k++) rows.push(`${k}.${r},c${k}`);
    return Buffer.from(rows.join('\n') + '\n');
  },
  // 70 text columns (2^14 hashed features each: over the 2^20 feature limit), 8 rows.
  'text-columns-70': () => {
    const names = [];
    for (let j = 0; j < 70; j++) names.push(`t${j}`);
    const rows = [[...names, 'label'].join(',')];
    BASE.forEach(([, , l], i) => {
      const v = [];
      for (let j = 0; j < 70; j++) v.push(`word${i} other${j} a longer piece of free text here`);
      rows.push([...v, l].join(','));
    });
    return Buffer.from(rows.join('\n') + '\n');
  },
};

export const generatorNames = Object.keys(generators);

export function generate(name) {
  const g = generators[name];
  if (!g) throw new Error(`unknown corpus generator '${name}'`);
  return g();
}

// 32-bit FNV-1a of bytes, as an unsigned number (cases.json records it for generated inputs).
export function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}
