#!/usr/bin/env bash
# Links bench/native/sketch_kernels.cc against the kernels (same flags as the addon).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/bench
g++ -std=c++17 -O3 -ffp-contract=off -DHWY_DISABLED_TARGETS=HWY_SSSE3 -Inative/include -Inative/kernels -Ideps/highway \
  bench/native/sketch_kernels.cc native/kernels/*.cc deps/highway/hwy/targets.cc -lpthread -o build/bench/sketch_kernels
echo build/bench/sketch_kernels
