#!/usr/bin/env bash
# Builds a Debian root filesystem holding one Podman, for the Podman the machine does not have
# (scripts/podman-rootfs-sandbox.mjs runs it chrooted, inside a private mount namespace):
#   bookworm  Debian 12's Podman 4.3, on a Debian 13 machine      -> $cache/podman43-rootfs
#   trixie    Debian 13's Podman 5.4, on a Debian 12 machine      -> $cache/podman5-rootfs
# (Debian 13's podman needs glibc 2.38 and does not run on Debian 12 directly; Debian 12's does
# not install on Debian 13.)
#
#   bash scripts/podman-rootfs.sh bookworm|trixie   prints the rootfs path on stdout (progress on stderr)
#
# Idempotent: a finished tree carries a stamp file naming what it was built with; a tree without
# it (an interrupted build) or with another stamp is built again from scratch, unless a sandbox
# still runs in it (a process with the tree's path as an argument: the namespace holder). The machine's apt sources are not touched: debootstrap and the chroot's
# apt-get use their own. PODMAN_WORKBENCH_MIRROR (or PODMAN5_MIRROR) overrides the Debian mirror
# (default http://deb.debian.org/debian).
set -euo pipefail

suite="${1:-}"
cache="${PODMAN_WORKBENCH_CACHE:-$HOME/.cache/podman-workbench}"
mirror="${PODMAN_WORKBENCH_MIRROR:-${PODMAN5_MIRROR:-http://deb.debian.org/debian}}"
# Inside: podman and what a rootful, cgroupfs, runc set-up needs (conmon; the network stack of
# that release, netavark/aardvark-dns or CNI's plugins, and its firewall tools; catatonit for the
# pods' infra containers and --init); busybox-static makes the test images.
case "$suite" in
  bookworm)
    name=podman43-rootfs
    packages=(podman runc conmon containernetworking-plugins iptables catatonit busybox-static ca-certificates)
    ;;
  trixie)
    name=podman5-rootfs
    packages=(podman runc conmon netavark aardvark-dns nftables iptables catatonit busybox-static ca-certificates)
    ;;
  *)
    printf 'usage: bash scripts/podman-rootfs.sh bookworm|trixie\n' >&2
    exit 2
    ;;
esac
rootfs="$cache/$name"
logfile="$cache/$name.log"
stamp_file="$rootfs/.podman-workbench-rootfs"
stamp="suite=$suite packages=${packages[*]} v1"
log() { printf '[%s] %s\n' "$name" "$*" >&2; }

if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] && [ -x "$rootfs/usr/bin/podman" ]; then
  echo "$rootfs"
  exit 0
fi

[ "$(id -u)" = 0 ] || { log "must run as root (debootstrap and chroot)"; exit 1; }
mkdir -p "$cache"
if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap debian-archive-keyring >/dev/null
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { log "$keyring is missing (package debian-archive-keyring)"; exit 1; }

# A half-built or outdated tree is removed first. Refuse while a sandbox runs in it (a process
# whose root is the tree: its mounts live in a private namespace, invisible from here) or while
# anything is mounted below it (a build killed outside its private namespace would have left
# /proc etc. there, and rm -rf would descend).
if [ -e "$rootfs" ]; then
  for p in /proc/[0-9]*; do
    if tr '\0' '\n' <"$p/cmdline" 2>/dev/null | grep -qxF "$rootfs"; then
      log "a sandbox still runs in $rootfs (process ${p#/proc/}): stop it before the tree is rebuilt"
      exit 1
    fi
  done
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
if ! debootstrap --variant=minbase --keyring="$keyring" "$suite" "$rootfs" "$mirror" >"$logfile" 2>&1; then
  tail -n 20 "$logfile" >&2
  log "debootstrap failed (is $mirror reachable?); full log: $logfile"
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
' "$name" "$rootfs" "${packages[@]}" >>"$logfile" 2>&1; then
  tail -n 20 "$logfile" >&2
  log "apt-get inside the root filesystem failed; full log: $logfile"
  exit 1
fi
rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/locale"

# shellcheck disable=SC2016 # expanded by the inner shell
version=$(unshare --mount --fork sh -c 'mount --make-rprivate /; mount -t proc proc "$1/proc"; chroot "$1" podman --version' "$name" "$rootfs" 2>&1) ||
  { log "podman does not run inside: $version"; exit 1; }
echo "$stamp" > "$stamp_file"
log "$version ready in $(( $(date +%s) - t0 )) s ($(du -sh "$rootfs" | cut -f1))"
echo "$rootfs"
