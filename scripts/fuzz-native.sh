#!/usr/bin/env bash
# libFuzzer over the C ABI: builds fuzz/kernels.cc once against the kernels
# compiled with ASan + UBSan + coverage, then fuzzes each target (every row of
# its kTargets table, picked by SKM_FUZZ_TARGET) for a time budget.
#
#   scripts/fuzz-native.sh [seconds-per-target] [target...]
#     seconds  default 30 (CI); use e.g. 600 for a long run
#     targets  default: all of them
#   FUZZ_MERGE=1   afterwards, minimize what was found into fuzz/corpus/<target>/
#   FUZZ_JOBS=N    parallel compile jobs (default 2)
#   FUZZ_ONE_TARGET=1 build AVX2 and the scalar baseline only (CI's fuzz stage)
#   FUZZ_SKIP_SSE4=1  build without the SSE4 target: CI's fuzz stage, whose
#                  time is mostly compiling 4 x86 targets sanitized (SSE4 is
#                  still run sanitized by the whole jest suite, test-asan.sh)
#
# Needs clang++-14 and its runtime (Debian: clang-14, libclang-rt-14-dev).
# Corpus: fuzz/corpus/<target>/ (in the repo, small) seeds each run; new
# inputs go to build-fuzz/corpus/<target>/. A crash leaves its input in
# build-fuzz/crashes/ and makes this script fail; replay it with
#   SKM_FUZZ_TARGET=<target> build-fuzz/fuzz_kernels build-fuzz/crashes/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-30}
shift || true
cxx=${FUZZ_CXX:-clang++-14}
out=build-fuzz
jobs=${FUZZ_JOBS:-2}
command -v "$cxx" >/dev/null || { echo "fuzz-native: $cxx not found (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }

disabled=HWY_SSSE3
[[ ${FUZZ_SKIP_SSE4:-0} == 1 ]] && disabled="(HWY_SSSE3|HWY_SSE4)"
# CI's fuzz stage: one vector target (AVX2) beside the scalar baseline. The
# sanitized compile of every kernel per target is most of the stage's time;
# SSE4 and AVX-512 still run sanitized in the ASan jest stage (test-asan.sh).
[[ ${FUZZ_ONE_TARGET:-0} == 1 ]] && disabled="(HWY_SSSE3|HWY_SSE4|HWY_AVX3|HWY_AVX3_DL)"
# -g1 (line tables): stack traces keep file:line; full -g made the sanitized
# compile of every kernel per target the slowest part of CI.
common=(
  -std=c++17 -O1 -g1 -fno-omit-frame-pointer -ffp-contract=off
  "-DHWY_DISABLED_TARGETS=$disabled"
  -Inative/include -Inative/kernels -Ideps/highway
  -fno-sanitize-recover=all
)
mkdir -p "$out/obj" "$out/crashes"

# Kernels: instrumented for coverage and sanitized; rebuilt when the source,
# a header or these flags change.
sources=(native/kernels/*.cc deps/highway/hwy/targets.cc)
stamp="$out/obj/flags"
flags_now="$cxx ${common[*]}"
[[ -f $stamp && $(cat "$stamp") == "$flags_now" ]] || { rm -f "$out"/obj/*.o; echo "$flags_now" >"$stamp"; }
newest_header=$(ls -t native/include/*.h native/kernels/*.h | sed -n 1p)
objs=()
pending=()
for src in "${sources[@]}"; do
  obj="$out/obj/$(basename "$src" .cc).o"
  objs+=("$obj")
  if [[ ! -f $obj || $src -nt $obj || $newest_header -nt $obj ]]; then pending+=("$src"); fi
done
if ((${#pending[@]})); then
  echo "fuzz-native: compiling ${#pending[@]} kernel source(s) with ASan+UBSan+coverage"
  printf '%s\n' "${pending[@]}" | xargs -P "$jobs" -I{} sh -c \
    '"$0" "$@" -c "{}" -o "'"$out"'/obj/$(basename "{}" .cc).o"' \
    "$cxx" "${common[@]}" -fsanitize=fuzzer-no-link,address,undefined
fi

all_targets=$(grep -oP '^\s+\{"\K[a-z0-9_]+(?=", Fuzz)' fuzz/kernels.cc)
targets=("$@")
((${#targets[@]})) || read -r -a targets <<<"$(echo $all_targets)"

# One binary for all targets; SKM_FUZZ_TARGET picks the one a run fuzzes.
bin="$out/fuzz_kernels"
if [[ ! -f $bin || fuzz/kernels.cc -nt $bin || -n $(find "${objs[@]}" -newer "$bin" 2>/dev/null | sed -n 1p) ]]; then
  "$cxx" "${common[@]}" -fsanitize=fuzzer,address,undefined \
    fuzz/kernels.cc "${objs[@]}" -lpthread -o "$bin"
fi

status=0
total_execs=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "$out/corpus/$t"
  log="$out/$t.log"
  echo "fuzz-native: $t for ${secs}s"
  set +e
  SKM_FUZZ_TARGET=$t ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=3072 -malloc_limit_mb=3072 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$t-" "$out/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "$log" || echo 0)
  total_execs=$((total_execs + execs))
  if ((rc != 0)); then
    status=1
    echo "fuzz-native: $t FAILED (exit $rc) after $execs executions; log $log"
    grep -E 'ERROR|oracle failed|runtime error|SUMMARY|Test unit written' "$log" | sed -n 1,20p
  else
    echo "fuzz-native: $t ok, $execs executions, corpus $(ls "$out/corpus/$t" | wc -l) + $(ls "fuzz/corpus/$t" | wc -l) inputs"
  fi
  if [[ ${FUZZ_MERGE:-0} == 1 && $rc == 0 ]]; then
    SKM_FUZZ_TARGET=$t "$bin" -merge=1 "fuzz/corpus/$t" "$out/corpus/$t" >"$out/$t.merge.log" 2>&1
    echo "fuzz-native: merged into fuzz/corpus/$t ($(ls "fuzz/corpus/$t" | wc -l) inputs, $(du -sh "fuzz/corpus/$t" | cut -f1))"
  fi
done
echo "fuzz-native: ${#targets[@]} targets, $total_execs executions in total"
exit $status
