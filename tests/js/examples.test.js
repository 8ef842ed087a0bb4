// The examples run: examples/node/readme-example.mjs (the README's snippet) prints what its
// comments say; find-issues.mjs finds the planted errors; minimal.html is a valid module page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers/setup.js';

const run = (file, ...args) => spawnSync(process.execPath, [file, ...args], { cwd: root, encoding: 'utf8' });

test('readme-example.mjs prints exactly what its comments promise', () => {
  const file = path.join(root, 'examples/node/readme-example.mjs');
  const promised = readFileSync(file, 'utf8').split('\n')
    .filter((l) => /^console\.log\(.*\); \/\/ /.test(l))
    .map((l) => l.slice(l.indexOf('); // ') + 6));
  assert.ok(promised.length >= 2);
  const r = run(file);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trimEnd().split('\n'), promised);
});

test('preview-and-annotate.mjs: types, the guess with its reasons, the check, the annotated header', () => {
  const r = run('examples/node/preview-and-annotate.mjs');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'sepal length (cm): numeric (all 150 non-missing values are numbers)');
  assert.match(lines[5], /^label: species \(named like a label \("species"\); last column; categorical; /);
  assert.match(lines[6], /^\d+ of 150 rows flagged in column "species"$/);
  assert.equal(lines[7], 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),species,is_label_issue,label_quality,suggested_label');
});

test('find-issues.mjs finds the four planted errors of the bundled CSV', () => {
  const r = run('examples/node/find-issues.mjs', 'examples/node/data/toy_pred_probs.csv');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /60 rows, 3 classes; 4 likely label issues/);
  const rows = r.stdout.split('\n').slice(2).filter(Boolean).map((l) => Number(l.trim().split(/\s+/)[0]));
  assert.deepEqual(rows.sort((a, b) => a - b), [7, 22, 41, 50]);
});

test('find-issues.mjs on MNIST (the default input) prints the top issues', () => {
  assert.ok(existsSync(path.resolve(root, '../shared/datasets/label-errors/mnist_test_pred_probs.csv')));
  const r = run('examples/node/find-issues.mjs', '--top', '3');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /10000 rows, 10 classes; \d+ likely label issues/);
  assert.equal(r.stdout.trimEnd().split('\n').length, 5);
});

test('minimal.html: a short module page that imports the package entry and the same API', () => {
  const html = readFileSync(path.join(root, 'examples/browser/minimal.html'), 'utf8');
  assert.ok(html.split('\n').length <= 25, 'about 20 lines');
  const script = html.match(/<script type="module">([\s\S]*?)<\/script>/)?.[1];
  assert.ok(script, 'one module script');
  const imported = script.match(/from '([^']+)'/)[1];
  const target = path.resolve(root, 'examples/browser', imported);
  assert.equal(target, path.join(root, 'js/index.js'));
  assert.ok(existsSync(target));
  assert.match(script, /await init\(\)/);
  for (const name of script.match(/import \{([^}]+)\}/)[1].split(',').map((s) => s.trim()))
    assert.match(readFileSync(target, 'utf8'), new RegExp(`\\b${name}\\b`), `${name} is exported by js/index.js`);
  // the script parses as a module (syntax check without a browser)
  assert.doesNotThrow(() => new Function(`return async () => {${script.replace(/^\s*import .*$/m, '')}}`));
});
