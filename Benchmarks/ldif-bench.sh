#!/bin/sh
# Throughput of `profilesync inspect --summary` on a generated ldifde-style export.
# usage: Benchmarks/ldif-bench.sh [FILE.ldif] [MEGABYTES]
# Builds release, generates the export if FILE does not exist, runs 5 times,
# prints every run and the median in MB/s (1 MB = 1,000,000 bytes).
set -eu
cd "$(dirname "$0")/.."
file=${1:-/tmp/profilesync-bench.ldif}
megabytes=${2:-100}
[ -f "$file" ] || python3 Benchmarks/ldif-generate.py "$file" --megabytes "$megabytes"
swift build -c release --product profilesync >/dev/null
bin=.build/release/profilesync
bytes=$(wc -c <"$file")
for run in 1 2 3 4 5; do
    start=$(date +%s.%N)
    "$bin" inspect "$file" --summary >/dev/null
    end=$(date +%s.%N)
    echo "$bytes $start $end" | awk '{ printf "%.1f\n", $1 / ($3 - $2) / 1e6 }'
done | sort -n | awk '{ runs[NR] = $1; print "run: " $1 " MB/s" } END { print "median: " runs[3] " MB/s" }'
