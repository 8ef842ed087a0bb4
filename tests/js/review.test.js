// applyReview (js/review.js) and `labelcheck apply`: a review of the flagged rows applied to the
// file's bytes. Expected outputs are written out by hand next to their inputs, so a wrong byte
// anywhere (a quote, a CRLF, the BOM, a line break inside a field) fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { api, root } from './helpers/setup.js';

const lc = await api();
const dec = new TextDecoder('utf-8', { ignoreBOM: true }); // the BOM is part of what is compared
const text = (bytes) => dec.decode(bytes);
const BOM = '\ufeff';

// CRLF, a BOM, a quoted field holding a line break and a comma, doubled quotes, a blank line and
// no final line break.
const awkward = `${BOM}id,text,label\r\n1,"multi\r\nline, text",cat\r\n2,plain,dog\r\n\r\n3,"q ""x""",cat\r\n4,z,dog`;

test('relabel (to a name needing quotes), drop, keep: every other byte as it was', () => {
  const out = lc.applyReview(awkward, [
    { row: 0, decision: 'relabel', newLabel: 'big, "dog"', given: 'cat' },
    { row: 1, decision: 'drop', given: 'dog' },
    { row: 2, decision: 'keep', given: 'cat' },
    { row: 3, decision: 'drop', given: 'dog' }, // the last record, no line break after it
  ]);
  assert.equal(text(out), `${BOM}id,text,label\r\n1,"multi\r\nline, text","big, ""dog"""\r\n\r\n3,"q ""x""",cat\r\n`);
  assert.deepEqual([...out.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
});

test('nothing decided, or only keep/skip/unreviewed: the bytes unchanged (a copy)', () => {
  const bytes = new TextEncoder().encode(awkward);
  const out = lc.applyReview(bytes, [{ row: 1, decision: 'skip' }, { row: 2, decision: 'keep' }, { row: 0, decision: 'unreviewed' }]);
  assert.deepEqual(out, bytes);
  assert.notEqual(out.buffer, bytes.buffer);
  assert.deepEqual(lc.applyReview(bytes, []), bytes);
});

test('a row dropped in the middle of a quoted multi-line record takes the whole record', () => {
  const out = lc.applyReview('a,label\n"x\ny",p\nz,q\n', [{ row: 0, decision: 'drop' }], { label: 'label' });
  assert.equal(text(out), 'a,label\nz,q\n');
});

test('relabel and drop together: the drop finds its row after labels changed length', () => {
  const csv = 'a,label\n1,x\n2,y\n3,x\n4,y\n';
  const out = lc.applyReview(csv, [
    { row: 0, decision: 'relabel', newLabel: 'a much longer label' },
    { row: 2, decision: 'drop' },
    { row: 3, decision: 'relabel', newLabel: 'x' },
  ], { label: 1 });
  assert.equal(text(out), 'a,label\n1,a much longer label\n2,y\n4,x\n');
});

test('relabel and drop in one review equal the relabels, then the drops, each applied on its own', () => {
  // A shared dataset in CRLF without a final line break; seeded decisions, the last row dropped.
  const lf = readFileSync(path.resolve(root, '../shared/datasets/penguins.uniform10.csv'), 'latin1');
  const csv = Buffer.from(lf.replace(/\n/g, '\r\n').replace(/\r\n$/, ''), 'latin1');
  const rows = lc.previewCsv(csv, { maxBytes: null, maxRows: 0 }).rowCount;
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const decisions = [];
  for (let r = 0; r < rows; r++) {
    const u = r === rows - 1 ? 0 : rand();
    if (u < 0.08) decisions.push({ row: r, decision: 'drop' });
    else if (u < 0.16) decisions.push({ row: r, decision: 'relabel', newLabel: u < 0.12 ? `q "${r}", long` : 'A' });
  }
  const relabels = decisions.filter((d) => d.decision === 'relabel');
  const drops = decisions.filter((d) => d.decision === 'drop');
  assert.ok(relabels.length > 10 && drops.length > 10);
  const options = { label: 'species' };
  const both = lc.applyReview(csv, decisions, options);
  const stepwise = lc.applyReview(lc.applyReview(csv, relabels, options), drops, options);
  assert.ok(Buffer.from(both).equals(Buffer.from(stepwise)));
});

test('the label column: named, found from the given labels, or guessed', () => {
  // Two columns could be the label; only "b" holds the given labels of the decisions.
  const csv = 'a,b,label\nu,v,u\nv,u,u\nu,u,v\n';
  const d = [{ row: 0, decision: 'relabel', newLabel: 'w', given: 'v' }, { row: 1, decision: 'keep', given: 'u' }];
  assert.equal(text(lc.applyReview(csv, d)), 'a,b,label\nu,w,u\nv,u,u\nu,u,v\n');
  assert.equal(text(lc.applyReview(csv, [{ row: 2, decision: 'relabel', newLabel: 'w' }])), 'a,b,label\nu,v,u\nv,u,u\nu,u,w\n');
  assert.equal(text(lc.applyReview(csv, [{ row: 2, decision: 'relabel', newLabel: 'w' }], { label: 'a' })), 'a,b,label\nu,v,u\nv,u,u\nw,u,v\n');
});

test('given labels match the cells as the reader reads them: spaces around, numbers as numbers', () => {
  // The page's log writes class names ("cat", "1"), not the cells' bytes (" cat", "1.0").
  const spaced = 'x, label\n1, cat\n2, dog\n';
  assert.equal(text(lc.applyReview(spaced, [{ row: 0, decision: 'relabel', newLabel: 'dog', given: 'cat' }])), 'x, label\n1,dog\n2, dog\n');
  const floats = 'x,label\n1,1.0\n2,0.0\n';
  assert.equal(text(lc.applyReview(floats, [{ row: 1, decision: 'relabel', newLabel: '1', given: '0' }])), 'x,label\n1,1.0\n2,1\n');
  // A decimal comma is read where the delimiter is not a comma.
  const comma = 'x;label\n1;1,5\n2;2,5\n';
  assert.equal(text(lc.applyReview(comma, [{ row: 0, decision: 'relabel', newLabel: '2,5', given: '1.5' }])), 'x;label\n1;2,5\n2;2,5\n');
  // Not the same class: a number is not its text's prefix, and text is compared as text.
  assert.throws(() => lc.applyReview(floats, [{ row: 0, decision: 'drop', given: '1.5' }]), /the review does not fit this file/);
  assert.throws(() => lc.applyReview(spaced, [{ row: 0, decision: 'drop', given: 'Cat' }]), /the review does not fit this file/);
});

test('a named label column must hold the given labels: a review never rewrites another column', () => {
  const csv = 'x,label\n1.5,cat\n2.5,dog\n';
  assert.throws(() => lc.applyReview(csv, [{ row: 0, decision: 'relabel', newLabel: 'dog', given: 'cat' }], { label: 'x' }),
    { code: 'INVALID_ARGUMENT', row: 0, message: /row 0: the review gives its label as 'cat' but column 'x' holds '1.5'/ });
  assert.equal(text(lc.applyReview(csv, [{ row: 0, decision: 'relabel', newLabel: 'dog', given: 'cat' }], { label: 1 })), 'x,label\n1.5,dog\n2.5,dog\n');
});

test('bad reviews are refused with what is wrong', () => {
  const csv = 'a,label\n1,x\n2,y\n';
  const refuses = (decisions, message, options) => assert.throws(() => lc.applyReview(csv, decisions, options), { code: 'INVALID_ARGUMENT', message });
  refuses([{ row: 5, decision: 'drop' }], /no data row 5 \(the file has 2\)/);
  refuses([{ row: '1', decision: 'drop' }], /'row' must be a 0-based row number \(a whole number\); got '1' \(a string\)/);
  refuses([{ row: 0.5, decision: 'drop' }], /'row' must be a 0-based row number \(a whole number\); got 0.5/);
  refuses([{ row: 0, decision: 'delete' }], /decision must be one of keep, relabel, drop, skip, unreviewed; got 'delete'/);
  refuses([{ row: 0, decision: 'relabel' }], /row 0: a relabel needs a non-empty newLabel/);
  refuses([{ row: 0, decision: 'drop' }, { row: 0, decision: 'keep' }], /row 0 is decided twice/);
  refuses([{ row: 0, decision: 'drop', given: 'nope' }], /the review does not fit this file/);
  refuses('line,row\n2,0\n', /the review log has no column 'decision', 'new_label'/);
  refuses({}, /decisions must be an array/);
  refuses([], /unknown option 'colum'/, { colum: 1 });
  assert.throws(() => lc.applyReview(csv, [], { label: 'missing' }), { code: 'COLUMN_NOT_FOUND' });
});

// The page's review log: line,row,given,decision,new_label,label_quality (web/review-log.js).
const log = [
  'line,row,given,decision,new_label,label_quality',
  '2,0,cat,relabel,"big, ""dog""",0.012',
  '3,1,dog,drop,,0.2',
  '6,2,cat,unreviewed,,0.3',
  '7,3,dog,keep,,0.4',
].join('\r\n') + '\r\n';

test('a review log (CSV, read by the package) applies like the decisions it lists', () => {
  const out = lc.applyReview(awkward, log);
  assert.equal(text(out), `${BOM}id,text,label\r\n1,"multi\r\nline, text","big, ""dog"""\r\n\r\n3,"q ""x""",cat\r\n4,z,dog`);
});

test('labelcheck apply data.csv --review log.csv --out cleaned.csv replays a review', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'labelcheck-apply-'));
  try {
    const data = path.join(dir, 'data.csv');
    const logFile = path.join(dir, 'log.csv');
    const out = path.join(dir, 'cleaned.csv');
    writeFileSync(data, awkward);
    writeFileSync(logFile, log);
    const cli = (...args) => spawnSync(process.execPath, [path.join(root, 'js/cli.js'), 'apply', ...args], { encoding: 'utf8' });
    const r = cli(data, '--review', logFile, '--out', out);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readFileSync(out), Buffer.from(lc.applyReview(readFileSync(data), readFileSync(logFile))));
    assert.match(r.stderr, /wrote .*cleaned\.csv: 1 relabelled, 1 dropped, 1 kept/);
    // Without --out the cleaned file goes to stdout.
    const s = spawnSync(process.execPath, [path.join(root, 'js/cli.js'), 'apply', data, '--review', logFile]);
    assert.equal(s.status, 0);
    assert.deepEqual(s.stdout, readFileSync(out));
    // Errors: a missing --review is a usage error; a log of another file a data error.
    assert.equal(cli(data).status, 2);
    writeFileSync(logFile, 'line,row,given,decision,new_label,label_quality\n2,0,horse,drop,,0.1\n');
    const e = cli(data, '--review', logFile, '--out', out);
    assert.equal(e.status, 1);
    assert.match(e.stderr, /does not fit this file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
