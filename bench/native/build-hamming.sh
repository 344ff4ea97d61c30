#!/usr/bin/env bash
# Links bench/native/hamming_kernels.cc against the addon's kernel objects
# (npm run build:addon first: same flags as the shipped addon, no rebuild).
set -euo pipefail
cd "$(dirname "$0")/../.."
objs=build/Release/obj.target/sketchmat
if [ ! -f "$objs/native/kernels/hamming.o" ]; then
  echo "build the addon first (npm run build:addon)" >&2
  exit 1
fi
mkdir -p build/bench
g++ -std=c++17 -O3 -ffp-contract=off -Inative/include bench/native/hamming_kernels.cc \
  "$objs"/native/kernels/*.o "$objs"/deps/highway/hwy/targets.o -lpthread -o build/bench/hamming_kernels
echo build/bench/hamming_kernels
