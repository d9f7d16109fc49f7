#!/usr/bin/env bash
# What this machine charges for memory touched for the first time: writes
# SIZE MiB into new page-cache pages, deletes the file, writes it again at
# once (into the pages just freed) and prints both rates; then the same for
# anonymous memory, with 4 KiB and with huge pages (python3 is needed). On a
# VM whose free pages go back to the host the first rates are several times
# lower; a run that holds or writes gigabytes pays them (README, Performance).
#
#   Benchmarks/page-cost.sh [SIZE_MIB]      # default 1024
#   IDLE=10 Benchmarks/page-cost.sh 400     # idle 10 s before each anonymous touch
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1024}"
idle="${IDLE:-5}"
[[ "$idle" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "IDLE: '$idle' is not a number of seconds" >&2; exit 2; }
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

# Anonymous memory, as a run's heap takes it: SIZE MiB touched page by page,
# with 4 KiB pages and with transparent huge pages (MADV_HUGEPAGE, what
# `sync` asks glibc for), each after IDLE seconds without work (default 5)
# and again at once, in the pages the first touch just freed.
touch_rate() {
    python3 - "$size" "$1" <<'PY'
import mmap, sys, time
size = int(sys.argv[1]) << 20
huge = sys.argv[2] == "huge"
def touch():
    m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    m.madvise(mmap.MADV_HUGEPAGE if huge else mmap.MADV_NOHUGEPAGE)
    start = time.perf_counter()
    for offset in range(0, size, 4096):
        m[offset] = 1
    seconds = time.perf_counter() - start
    m.close()
    return seconds
first, again = touch(), touch()
print(f"{size / first / 1e6:,.0f} MB/s ({first:.3f} s), again at once {size / again / 1e6:,.0f} MB/s ({again:.3f} s)")
PY
}
if command -v python3 >/dev/null; then
    sleep "$idle"; echo "anonymous, 4 KiB pages, after ${idle} s idle:  $(touch_rate small)"
    sleep "$idle"; echo "anonymous, huge pages, after ${idle} s idle:   $(touch_rate huge)"
else
    echo "anonymous memory: not measured (python3 is needed)"
fi
