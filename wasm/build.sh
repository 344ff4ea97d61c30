#!/usr/bin/env bash
# Builds native/kernels into two standalone WebAssembly modules with Debian's
# emscripten: wasm/dist/sketchmat-simd.wasm (SIMD128) and
# wasm/dist/sketchmat-scalar.wasm (no SIMD). Standalone modules (no emscripten
# JS glue) are loaded by lib/backend/wasm.ts; the export list is every SKM_API
# function declared in native/include, so the C ABI is the only list to keep.
set -euo pipefail
cd "$(dirname "$0")/.."

# emscripten 3.1.6's optimizer needs Debian's acorn. Debian ships its system
# libraries prebuilt in a frozen cache, which is what we link against.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
mkdir -p wasm/dist build/wasm

exports=$(grep -ho 'SKM_API [^(]*skm_[a-z0-9_]*(' native/include/*.h |
  sed -E 's/.*[ *](skm_[a-z0-9_]+)\($/_\1/' | sort -u | paste -sd, -)
exports="$exports,_malloc,_free"

sources=(native/kernels/*.cc deps/highway/hwy/targets.cc)

cflags=(
  -std=c++17 -O3 -ffp-contract=off -fno-exceptions
  -DHWY_DISABLED_TARGETS=HWY_SSSE3
  -Inative/include -Inative/kernels -Ideps/highway
)
# Kernels report allocation failure as SKM_ENOMEM, so malloc must return NULL
# rather than abort; memory may grow up to the 4 GiB of wasm32.
ldflags=(
  -O3 -sSTANDALONE_WASM --no-entry
  -sALLOW_MEMORY_GROWTH=1 -sABORTING_MALLOC=0
  -sINITIAL_MEMORY=16MB -sMAXIMUM_MEMORY=4GB -sTOTAL_STACK=1MB
  -sEXPORTED_FUNCTIONS="$exports"
)

build() {  # name, extra flags...
  local name=$1; shift
  # Compile objects in parallel; link once.
  local objs=() pids=()
  for src in "${sources[@]}"; do
    local obj="build/wasm/$name-$(basename "$src" .cc).o"
    objs+=("$obj")
    em++ "${cflags[@]}" "$@" -c "$src" -o "$obj" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  em++ "${ldflags[@]}" "$@" "${objs[@]}" -o "wasm/dist/sketchmat-$name.wasm"
  echo "wasm/dist/sketchmat-$name.wasm: $(stat -c %s "wasm/dist/sketchmat-$name.wasm") bytes"
}

build simd -msimd128
build scalar
