// The hand-written index.d.ts / worker.d.ts: helpers/types-check.ts must compile under --strict
// with Node16 and bundler resolution (the @ts-expect-error lines in it must stay errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { root } from './helpers/setup.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const [module, resolution] of [['node16', 'node16'], ['esnext', 'bundler']]) {
  test(`index.d.ts type-checks (${module}/${resolution})`, () => {
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', module, '--moduleResolution', resolution,
      '--target', 'es2022', '--types', 'node', 'tests/js/helpers/types-check.ts'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}
