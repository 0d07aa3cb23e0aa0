// Stands in for @grpc/grpc-js, @grpc/proto-loader and protobufjs in the bundles: dockerode loads
// them for Docker BuildKit sessions, which Podman Workbench never uses (builds go through
// libpod's build endpoint). Any use fails loudly instead of silently.
'use strict';
module.exports = new Proxy(
  {},
  {
    get(_target, prop) {
      if (prop === '__esModule' || typeof prop === 'symbol') return undefined;
      throw new Error(`BuildKit support (${String(prop)}) is not bundled in Podman Workbench`);
    },
  },
);
