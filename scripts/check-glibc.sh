#!/usr/bin/env bash
# Fails if a shared object needs glibc symbol versions newer than the limit.
#   scripts/check-glibc.sh <file.node> [max-version]   (default 2.28: Debian 10, RHEL 8, Ubuntu 18.10)
# OBJDUMP=... picks another objdump (e.g. aarch64-linux-gnu-objdump); the
# host's also reads an arm64 file's version table, as generic ELF.
set -euo pipefail
file=$1
max=${2:-2.28}
need=$(${OBJDUMP:-objdump} -T "$file" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
echo "$file needs glibc $need (limit $max)"
[ "$(printf '%s\n%s\n' "$need" "$max" | sort -V | tail -1)" = "$max" ] || { echo "too new: $file would not load on glibc $max"; exit 1; }
