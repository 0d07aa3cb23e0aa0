#!/usr/bin/env bash
# The Debian 13 (trixie) root filesystem with Podman 5: scripts/podman-rootfs.sh trixie (kept
# under this name for the scripts and notes that call it). Prints the rootfs path on stdout.
exec bash "$(dirname "$0")/podman-rootfs.sh" trixie "$@"
