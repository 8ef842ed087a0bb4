// Small generated checks run by the worker while the page waits for a file, so that the first
// real check runs optimised code.
//
// Why: V8 runs WebAssembly in a baseline tier first and optimises a function only once it has run
// enough, compiling it in the background; a function called once with a long loop stays in the
// baseline tier for that whole call. A page's first check is such a fresh start, and when it keeps
// both cores busy (this worker and a helper) the background compilation gets little CPU. Measured in
// Node on 2 cores (bench/README.md): a 10,000-row check's first run took 1.8 s, after these checks
// 1.4-1.5 s; the 100,000-row file 1.9-2.0 -> 1.6-1.7 s on two threads. Helpers are made from the
// same compiled module and run the optimised code too.
//
// Six checks of 200 rows rather than one larger one: the functions run once per check (encoding,
// Confident Learning, the audit) need several calls, and each check takes about 0.1 s, so a file
// given meanwhile waits at most one of them (`stopped` is asked before each).

export const WARM_UP_CHECKS = 6;
export const WARM_UP_ROWS = 200;

/**
 * A CSV of `rows` rows, seeded: 6 numeric columns (one with missing cells), a categorical one and
 * a 4-class label, shaped like a real table (the classes differ in their means), so that every
 * model of `auto` and every check of the audit has work to do.
 */
export function warmUpCsv(rows, seed) {
  let s = seed >>> 0 || 1;
  const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const lines = ['a,b,c,d,e,f,kind,label'];
  for (let i = 0; i < rows; i++) {
    const c = i % 4;
    const cells = [];
    for (let j = 0; j < 6; j++) cells.push((rnd() * 2 + (j % 4 === c ? 1.5 : 0)).toFixed(3));
    if (rnd() < 0.05) cells[5] = '';
    cells.push(['red', 'green', 'blue'][(c + (rnd() < 0.3 ? 1 : 0)) % 3]);
    cells.push(`class${rnd() < 0.1 ? (c + 1) % 4 : c}`);
    lines.push(cells.join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/**
 * Runs up to `checks` generated checks with `checkLabels` (the package's, on this thread), each
 * after a turn of the event loop, and stops early once `stopped()` is true. Returns how many ran.
 * Their results are dropped; a check that fails ends the warm-up quietly (it only ever saves time).
 */
export async function warmUp(checkLabels, stopped, { checks = WARM_UP_CHECKS, rows = WARM_UP_ROWS } = {}) {
  let ran = 0;
  for (let i = 0; i < checks; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (stopped()) break;
    try {
      checkLabels(warmUpCsv(rows, i + 1), { label: 'label' });
    } catch {
      break;
    }
    ran++;
  }
  return ran;
}
