// Stands in, in the bundles, for the readable-stream package (docker-modem's Duplex for
// hijacked exec and attach streams): it is a copy of Node's own streams, so Node's are used.
'use strict';
module.exports = require('node:stream');
