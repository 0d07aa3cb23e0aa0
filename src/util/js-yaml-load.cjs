// The parts of js-yaml the YAML parsers use (load, the failsafe and core schemas, the merge-key
// type), without its dumper: esbuild maps `js-yaml` here (the package's own entry pulls in everything).
'use strict';
const loader = require('../../node_modules/js-yaml/lib/loader.js');
const FAILSAFE_SCHEMA = require('../../node_modules/js-yaml/lib/schema/failsafe.js');
const CORE_SCHEMA = require('../../node_modules/js-yaml/lib/schema/core.js');
const merge = require('../../node_modules/js-yaml/lib/type/merge.js');
module.exports = { load: loader.load, loadAll: loader.loadAll, FAILSAFE_SCHEMA, CORE_SCHEMA, types: { merge } };
