// A stand-in `vscode` module for loading the bundles outside VS Code (the package check, the
// bundle-load benchmark): any name a bundle reads from it is a callable, constructible stand-in
// (esbuild's ESM wrapper copies the module onto an object whose prototype is the module's
// prototype). Required for its effect: `require('vscode')` then returns the stand-in.
'use strict';
const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) {
  return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest);
};
const deep = () =>
  new Proxy(function () {}, {
    get: (_t, k) => (k === Symbol.toPrimitive ? () => '' : deep()),
    apply: () => deep(),
    construct: () => deep(),
  });
const stub = Object.create(new Proxy({}, { get: (_t, k) => (k === 'then' ? undefined : deep()) }));
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
