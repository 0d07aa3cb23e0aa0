#!/usr/bin/env bash
# Builds a Debian 13 (trixie) root filesystem holding Podman 5 (Debian's 5.4.x), runc and
# busybox-static, for the Podman 5 integration tests (scripts/podman5-sandbox.mjs).
# Debian 13's podman needs glibc 2.38 and does not run on Debian 12 directly: it runs chrooted
# into this tree, inside a private mount namespace.
#
#   bash scripts/podman5-rootfs.sh        prints the rootfs path on stdout (progress on stderr)
#
# Idempotent: a finished tree carries a stamp file naming what it was built with; a tree without
# it (an interrupted build) or with another stamp is built again from scratch. The host's apt
# sources are not touched: debootstrap and the chroot's apt-get use their own.
# PODMAN5_MIRROR overrides the Debian mirror (default http://deb.debian.org/debian).
set -euo pipefail

cache="${PODMAN_WORKBENCH_CACHE:-$HOME/.cache/podman-workbench}"
rootfs="$cache/podman5-rootfs"
mirror="${PODMAN5_MIRROR:-http://deb.debian.org/debian}"
suite=trixie
# Inside: podman and what a rootful, cgroupfs, runc set-up needs (conmon, netavark and
# aardvark-dns for bridge networks, nftables/iptables for netavark, catatonit for the pods'
# locally built infra image); busybox-static makes the test images.
packages=(podman runc conmon netavark aardvark-dns nftables iptables catatonit busybox-static ca-certificates)
stamp_file="$rootfs/.podman-workbench-rootfs"
stamp="suite=$suite packages=${packages[*]} v1"
log() { printf '[podman5-rootfs] %s\n' "$*" >&2; }

if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] && [ -x "$rootfs/usr/bin/podman" ]; then
  echo "$rootfs"
  exit 0
fi

[ "$(id -u)" = 0 ] || { log "must run as root (debootstrap and chroot)"; exit 1; }
if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { log "$keyring is missing (package debian-archive-keyring)"; exit 1; }

# A half-built tree is removed first; refuse if anything is mounted below it (a build killed
# outside its private namespace would have left /proc etc. there, and rm -rf would descend).
if [ -e "$rootfs" ]; then
  if awk -v r="$rootfs" '$5 == r || index($5, r "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    log "something is mounted below $rootfs: unmount it first (findmnt -R $rootfs)"
    exit 1
  fi
  log "removing an unfinished or outdated root filesystem at $rootfs"
  rm -rf "$rootfs"
fi
mkdir -p "$rootfs"

t0=$(date +%s)
log "debootstrap $suite (minbase) into $rootfs from $mirror"
if ! debootstrap --variant=minbase --keyring="$keyring" "$suite" "$rootfs" "$mirror" >"$cache/podman5-rootfs.log" 2>&1; then
  tail -n 20 "$cache/podman5-rootfs.log" >&2
  log "debootstrap failed (is $mirror reachable?); full log: $cache/podman5-rootfs.log"
  exit 1
fi

# apt-get inside the tree, in a private mount namespace so that /proc, /dev and /sys mounted for
# the package scripts vanish with it. Package names are passed as arguments, not in the script.
log "installing ${packages[*]} inside"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf" 2>/dev/null || true
printf 'deb %s %s main\n' "$mirror" "$suite" > "$rootfs/etc/apt/sources.list"
# shellcheck disable=SC2016 # expanded by the inner shell
if ! unshare --mount --fork sh -c '
  set -e
  r=$1; shift
  mount --make-rprivate /
  mount -t proc proc "$r/proc"
  mount --rbind /dev "$r/dev"
  mount --rbind /sys "$r/sys"
  chroot "$r" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  chroot "$r" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
  chroot "$r" apt-get clean
' podman5-rootfs "$rootfs" "${packages[@]}" >>"$cache/podman5-rootfs.log" 2>&1; then
  tail -n 20 "$cache/podman5-rootfs.log" >&2
  log "apt-get inside the root filesystem failed; full log: $cache/podman5-rootfs.log"
  exit 1
fi
rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/locale"

# shellcheck disable=SC2016 # expanded by the inner shell
version=$(unshare --mount --fork sh -c 'mount --make-rprivate /; mount -t proc proc "$1/proc"; chroot "$1" podman --version' podman5-rootfs "$rootfs" 2>&1) ||
  { log "podman does not run inside: $version"; exit 1; }
echo "$stamp" > "$stamp_file"
log "$version ready in $(( $(date +%s) - t0 )) s ($(du -sh "$rootfs" | cut -f1))"
echo "$rootfs"
