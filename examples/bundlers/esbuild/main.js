// The app's code is the same as with Vite; what esbuild needs is in build.mjs.
import { runDemo } from '../demo.js';

runDemo();
