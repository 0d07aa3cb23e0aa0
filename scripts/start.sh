#!/usr/bin/env bash
# Runs the product: installs what is missing, builds and packages the extension, and opens a
# real VS Code with it installed (your `code` if present, otherwise code-server on 127.0.0.1).
# Uses your Podman socket; where there is none, starts a sandboxed Podman with a demo pod.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent package
exec node scripts/start.mjs "$@"
