// The middle of the pipeline: a first look at a CSV (types, the label guess and why), the check,
// then the file annotated byte for byte. Run: node examples/node/preview-and-annotate.mjs [file.csv]
import { readFileSync } from 'node:fs';
import { init, previewCsv, checkLabels, annotateCsv } from 'labelcheck';

await init();
const bytes = readFileSync(process.argv[2] ?? new URL('../data/iris.noisy.csv', import.meta.url));

const p = previewCsv(bytes); // the first MiB at most
for (const c of p.columns) console.log(`${c.name}: ${c.kind} (${c.why})`);
console.log(`label: ${p.guess.labelName} (${p.guess.labelReasons.join('; ')})`);

const r = checkLabels(bytes); // no label named: the same guess, on the whole file
console.log(`${r.issues.length} of ${r.rowCount} rows flagged in column "${r.labelColumn.name}"`);

const annotated = new TextDecoder().decode(annotateCsv(bytes, r)); // every original byte kept
console.log(annotated.split('\n')[0]);
