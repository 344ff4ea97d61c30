#!/usr/bin/env bash
# The whole jest suite against the addon built with AddressSanitizer +
# UndefinedBehaviorSanitizer (g++'s runtimes), -fno-sanitize-recover=all so
# any UB report aborts the run instead of only printing.
#
#   scripts/test-asan.sh [jest args...]
#
# The sanitized addon is built in build-asan/ and loaded only through
# SKETCHMAT_ADDON_PATH (lib/backend/find-addon.ts), which prefers
# build/Release over the prebuilds, so a sanitized build must never land there
# or in prebuilds/, where users and the normal test run would load it.
#
# Node itself is not instrumented, so the ASan runtime is preloaded. Leak
# checking is off here (detect_leaks=0): V8 and Node keep allocations alive
# until exit on purpose, and every allocation our doors make has V8 frames on
# its stack, so LeakSanitizer suppressions would hide either everything or
# nothing. Leaks are checked where they can be attributed: LeakSanitizer runs
# inside libFuzzer over the kernels (scripts/fuzz-native.sh, per input), and
# the doors' memory is measured by scripts/leak-test.mjs (RSS and WASM heap
# flat over 10^6 calls).
set -euo pipefail
cd "$(dirname "$0")/.."

out=build-asan
mkdir -p "$out/obj"

nodeinc=""
for d in "$(npm config get nodedir 2>/dev/null || true)/include/node" \
         "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node" \
         "$HOME/.cache/node-gyp/$(node -p 'process.versions.node')/include/node"; do
  if [[ -f $d/node_api.h ]]; then nodeinc=$d; break; fi
done
[[ -n $nodeinc ]] || { echo "test-asan: Node headers (node_api.h) not found; run npx node-gyp install"; exit 1; }
napiinc=$(node -p "require('node-addon-api').include_dir")

san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
cflags=(
  -std=c++17 -O1 -g1 -fPIC -ffp-contract=off -fexceptions
  -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS -DHWY_DISABLED_TARGETS=HWY_SSSE3
  -I"$nodeinc" -I"$napiinc" -Inative/include -Inative/kernels -Ideps/highway
  "${san[@]}"
)
sources=(native/kernels/*.cc native/addon/*.cc deps/highway/hwy/targets.cc)
newest_header=$(ls -t native/include/*.h native/kernels/*.h native/addon/*.h | sed -n 1p)
objs=() pending=()
for src in "${sources[@]}"; do
  obj="$out/obj/$(echo "$src" | tr / _ | sed 's/\.cc$/.o/')"
  objs+=("$obj")
  if [[ ! -f $obj || $src -nt $obj || $newest_header -nt $obj ]]; then pending+=("$src:$obj"); fi
done
if ((${#pending[@]})); then
  echo "test-asan: compiling ${#pending[@]} source(s) with ${san[*]}"
  printf '%s\n' "${pending[@]}" | xargs -P "${ASAN_JOBS:-2}" -I{} sh -c \
    'src=${1%%:*}; obj=${1#*:}; shift; g++ "$@" -c "$src" -o "$obj"' _ {} "${cflags[@]}"
fi
g++ -shared "${san[@]}" "${objs[@]}" -o "$out/sketchmat.node" -lpthread

asan=$(g++ -print-file-name=libasan.so)
export SKETCHMAT_ADDON_PATH="$PWD/$out/sketchmat.node"
export LD_PRELOAD="$asan"
# handle_segv=0: V8 catches SIGSEGV itself to implement WebAssembly bounds
# checks with guard pages; ASan must leave that signal to it.
# allocator_may_return_null: a request larger than the machine (the fuzz
# tests ask for 32 GB results on purpose) must fail the way it does without
# ASan -- operator new throws bad_alloc, the door reports OutOfMemoryError --
# instead of ASan aborting the process.
export ASAN_OPTIONS="detect_leaks=0:handle_segv=0:allow_user_segv_handler=1:abort_on_error=1:detect_odr_violation=0:allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
node -e "
  const a = require(process.env.SKETCHMAT_ADDON_PATH);
  console.log('test-asan: loaded', process.env.SKETCHMAT_ADDON_PATH, 'version', a.version(), 'simd level', a.simdLevel());
"
exec npx jest "$@"
