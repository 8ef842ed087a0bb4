// The suite runs on both WebAssembly builds: `node --test tests/js/` uses the release build;
// this file runs the API-level test files again on the debug build (ASSERTIONS, SAFE_HEAP,
// STACK_OVERFLOW_CHECK), which catches memory errors the release build would silently survive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { root, flavour } from './helpers/setup.js';

const files = ['parity', 'contract', 'api', 'errors', 'worker', 'memory', 'out-of-memory'].map((f) => `tests/js/${f}.test.js`);

// (When the whole suite is already running on the debug build there is nothing to add.)
if (flavour === 'release') test('the JS suite passes on the debug WebAssembly build', { timeout: 1_800_000 }, () => {
  // NODE_TEST_CONTEXT would make the nested runner report to this one instead of printing TAP.
  const env = { ...process.env, LABELCHECK_FLAVOUR: 'debug' };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], { cwd: root, encoding: 'utf8', env });
  const summary = r.stdout.split('\n').filter((l) => /^# (tests|pass|fail|skipped)/.test(l)).join('\n');
  assert.equal(r.status, 0, `${r.stdout.split('\n').filter((l) => /^\s*not ok|error:/.test(l)).join('\n')}\n${summary}`);
  assert.match(summary, /^# fail 0$/m);
  assert.match(summary, /^# skipped 0$/m);
  assert.doesNotMatch(summary, /^# pass 0$/m);
});
