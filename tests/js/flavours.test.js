// The suite runs on both WebAssembly builds: `node --test tests/js/` uses the release build;
// this file runs every test file that loads the module again on the debug build (ASSERTIONS,
// SAFE_HEAP, STACK_OVERFLOW_CHECK), which catches memory errors the release build would
// silently survive. A new test file is included unless it is listed below with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { root, flavour } from './helpers/setup.js';

// Files that would test nothing more on the debug build, each with why.
const notOnDebug = {
  'cli.test.js': 'runs js/cli.js as child processes, and the CLI always loads the release build',
  'contract.test.js': 'compare.py sends the fixture calls through answerRequest (scripts/cleanlab-contract.mjs), ' +
    'which parity.test.js calls in-process with the same calls on the debug build; what this file adds, ' +
    'the batch protocol and compare.py, is JavaScript and Python (19 s on the debug build)',
  'examples.test.js': 'runs the examples as child processes, which load the release build (the package default)',
  'package.test.js': 'installs the packed tarball and already loads both flavours from it',
  'readme.test.js': 'compares two texts; loads no WebAssembly',
  'types.test.js': 'type-checks index.d.ts with tsc; loads no WebAssembly',
  'flavours.test.js': 'this file',
  'knn-vote.test.js': 'needs 52,000 rows (the smallest table past the exact neighbour search; about 10x slower on the debug ' +
    'build); the C++ behind it runs under the sanitizers natively (tests/cpp: the vote, the plan, the graph built anywhere)',
};
const dir = path.join(root, 'tests/js');
const files = readdirSync(dir).filter((f) => f.endsWith('.test.js') && !(f in notOnDebug)).sort();

test('every file left out of the debug run exists (the list above stays true)', () => {
  for (const f of Object.keys(notOnDebug)) assert.ok(readdirSync(dir).includes(f), `${f} is gone: drop it from notOnDebug`);
  assert.ok(files.length >= 8, `only ${files.length} files on the debug build`);
});

// (When the whole suite is already running on the debug build there is nothing to add.)
if (flavour === 'release') test('the JS suite passes on the debug WebAssembly build', { timeout: 1_800_000 }, () => {
  // NODE_TEST_CONTEXT would make the nested runner report to this one instead of printing TAP.
  const env = { ...process.env, LABELCHECK_FLAVOUR: 'debug' };
  delete env.NODE_TEST_CONTEXT;
  // The files run in parallel, one per core (node --test's default leaves one core idle); the
  // outer runner waits on this file meanwhile.
  const concurrency = Math.max(2, availableParallelism());
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', `--test-concurrency=${concurrency}`,
    ...files.map((f) => `tests/js/${f}`)], { cwd: root, encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const summary = r.stdout.split('\n').filter((l) => /^# (tests|pass|fail|skipped|duration_ms)/.test(l)).join('\n');
  console.log(`debug build: ${files.join(', ')}\n${summary}`);
  assert.equal(r.status, 0, `${r.stdout.split('\n').filter((l) => /^\s*not ok|error:/.test(l)).join('\n')}\n${summary}`);
  assert.match(summary, /^# fail 0$/m);
  assert.match(summary, /^# skipped 0$/m);
  assert.doesNotMatch(summary, /^# pass 0$/m);
});
