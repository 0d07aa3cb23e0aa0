#!/usr/bin/env bash
# Fetches Podman's Quadlet generator from Debian 13 (trixie) without touching the system's
# apt configuration: a private sources.list, state and cache live in a temporary directory.
# The .deb is unpacked with dpkg-deb -x into the cache; the script is idempotent and prints
# the path of the generator binary on stdout (progress goes to stderr).
#   scripts/get-quadlet-generator.sh [SUITE]
# SUITE defaults to trixie (Podman 5.4); `sid` gives Debian unstable's newer Podman, unpacked
# into quadlet-generator-sid/ so both can be compared with the preview.
set -euo pipefail

suite="${1:-trixie}"
case "$suite" in
  trixie) cache="${PODMAN_WORKBENCH_CACHE:-$HOME/.cache/podman-workbench}/quadlet-generator" ;;
  sid|forky|unstable|testing) cache="${PODMAN_WORKBENCH_CACHE:-$HOME/.cache/podman-workbench}/quadlet-generator-$suite" ;;
  *) echo "get-quadlet-generator: unknown suite $suite (trixie, sid, forky, testing, unstable)" >&2; exit 2 ;;
esac
bin="$cache/root/usr/libexec/podman/quadlet"

# The generator's exact Podman version (e.g. 5.8.6), in $cache/VERSION: the preview's list of
# measured generators (src/languages/quadlet/generator/context.ts MEASURED_GENERATORS) names it.
record_version() {
  "$bin" -version > "$cache/VERSION.tmp" && mv "$cache/VERSION.tmp" "$cache/VERSION"
  echo "get-quadlet-generator: $suite generator is Podman $(cat "$cache/VERSION")" >&2
}

if [ -x "$bin" ]; then
  [ -s "$cache/VERSION" ] || record_version
  echo "$bin"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "get-quadlet-generator: $tool is required" >&2; exit 1; }
done
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { echo "get-quadlet-generator: $keyring is missing (package debian-archive-keyring)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc/sources.list.d" "$work/etc/preferences.d" "$work/state/lists/partial" \
  "$work/cache/archives/partial" "$work/download"
echo "deb [signed-by=$keyring] http://deb.debian.org/debian $suite main" > "$work/etc/sources.list"

apt_opts=(
  -o "Dir::Etc::sourcelist=$work/etc/sources.list"
  -o "Dir::Etc::sourceparts=$work/etc/sources.list.d"
  -o "Dir::Etc::preferencesparts=$work/etc/preferences.d"
  -o "Dir::State=$work/state"
  -o "Dir::State::status=$work/state/status"
  -o "Dir::Cache=$work/cache"
  -o "APT::Architecture=$(dpkg --print-architecture)"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=root"
)
touch "$work/state/status"

echo "get-quadlet-generator: updating a private package index ($suite)" >&2
apt-get "${apt_opts[@]}" -qq update >&2
echo "get-quadlet-generator: downloading podman" >&2
(cd "$work/download" && apt-get "${apt_opts[@]}" -qq download podman >&2)
deb="$(ls "$work/download"/podman_*.deb | head -n1)"
[ -n "$deb" ] || { echo "get-quadlet-generator: podman .deb not downloaded" >&2; exit 1; }

mkdir -p "$cache"
rm -rf "$cache/root.tmp"
dpkg-deb -x "$deb" "$cache/root.tmp"
basename "$deb" > "$cache/root.tmp/SOURCE-DEB"
rm -rf "$cache/root"
mv "$cache/root.tmp" "$cache/root"
[ -x "$bin" ] || { echo "get-quadlet-generator: $bin not found in $(basename "$deb")" >&2; exit 1; }
record_version
echo "$bin"
