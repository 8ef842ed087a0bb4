// require('labelcheck') from CommonJS in Node (package.json "node" + "require" conditions): the
// ES module node.js, or a message saying how to load it on a Node that cannot (require-esm.cjs).
'use strict';
module.exports = require('./require-esm.cjs').requireEsm(() => require('./node.js'), 'labelcheck');
