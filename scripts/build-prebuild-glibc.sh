#!/usr/bin/env bash
# Builds prebuilds/linux-<arch>/sketchmat.node inside a Debian 11 (bullseye,
# glibc 2.31, g++ 10) chroot, so that the prebuild needs only the glibc
# symbol versions an old toolchain links against (scripts/check-glibc.sh
# checks the result), instead of the build machine's (Debian 12: 2.36).
# The sources, flags and link line are binding.gyp's.
#
#   scripts/build-prebuild-glibc.sh [x64|arm64] [chroot-dir]   (default x64, $TMPDIR/sketchmat-chroot-bullseye)
#
# arm64 is cross-compiled in the same chroot by bullseye's
# g++-aarch64-linux-gnu (g++ 10 against the arm64 glibc 2.31), installed
# there on first use.
#
# Needs root and debootstrap (installed if missing); the chroot is made once
# (about two minutes from deb.debian.org) and reused. It lives outside the
# repository so that no tool crawls a whole Debian tree.
set -euo pipefail
cd "$(dirname "$0")/.."
arch=x64
case "${1:-}" in x64|arm64) arch=$1; shift ;; esac
chroot_dir=${1:-${TMPDIR:-/tmp}/sketchmat-chroot-bullseye}
[ "$(id -u)" -eq 0 ] || { echo "build-prebuild-glibc: needs root (chroot)"; exit 1; }

if [ ! -x "$chroot_dir/usr/bin/g++" ]; then
  if ! command -v debootstrap >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  # One retry: a mirror hiccup should not fail the build.
  for attempt in 1 2; do
    rm -rf "$chroot_dir" && mkdir -p "$chroot_dir"
    if debootstrap --variant=minbase --include=g++,make bullseye "$chroot_dir" http://deb.debian.org/debian >/dev/null; then break; fi
    [ "$attempt" = 2 ] && { echo "build-prebuild-glibc: debootstrap failed twice"; exit 1; }
  done
fi

# Per architecture: the compiler prefix, and the Highway targets left out.
# x64: SSSE3, as binding.gyp does (the library has no SSSE3 level).
# arm64: the SVE targets, which the kernels cannot be compiled for (with any
# compiler): gemm.cc and fwht-inl.h keep vectors in arrays, which sizeless SVE
# types do not allow, and fwht's lane stages assume at most 16 lanes. The
# library's levels (native/kernels/library.cc) have no SVE one either, so
# simdLevel() would say "scalar" there. NEON (every arm64 CPU) and the
# EMU128 fallback remain.
if [ "$arch" = arm64 ]; then
  cross=aarch64-linux-gnu-
  disabled='(HWY_SVE|HWY_SVE2|HWY_SVE_256|HWY_SVE2_128)'
  if [ ! -x "$chroot_dir/usr/bin/${cross}g++" ]; then
    # The chroot's own resolv.conf may be stale; apt needs the host's.
    cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
    chroot "$chroot_dir" /usr/bin/env DEBIAN_FRONTEND=noninteractive /bin/sh -c \
      "apt-get update -qq && apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends g++-aarch64-linux-gnu >/dev/null"
  fi
else
  cross=
  disabled=HWY_SSSE3
fi

# The inputs, copied in (no bind mounts to clean up if this is interrupted).
# One work folder per architecture, so two builds may run side by side.
name=sketchmat$([ "$arch" = x64 ] || echo "-$arch")
work=$chroot_dir/$name
rm -rf "$work" && mkdir -p "$work/node" "$work/napi"
cp -r native deps "$work/"
cp /usr/include/node/node_api.h /usr/include/node/js_native_api.h /usr/include/node/js_native_api_types.h \
   /usr/include/node/node_api_types.h "$work/node/" 2>/dev/null || cp -r "$(node -p "process.execPath.replace(/bin\/node$/, 'include/node')")"/. "$work/node/"
cp "$(node -p "require('node-addon-api').include_dir")"/*.h "$work/napi/"

# node-gyp's flags as common.gypi sets them; -pthread matters: without it a
# statically linked libstdc++ on glibc < 2.34 believes the process has one
# thread (no libpthread linked) and drops its atomic reference counts.
cat > "$work/build.sh" <<INNER
set -euo pipefail
cd /$name
cross=$cross
disabled='$disabled'
INNER
cat >> "$work/build.sh" <<'INNER'
flags="-std=c++17 -O3 -ffp-contract=off -fexceptions -fPIC -pthread -DNDEBUG
  -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS -DBUILDING_NODE_EXTENSION -DHWY_DISABLED_TARGETS=$disabled
  -Inode -Inapi -Inative/include -Inative/kernels -Ideps/highway"
mkdir -p obj
pids=()
for src in native/kernels/*.cc native/addon/*.cc deps/highway/hwy/targets.cc; do
  ${cross}g++ $flags -c "$src" -o "obj/$(echo "$src" | tr / _).o" & pids+=($!)
  if [ ${#pids[@]} -ge "$(nproc)" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done
${cross}g++ -shared -pthread -static-libstdc++ -static-libgcc obj/*.o -o sketchmat.node
${cross}strip --strip-unneeded sketchmat.node
INNER
chroot "$chroot_dir" /bin/bash "/$name/build.sh"
mkdir -p "prebuilds/linux-$arch"
cp "$work/sketchmat.node" "prebuilds/linux-$arch/sketchmat.node"
echo "prebuilds/linux-$arch/sketchmat.node built in $(basename "$chroot_dir") ($(stat -c %s "prebuilds/linux-$arch/sketchmat.node") bytes)"
