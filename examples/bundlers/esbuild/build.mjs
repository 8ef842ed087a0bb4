// esbuild bundles labelcheck but does not follow `new URL('…', import.meta.url)`: it emits
// neither the .wasm nor the workers' scripts, and the bundle looks for them next to itself. So
// they are entry points here, named as the package names them:
//   dist/main.js  dist/worker-thread.js  dist/cv-thread.js  dist/wasm/labelcheck.wasm
// (and the page, dist/index.html). Run: node build.mjs   (from this folder, or any). The same
// as a command line is in the README ("Using labelcheck with a bundler").
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

export const options = {
  absWorkingDir: fileURLToPath(new URL('.', import.meta.url)),
  entryPoints: {
    main: 'main.js',
    'worker-thread': 'labelcheck/worker-thread',     // the thread of 'labelcheck/worker'
    'cv-thread': 'labelcheck/cv-thread',             // its cross-validation helpers
    'wasm/labelcheck': 'labelcheck/wasm/labelcheck.wasm',
    index: 'index.html',
  },
  loader: { '.wasm': 'copy', '.html': 'copy' },
  bundle: true,
  format: 'esm',   // the package's code uses import.meta.url; the workers are module workers
  minify: true,
  outdir: 'dist',
  logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await esbuild.build(options);
