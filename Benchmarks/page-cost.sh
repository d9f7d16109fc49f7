#!/usr/bin/env bash
# What this machine charges for memory touched for the first time: writes
# SIZE MiB into new page-cache pages, deletes the file, writes it again at
# once (into the pages just freed) and prints both rates. On a VM whose free
# pages go back to the host the first rate is several times lower; a run
# that holds or writes gigabytes pays it (README, Performance).
#
#   Benchmarks/page-cost.sh [SIZE_MIB]      # default 1024
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1024}"
mkdir -p bench-out
file=bench-out/page-cost.tmp
trap 'rm -f "$file"' EXIT

rate() {
    # dd's last line: "N bytes (...) copied, S s, R MB/s"
    dd if=/dev/zero of="$file" bs=1M count="$size" 2>&1 | tail -1 | awk -F', ' '{print $4 " (" $3 ")"}'
}

sync
echo "new pages:         $(rate)"
rm -f "$file"
echo "just-freed pages:  $(rate)"
