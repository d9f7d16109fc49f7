#!/usr/bin/env bash
# How much new memory a first import makes the machine back: a run's peak is
# what it holds at once, but on a VM that hands freed memory back to its
# host (README, Performance) every page touched for the first time costs,
# and a buffer that grows by doubling, or is copied to trim it, touches new
# pages on the way that the peak never shows.
#
# Runs `sync --full --report` on DIR (a `profilesync generate` output) with
# each BIN in turn, REPEAT times, alternating their order, the page cache
# dropped first when this user may. Per run: wall, user and system seconds,
# new memory in MB (huge pages faulted in, from /proc/vmstat's
# thp_fault_alloc, plus the run's minor faults, at 2 MB and 4 KB), and the
# run's peak RSS as `--timings` reports it. The huge-page count is the
# machine's: run nothing else meanwhile.
#
#   Benchmarks/fresh-memory.sh bench-out/data-1000000 .build/release/profilesync [OTHER_BIN] [--repeat 4]
#
# Linux only (/proc/vmstat, GNU time).
set -euo pipefail
(($# >= 2)) || { sed -n '2,19p' "$0"; exit 2; }
dir="$(cd "$1" && pwd)"; shift
bins=()
repeat=4
while (($#)); do
    case "$1" in
        --repeat) repeat="$2"; shift 2 ;;
        *) bins+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
    esac
done
[[ -x /usr/bin/time ]] || { echo "fresh-memory.sh needs GNU time (/usr/bin/time)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
report="$work/report.json"
cd "$dir"
echo "| run | build | wall s | user s | sys s | new memory MB | peak RSS MB |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for ((i = 1; i <= repeat; i++)); do
    order=("${bins[@]}")
    if ((i % 2 == 0)) && ((${#bins[@]} > 1)); then order=("${bins[1]}" "${bins[0]}"); fi
    for bin in "${order[@]}"; do
        rm -f profiles.db profiles.db-journal profiles.db-wal profiles.db-shm
        sync
        { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null || true
        before=$(awk '/^thp_fault_alloc / {print $2}' /proc/vmstat)
        /usr/bin/time -o "$work/time" -f "%e %U %S %R" \
            "$bin" sync --config profilesync.yaml --full --report "$report" --timings --quiet 2> "$work/timings"
        after=$(awk '/^thp_fault_alloc / {print $2}' /proc/vmstat)
        read -r wall user system minor < "$work/time"
        peak=$(awk '/^timing: total/ {print $(NF-1)}' "$work/timings")
        echo "| $i | $bin | $wall | $user | $system | $(( (after - before) * 2 + minor * 4 / 1024 )) | $peak |"
    done
done
