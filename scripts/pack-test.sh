#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, then a check that the tarball
# holds what it should and nothing else, then an install of that tarball into
# an empty folder offline (from the npm cache `npm ci` filled), with no
# compiler on PATH, and the README's first command run from there.
# Usage: bash scripts/pack-test.sh   (after the build: dist/, wasm/dist/, prebuilds/)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/sketchmat-pack.XXXXXX")
trap 'rm -rf "$work"' EXIT

tgz=$(npm pack --silent --pack-destination "$work" | tail -1)
echo "packed $tgz ($(du -k "$work/$tgz" | cut -f1) kB)"
tar tzf "$work/$tgz" | sed 's|^package/||' | sort > "$work/files.txt"

# What belongs: the builds (dist, wasm, prebuilds), the demo data, the sources
# and vendored headers the explicit source build (docs/INSTALL.md) needs, and
# the package's own documents.
allowed='^(package\.json|README\.md|LICENSE|NOTICE|binding\.gyp|dist/[^/]+\.(c?js|mjs|d\.ts|d\.mts|map)|dist/data/[^/]+|data/[^/]+\.(npy|md)|wasm/dist/sketchmat-(simd|scalar)\.wasm|prebuilds/[a-z0-9]+-[a-z0-9]+/[^/]+\.node|native/(include|kernels|addon)/[^/]+\.(h|cc|md)|deps/highway/LICENSE|deps/highway/hwy/(ops/|contrib/math/)?[^/]+\.(h|cc)|docs/[^/]+\.md|docs/guides/[^/]+\.md|bench/README\.md)$'
if grep -Ev "$allowed" "$work/files.txt"; then
  echo "the tarball holds the files above, which no rule allows"; exit 1
fi
for need in package.json README.md LICENSE NOTICE dist/index.cjs dist/index.mjs dist/index.d.ts dist/index.d.mts dist/browser.mjs dist/browser-embedded.mjs dist/cli.js \
  wasm/dist/sketchmat-simd.wasm wasm/dist/sketchmat-scalar.wasm prebuilds/linux-x64/sketchmat.node prebuilds/linux-arm64/sketchmat.node \
  data/minilm_778x384.npy data/sk_digits_1797x64.npy data/use_lite_attn_out_512x512.npy data/README.md; do
  grep -qx "$need" "$work/files.txt" || { echo "the tarball lacks $need"; exit 1; }
done
# Every document the README links is in the package.
for link in $(grep -o '](\([a-zA-Z0-9_./-]*\.md\))' README.md | sed 's/^](//; s/)$//' | sort -u); do
  grep -qx "$link" "$work/files.txt" || { echo "README links $link, which the tarball lacks"; exit 1; }
done
# The source build's includes resolve inside the package (Highway: only what the kernels include).
for f in native/kernels/*.cc; do
  for inc in $(grep -ohP '#include "\Khwy/[^"]+' "$f"); do
    grep -qx "deps/highway/$inc" "$work/files.txt" || { echo "$f includes $inc, which the tarball lacks"; exit 1; }
  done
done
echo "$(wc -l < "$work/files.txt") files, each allowed; the builds, data and linked docs all there"

# An empty project; PATH holds node, npm, npx, sh and env only: no compiler, no make, no python.
mkdir -p "$work/app" "$work/bin"
for tool in node npm npx sh env; do ln -s "$(command -v $tool)" "$work/bin/$tool"; done
cd "$work/app"
echo '{ "name": "app", "version": "1.0.0", "private": true }' > package.json
PATH="$work/bin" npm install --offline --no-audit --no-fund "$work/$tgz" > "$work/install.log" 2>&1 || {
  cat "$work/install.log"; echo "offline install failed"; exit 1; }
cat "$work/install.log"
if grep -i 'install-scripts\|gyp' "$work/install.log"; then echo "the install ran or warned about scripts"; exit 1; fi
for cc in gcc g++ cc c++ make python3; do
  if PATH="$work/bin" command -v $cc >/dev/null; then echo "$cc is on the test PATH"; exit 1; fi
done

PATH="$work/bin" npx --no sketchmat info
timeout 60 env PATH="$work/bin" npx --no sketchmat demo > "$work/demo.txt"
tail -5 "$work/demo.txt"
PATH="$work/bin" node -e "
  const s = require('sketchmat');
  if (s.backendInfo().name !== 'native') throw new Error('CJS: expected the prebuilt addon, got ' + JSON.stringify(s.backendInfo()));
  console.log('CJS require: native', s.backendInfo().simd);
"
PATH="$work/bin" node --input-type=module -e "
  import { ready, backendInfo, random } from 'sketchmat';
  await ready();
  const X = random.gaussian(3, 4, { seed: 1 });
  console.log('ESM import:', backendInfo().name, X.rows + 'x' + X.cols);
"
echo "pack test passed"
