// Vite needs no setting for labelcheck: it finds the .wasm (new URL(…, import.meta.url)) and the
// workers (new Worker(new URL(…), { type: 'module' })) in the package, and emits them.
import { runDemo } from '../demo.js';

runDemo();
