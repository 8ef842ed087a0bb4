// The fixture's own checker, compare.py --strict, against scripts/cleanlab-contract.mjs
// (the batch protocol, public API only). Exit code 0 = every call passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, fixturesDir, flavour } from './helpers/setup.js';

test(`compare.py --strict passes with the JS contract command (${flavour} build)`, { timeout: 900_000 }, () => {
  const r = spawnSync('python3', [path.join(fixturesDir, 'compare.py'), fixturesDir,
    '--cmd', 'node scripts/cleanlab-contract.mjs', '--protocol', 'batch', '--jobs', '2', '--strict'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, LABELCHECK_FLAVOUR: flavour } });
  assert.equal(r.error, undefined);
  const summary = r.stdout.split('\n').filter((l) => /^(TOTAL|\[)/.test(l)).join('\n');
  assert.equal(r.status, 0, `compare.py exited ${r.status}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`);
  assert.match(summary, /^TOTAL\s+(\d+)\s+\1\s/m, `not every call passed:\n${summary}`);
  assert.match(r.stdout, /\bcrash\b/); // the table header; crashes would have failed --strict
});
