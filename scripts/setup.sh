#!/usr/bin/env bash
# Sets up a fresh checkout: the toolchain (Debian's emscripten, if missing),
# npm dependencies, then `npm run build` (TypeScript, the addon as the
# linux-x64 prebuild, and both WebAssembly modules). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v em++ >/dev/null; then
  echo "setup: installing Debian's emscripten (needs root)"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_ apt-get update -qq
  $sudo_ apt-get install -y -qq --no-install-recommends emscripten >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
