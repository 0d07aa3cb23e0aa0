#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing (scripts/setup.sh), then
# typecheck, lint, packaging, unit tests, integration tests against a real private Podman,
# and extension-host tests inside a real VS Code. Ends with `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=.test-work/results
rm -rf "$results"; mkdir -p "$results"

if ! bash scripts/setup.sh; then
  echo "setup failed: see the messages above"
  echo "0 passed, 1 failed"
  exit 1
fi
# Test fixtures from Debian's archives: Debian 13's and Debian unstable's Quadlet generators (compared with our preview)
# and the root filesystem of the Podman this machine lacks (the client is tested against 4.3 and
# 5.x: Debian 13's on Debian 12, Debian 12's on Debian 13).
bash scripts/get-quadlet-generator.sh >/dev/null || echo "warning: the Quadlet generator could not be fetched (its tests will fail)"
bash scripts/get-quadlet-generator.sh sid >/dev/null || echo "warning: the newer Quadlet generator (Debian sid) could not be fetched (its tests are skipped)"
node scripts/podman-rootfs-sandbox.mjs rootfs >/dev/null || echo "warning: a Podman root filesystem could not be built (its tests will fail)"

record() { # record NAME CMD...: a static check counts as one test
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo '{"passed":1,"failed":0,"skipped":0}' > "$results/$name.json"
  else echo '{"passed":0,"failed":1,"skipped":0}' > "$results/$name.json"; echo "!! $name failed"; fi
}
record typecheck npx --no-install tsc -p . --noEmit
record lint npx --no-install eslint src test scripts bench
record format npx --no-install prettier --check "src/**/*.ts" "test/**/*.ts" "bench/**/*.ts" "scripts/**/*.mjs" "*.mjs"
record package npm run --silent package

echo "== unit"
node scripts/run-node-tests.mjs unit

# One private Podman 4.3 service shared by the integration and extension-host tiers. On SIGTERM
# the sandbox removes itself (--cleanup); `cleanup DIR` does it if its server died first.
pdir=$(mktemp -d /tmp/pw-test-XXXXXX)
node scripts/podman-sandbox.mjs start "$pdir" --cleanup > "$pdir.log" 2>&1 &
spid=$!
for _ in $(seq 1 300); do grep -q PODMAN_SOCKET= "$pdir.log" 2>/dev/null && break; kill -0 $spid 2>/dev/null || break; sleep 0.2; done
cleanup() {
  kill -TERM $spid 2>/dev/null; wait $spid 2>/dev/null
  node scripts/podman-sandbox.mjs cleanup "$pdir"
  rm -f "$pdir.log"
}
trap cleanup EXIT
if grep -q PODMAN_SOCKET= "$pdir.log"; then
  export PODMAN_WORKBENCH_TEST_SOCKET="$pdir/podman.sock" PODMAN_WORKBENCH_TEST_DIR="$pdir"
  echo "== integration (Podman at $PODMAN_WORKBENCH_TEST_SOCKET)"
  node scripts/run-node-tests.mjs integration
  echo "== vscode (extension host in code-server)"
  node scripts/run-vscode-tests.mjs
else
  echo "!! the private Podman service did not start:"; cat "$pdir.log"
  echo '{"passed":0,"failed":1,"skipped":0}' > "$results/podman-service.json"
fi

node -e '
const fs = require("fs"), p = process.argv[1];
const t = { passed: 0, failed: 0, skipped: 0 };
for (const f of fs.readdirSync(p).filter((f) => f.endsWith(".json"))) {
  const c = JSON.parse(fs.readFileSync(p + "/" + f, "utf8"));
  for (const k of Object.keys(t)) t[k] += c[k] || 0;
  console.log(`  ${f.replace(/\.json$/, "").padEnd(14)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
}
const line = `${t.passed} passed, ${t.failed} failed` + (t.skipped ? `, ${t.skipped} skipped` : "");
console.log(line);
process.exit(t.failed ? 1 : 0);
' "$root/$results"
