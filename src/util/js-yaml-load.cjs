// The parts of js-yaml the Kubernetes YAML parser uses (load and the failsafe schema), without
// its dumper: esbuild maps `js-yaml` here (the package's own entry pulls in everything).
'use strict';
const loader = require('../../node_modules/js-yaml/lib/loader.js');
const FAILSAFE_SCHEMA = require('../../node_modules/js-yaml/lib/schema/failsafe.js');
module.exports = { load: loader.load, loadAll: loader.loadAll, FAILSAFE_SCHEMA };
