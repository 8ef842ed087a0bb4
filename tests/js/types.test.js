// The hand-written index.d.ts / worker.d.ts: helpers/types-check.ts must compile under --strict
// with Node16 and bundler resolution (the @ts-expect-error lines in it must stay errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './helpers/setup.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const [module, resolution] of [['node16', 'node16'], ['esnext', 'bundler']]) {
  test(`index.d.ts type-checks (${module}/${resolution})`, () => {
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', module, '--moduleResolution', resolution,
      '--target', 'es2022', '--types', 'node', 'tests/js/helpers/types-check.ts'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}

// TypeScript's older resolution (node10, the default with "module": "commonjs") reads no
// "exports": the subpaths' types come from package.json's typesVersions. The package is reached
// as an installed one would be (node_modules/labelcheck, a link to this checkout).
test('index.d.ts and worker.d.ts resolve under node10 (commonjs) too', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'labelcheck-types-'));
  try {
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(root, path.join(dir, 'node_modules/labelcheck'), 'dir');
    symlinkSync(path.join(root, 'node_modules/@types'), path.join(dir, 'node_modules/@types'), 'dir');
    copyFileSync(path.join(root, 'tests/js/helpers/types-check.ts'), path.join(dir, 'types-check.ts'));
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'commonjs', '--moduleResolution', 'node10',
      '--target', 'es2022', '--types', 'node', 'types-check.ts'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
