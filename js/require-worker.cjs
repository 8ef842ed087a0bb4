// require('labelcheck/worker') from CommonJS in Node: the ES module worker-node.js, or a message
// saying how to load it on a Node that cannot (require-esm.cjs).
'use strict';
module.exports = require('./require-esm.cjs').requireEsm(() => require('./worker-node.js'), 'labelcheck/worker');
