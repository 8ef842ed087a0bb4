#!/usr/bin/env node
// `npm start`: the project's main job in one command.
//  1. builds the WebAssembly module if it is missing or older than its sources (npm run build),
//  2. runs the command-line checker on the bundled example (examples/data/iris.noisy.csv) and
//     prints its table of likely mislabeled rows,
//  3. serves the web page (scripts/serve.mjs) until Ctrl+C, if the page exists.
//
//   npm start                 # PORT=8080 by default
//   npm start -- --no-serve   # steps 1 and 2 only (--no-build: skip step 1)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const noServe = process.argv.includes('--no-serve');
const noBuild = process.argv.includes('--no-build');

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm start: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

// 1. Build (a no-op when js/wasm/ is up to date; the release flavour is all the CLI and page need).
if (!noBuild) run([path.join('scripts', 'build-wasm.mjs'), 'release'], 'building the WebAssembly module');

// 2. The CLI on the bundled example.
const example = path.join('examples', 'data', 'iris.noisy.csv');
console.log(`\n$ labelcheck ${example} --label species --top 10\n`);
run([path.join('js', 'cli.js'), example, '--label', 'species', '--top', '10'], 'the labelcheck command');

// 3. The page.
if (noServe) process.exit(0);
const serveScript = path.join(root, 'scripts', 'serve.mjs');
if (!existsSync(serveScript) || !existsSync(path.join(root, 'web', 'index.html'))) {
  console.log('\nThe web page is not in this checkout (scripts/serve.mjs and web/index.html are missing),');
  console.log('so there is nothing to serve. Check your own files with: node js/cli.js <file.csv> --label <column>');
  process.exit(0);
}
const { startServer } = await import(pathToFileURL(serveScript).href);
const { url } = await startServer();
console.log(`\nThe page: ${url}  (drop a CSV on it; everything runs in your browser. Ctrl+C stops.)`);
