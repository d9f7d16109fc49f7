#!/usr/bin/env bash
# Two builds' sync stages side by side: alternating runs of both on the same
# export, each stage's wall time (`sync --timings`) as the median of the
# pairs, and in how many pairs this build's stage was the faster.
#
#   Benchmarks/stages.sh --against BASE/profilesync                # 100,000 users, 8 pairs, first import
#   Benchmarks/stages.sh --against BASE/profilesync --run next     # the drifted next snapshot
#   Benchmarks/stages.sh --against BASE/profilesync --run delta    # the incremental delta
#   Benchmarks/stages.sh --bin NEW/profilesync --against BASE/profilesync --users 10000 --pairs 16
#
# A whole run's time moves by a third from one minute to the next on this
# machine (README, Performance), so a change that moves work from one stage
# to another shows here first: a stage faster and the next one slower by as
# much, the total unchanged. Each pair runs both builds one right after the
# other, BASE first in every other pair (two builds run in separate
# sittings favoured the second). Every run starts from no store and no
# report: `--run first` times a full sync with the HR merge and a JSON
# report; `--run next` first imports (untimed, the same build), then times
# the drifted next snapshot with its report; `--run delta` likewise times
# the incremental run of the same changes as a delta (`sync --incremental`)
# with its report. Exports are made as Benchmarks/bench.sh makes them, in
# the same folder (--out, bench-out).
set -euo pipefail
cd "$(dirname "$0")/.."

users=100000
pairs=8
out=bench-out
bin=""
against=""
run=first
while (($#)); do
    case "$1" in
        --users) users="$2"; shift 2 ;;
        --pairs) pairs="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        --against) against="$2"; shift 2 ;;
        --run) run="$2"; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
[[ -n "$against" ]] || { echo "--against BASE/profilesync is required: the build to compare with" >&2; exit 2; }
[[ -x "$against" ]] || { echo "--against: $against is not an executable" >&2; exit 2; }
[[ "$run" == first || "$run" == next || "$run" == delta ]] || { echo "--run is first, next or delta, not $run" >&2; exit 2; }
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || { echo "--pairs takes a positive number, not $pairs" >&2; exit 2; }
source Benchmarks/exports.sh
[[ -n "$bin" ]] || bin="$(release_build)"
[[ -x "$bin" ]] || { echo "--bin: $bin is not an executable" >&2; exit 2; }

data="$(export_for "$bin" "$out" "$users")"
store="$data/profiles.db"
report="$out/stages-report.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"; rm -f "$store" "$store"-* "$report"' EXIT
results="$work/results.tsv"
: >"$results"

# once BIN NAME PAIR: one run from an empty store; appends its stages as
# "NAME PAIR stage wall cpu peak_mb", tab-separated, to $results.
once() {
    local build="$1" name="$2" pair="$3" config="$data/profilesync.yaml"
    rm -f "$store" "$store"-* "$report"
    local incremental=()
    if [[ "$run" != first ]]; then
        "$build" sync --config "$config" --quiet >/dev/null 2>"$work/stderr.txt" || {
            echo "$name: the first import before the $run run failed:" >&2; cat "$work/stderr.txt" >&2; exit 1; }
        if [[ "$run" == next ]]; then
            config="$data/next/profilesync.yaml"
        else
            config="$(delta_config "$data")"
            incremental=(--incremental)
        fi
    fi
    "$build" sync --config "$config" "${incremental[@]}" --quiet --report "$report" --timings >/dev/null 2>"$work/stderr.txt" || {
        echo "$name: sync failed:" >&2; cat "$work/stderr.txt" >&2; exit 1; }
    sed -nE 's/^timing: (.*[^ ]) +([0-9.]+) s +cpu +([0-9.]+) s +rss +[0-9]+ MB +peak +([0-9]+) MB$/\1\t\2\t\3\t\4/p' \
        "$work/stderr.txt" | while IFS=$'\t' read -r stage wall cpu peak; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$pair" "$stage" "$wall" "$cpu" "$peak"
    done >>"$results"
}

for ((pair = 1; pair <= pairs; pair++)); do
    if ((pair % 2)); then
        once "$bin" this "$pair"
        once "$against" base "$pair"
    else
        once "$against" base "$pair"
        once "$bin" this "$pair"
    fi
    echo "pair $pair of $pairs done" >&2
done

echo "$users users, $run run, $pairs pairs: this build $bin, base $against"
echo
echo "| stage | this build: median s | base: median s | this build faster in |"
echo "|---|---:|---:|---:|"
# Stages in the order a run prints them; medians by a sort of each list.
awk -F'\t' -v pairs="$pairs" '
    function median(list,    n, values, i, j, swap) {
        n = split(list, values, " ")
        for (i = 2; i <= n; i++)
            for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) {
                swap = values[j]; values[j] = values[j - 1]; values[j - 1] = swap
            }
        return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
    }
    !($3 in seen) { seen[$3] = 1; order[++stages] = $3 }
    { wall[$1, $3] = wall[$1, $3] " " $4; at[$1, $3, $2] = $4 }
    $3 == "total" { cpu[$1] = cpu[$1] " " $5; peak[$1] = peak[$1] " " $6 }
    END {
        for (s = 1; s <= stages; s++) {
            stage = order[s]; wins = 0
            for (p = 1; p <= pairs; p++) if (at["this", stage, p] + 0 < at["base", stage, p] + 0) wins++
            printf "| %s | %.3f | %.3f | %d of %d |\n", stage, median(wall["this", stage]), median(wall["base", stage]), wins, pairs
        }
        printf "| processor time, all cores | %.3f | %.3f | |\n", median(cpu["this"]), median(cpu["base"])
        printf "| peak memory, MB | %d | %d | |\n", median(peak["this"]), median(peak["base"])
    }' "$results"
