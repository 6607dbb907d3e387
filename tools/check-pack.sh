#!/usr/bin/env bash
# Packs the named workspace packages (and the @lenet packages they depend on), installs the tarballs into
# an empty folder outside the workspace and imports each one there: proof that a package stands on its own.
# Usage: tools/check-pack.sh data [core ...]   (run after `nx run-many -t build`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in "$@"; do
  (cd "$root/packages/$name" && npm pack --silent --pack-destination "$tmp" >/dev/null)
done
tarballs=("$tmp"/*.tgz)
mkdir "$tmp/app"
cd "$tmp/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "${tarballs[@]}"
for name in "$@"; do
  node -e "const m = require('@lenet/$name'); const n = Object.keys(m).length; if (!n) throw new Error('@lenet/$name exports nothing'); console.log('@lenet/$name: installed from its tarball, ' + n + ' exports')"
done
