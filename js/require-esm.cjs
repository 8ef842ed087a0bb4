// require() of an ES module entry point, for CommonJS callers in Node: Node 20.19+ and 22.12+
// load ES modules with require() (labelcheck has no top-level await); older versions refuse with
// ERR_REQUIRE_ESM, and this says what to write instead.
'use strict';

/** `load` is () => require('./<entry>.js'), written at the call so that tools can follow it. */
exports.requireEsm = function requireEsm(load, name) {
  try {
    return load();
  } catch (e) {
    if (!e || e.code !== 'ERR_REQUIRE_ESM') throw e;
    throw new Error(`${name} is an ES module, which this Node (${process.version}) does not load with require() `
      + `(Node 20.19+ and 22.12+ do, by default). From CommonJS, load it with import(): `
      + `const { init, findLabelIssues } = await import('${name}');`, { cause: e });
  }
};
