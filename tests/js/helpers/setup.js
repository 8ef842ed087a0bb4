// Shared by every test file: paths, the WASM flavour under test, and an initialised API.
// LABELCHECK_FLAVOUR=debug runs the suite on the debug build (ASSERTIONS, SAFE_HEAP);
// tests/js/flavours.test.js does that for the whole suite.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lc from 'labelcheck';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = path.resolve(root, '../shared/fixtures/cleanlab');
export const flavour = process.env.LABELCHECK_FLAVOUR === 'debug' ? 'debug' : 'release';

/** The public API, initialised with the flavour under test. */
export async function api() {
  await lc.init({ debug: flavour === 'debug' });
  return lc;
}
