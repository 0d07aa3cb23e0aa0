// Stands in, in the bundles, for docker-modem's SSH agent (Docker's `docker system dial-stdio`
// over ssh2), which docker-modem requires as it loads: the real one, and ssh2 with it, load only
// if it is called. Podman Workbench opens its own SSH links (src/podman/ssh), so it never is.
'use strict';
module.exports = function sshAgent(opt) {
  return require('docker-modem/lib/ssh.js')(opt);
};
