// Stands in, in the bundles, for the debug package (docker-modem's trace output, which is only
// printed when DEBUG=modem is set): the extension logs its Podman traffic to its own channel.
'use strict';
module.exports = function createDebug() {
  const log = function () {};
  log.enabled = false;
  log.extend = createDebug;
  return log;
};
