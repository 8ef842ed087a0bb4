// The README's JavaScript example is examples/node/readme-example.mjs, which examples.test.js
// runs and checks; this test keeps the two texts identical so the README cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);

test('README JavaScript example is the tested example file, verbatim', async () => {
  const readme = await readFile(new URL('README.md', root), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 1, 'README has exactly one js block');
  const example = await readFile(new URL('examples/node/readme-example.mjs', root), 'utf8');
  assert.equal(blocks[0], example);
});

test('README quick start names the commands CI runs', async () => {
  const readme = await readFile(new URL('README.md', root), 'utf8');
  const ci = await readFile(new URL('.ci/run', root), 'utf8');
  assert.match(readme, /scripts\/dev start/);
  assert.match(readme, /scripts\/dev test/);
  assert.match(ci, /scripts\/dev test/);
});
