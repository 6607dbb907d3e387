#!/usr/bin/env bash
# Trains the two models the page ships (public/models/<name>/model.json + weights.bin) with the CLI,
# and prints each one's test accuracy (copied into the README). Run from anywhere:
#   bash packages/web/scripts/train-models.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
npx nx run cli:build >/dev/null
lenet() { node packages/cli/dist/main.js "$@"; }
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT

train() { # name, then lenet train flags
  local name="$1"; shift
  lenet train --seed 0 --out "$runs/$name" --json "$@" > "$runs/$name.json"
  local dest="packages/web/public/models/$name"
  rm -rf "$dest" && mkdir -p "$dest"
  cp "$runs/$name/model/model.json" "$runs/$name/model/weights.bin" "$dest/"
  node -e 'const r = require(process.argv[1]); console.log(`${process.argv[2]}: test accuracy ${r.testAccuracy.toFixed(2)}%`)' \
    "$runs/$name.json" "$name"
}

# The seed's configuration: lenet5, Adam 1e-3, 10 epochs, batch 64, 8:2 split.
train lenet5
# The paper's network (RBF head, MAP loss) trained with Adam 1e-3.
train lenet5-1998 --model lenet5-1998 --optimizer adam --epochs 10
