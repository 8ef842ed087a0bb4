// The hand-written typings (js/index.d.ts, js/worker.d.ts) read with the TypeScript compiler API,
// so that tests can compare what the package really exports and returns with what is declared.
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './setup.js';

const ts = createRequire(import.meta.url)('typescript');

let program = null;

// One program for both files (worker.d.ts imports index.d.ts), made once per test process.
function checked() {
  if (program === null) {
    const files = ['index.d.ts', 'worker.d.ts'].map((f) => path.join(root, 'js', f));
    program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, types: [] });
  }
  return { program, checker: program.getTypeChecker() };
}

function moduleSymbol(file) {
  const { program: p, checker } = checked();
  const source = p.getSourceFile(path.join(root, 'js', file));
  if (!source) throw new Error(`js/${file} was not found`);
  return { checker, symbol: checker.getSymbolAtLocation(source) };
}

/**
 * The names of the values a declaration file exports (functions, consts, classes), as
 * `import * as m` sees them: own declarations and `export { x } from` re-exports of values, plus
 * everything of an `export * from`; never interfaces, types or `export type` re-exports.
 */
export function declaredValueExports(file) {
  const { checker, symbol } = moduleSymbol(file);
  return [...valueExportsOf(checker, symbol)].sort();
}

function valueExportsOf(checker, moduleSym) {
  const names = new Set();
  moduleSym.exports.forEach((s, name) => {
    if (name === '__export') return; // the `export *` declarations, handled below
    const declaration = s.declarations?.[0];
    if (s.flags & ts.SymbolFlags.Alias) {
      const typeOnly = declaration && (declaration.isTypeOnly || declaration.parent?.parent?.isTypeOnly);
      if (!typeOnly && checker.getAliasedSymbol(s).flags & ts.SymbolFlags.Value) names.add(name);
    } else if (s.flags & ts.SymbolFlags.Value) {
      names.add(name);
    }
  });
  for (const declaration of moduleSym.exports.get('__export')?.declarations ?? []) {
    if (declaration.isTypeOnly) continue;
    const target = checker.getSymbolAtLocation(declaration.moduleSpecifier);
    for (const name of valueExportsOf(checker, target)) names.add(name);
  }
  return names;
}

/** The declared type of export `name` of `file` (a function's type, a const's type). */
export function declaredExportType(file, name) {
  const { checker, symbol } = moduleSymbol(file);
  let s = checker.getExportsOfModule(symbol).find((e) => e.getName() === name);
  if (!s) throw new Error(`js/${file} does not export ${name}`);
  if (s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  return checker.getTypeOfSymbol(s);
}

/** The return type of exported function `name` of `file` (its one signature). */
export function declaredReturnType(file, name) {
  const { checker } = checked();
  const signatures = declaredExportType(file, name).getCallSignatures();
  if (signatures.length !== 1) throw new Error(`${name}: ${signatures.length} signatures; expected one`);
  return checker.getReturnTypeOfSignature(signatures[0]);
}

/** A declared interface or type alias of index.d.ts by name. */
export function declaredType(name) {
  const { checker, symbol } = moduleSymbol('index.d.ts');
  const s = checker.getExportsOfModule(symbol).find((e) => e.getName() === name);
  if (!s) throw new Error(`index.d.ts does not export the type ${name}`);
  return checker.getDeclaredTypeOfSymbol(s);
}

export { ts, checked };
