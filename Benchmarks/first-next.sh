#!/usr/bin/env bash
# Rounds of a first import followed by its drifted next snapshot, each with
# its JSON report, timed by /usr/bin/time: the target "the next snapshot no
# slower than the first import" at a size where the page cache cannot hold
# everything (README, Performance).
#
#   Benchmarks/first-next.sh                         # 1,000,000 users, 3 rounds
#   Benchmarks/first-next.sh --users 100000 --rounds 6 --bin OTHER/profilesync
#
# Run as root, the page cache is dropped before every run, so that neither
# run finds the other's store or export cached; otherwise it says so and
# runs with whatever is cached. Exports are made as Benchmarks/bench.sh
# makes them, in the same folder (--out, bench-out).
set -euo pipefail
cd "$(dirname "$0")/.."

users=1000000
rounds=3
out=bench-out
bin=""
while (($#)); do
    case "$1" in
        --users) users="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds takes a positive number, not $rounds" >&2; exit 2; }
source Benchmarks/exports.sh
[[ -n "$bin" ]] || bin="$(release_build)"
[[ -x "$bin" ]] || { echo "--bin: $bin is not an executable" >&2; exit 2; }

data="$(export_for "$bin" "$out" "$users")"
store="$data/profiles.db"
report="$out/first-next-report.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"; rm -f "$store" "$store"-* "$report"' EXIT

if [[ -w /proc/sys/vm/drop_caches ]]; then
    drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
else
    echo "note: not root, so the page cache is not dropped between runs" >&2
    drop() { :; }
fi

# timed CONFIG: one sync with its report; prints "seconds peak_kib".
timed() {
    rm -f "$report"
    drop
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" sync --config "$1" --quiet --report "$report" \
        >/dev/null 2>"$work/stderr.txt" || { echo "sync --config $1 failed:" >&2; cat "$work/stderr.txt" >&2; exit 1; }
    tail -n 1 "$work/time.txt"
}

echo "$users users, $rounds rounds: $bin"
echo
echo "| round | first import s | peak MiB | next snapshot s | peak MiB | next faster |"
echo "|---:|---:|---:|---:|---:|---|"
firsts=()
nexts=()
for ((round = 1; round <= rounds; round++)); do
    rm -f "$store" "$store"-*
    read -r first first_kib < <(timed "$data/profilesync.yaml")
    read -r next next_kib < <(timed "$data/next/profilesync.yaml")
    firsts+=("$first")
    nexts+=("$next")
    faster=$(awk -v a="$next" -v b="$first" 'BEGIN {print (a < b) ? "yes" : "no"}')
    printf '| %d | %s | %d | %s | %d | %s |\n' "$round" "$first" $((first_kib / 1024)) "$next" $((next_kib / 1024)) "$faster"
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "medians: first import $(printf '%s\n' "${firsts[@]}" | median) s, next snapshot $(printf '%s\n' "${nexts[@]}" | median) s"
