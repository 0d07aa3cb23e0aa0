// Stands in, in the bundles, for modules dockerode loads but Podman Workbench never uses:
// @grpc/grpc-js, @grpc/proto-loader and protobufjs (Docker BuildKit sessions), tar-fs and
// @balena/dockerignore (dockerode's own directory builds; ours stream a tar to libpod's build
// endpoint). Any use fails loudly instead of silently.
'use strict';
module.exports = new Proxy(
  {},
  {
    get(_target, prop) {
      if (prop === '__esModule' || typeof prop === 'symbol') return undefined;
      throw new Error(`${String(prop)}: this part of dockerode is not bundled in Podman Workbench`);
    },
  },
);
