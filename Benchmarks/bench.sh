#!/usr/bin/env bash
# ProfileSync benchmarks: medians of repeated runs of the release binary on
# exports made by `profilesync generate`. Prints a Markdown table.
#
#   Benchmarks/bench.sh                  # 100,000 users, 5 repetitions
#   Benchmarks/bench.sh --users 1000000 --repeat 3
#   Benchmarks/bench.sh --users 100000 --users 1000000
#   Benchmarks/bench.sh --bin /path/to/other/profilesync   # measure another build
#   Benchmarks/bench.sh --against /path/to/base/profilesync --repeat 6   # A/B, alternating
#   Benchmarks/bench.sh --users 10000 --instructions        # instruction counts (callgrind)
#   Benchmarks/bench.sh --idle 5 --repeat 4   # each run after 5 s without work
#
# With the sqlite3 shell, the commit's floor is measured too: SQLite alone
# writing the store the full sync wrote (Benchmarks/store-floor.sh).
#
# Where python-ldap's ldif module can be had (installed, or its source
# release downloadable; PYTHON_LDAP_VERSION picks the release when python-ldap
# is not installed, default 3.4.8), it is timed parsing the same export.
#
# Each figure is the median wall time (and the median peak RSS) over the
# repetitions; the machine is shared and noisy, so one run proves nothing.
# With --against BASE every repetition runs both builds, one right after the
# other, BASE first in every other repetition: two builds measured in
# separate invocations (or one after the other) were found to favour
# whichever ran second, by more than their difference. An odd --repeat is
# rounded up to the next even number, so that each build runs first equally
# often (with 5, this build ran first three times). The table then has both
# medians and in how many repetitions this build was the faster.
# With --instructions each figure is instead the number of instructions
# executed, counted once under valgrind's callgrind: the same for the same
# build and inputs whatever else the machine does, so two builds compare
# exactly (about 50 times slower than a run: use 10,000 users). It counts
# work, not waiting for memory or the disk; python-ldap is not run.
# With --idle SECONDS each timed run starts that long after the one before
# (and its untimed set-up) ended: on a VM that hands free memory back to
# the host a run's new memory then costs what a run at night pays, not
# what one right after other work does (README, Performance).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=()
repeat=5
out=bench-out
bin=""
against=""
instructions=""
idle=0
while (($#)); do
    case "$1" in
        --users) sizes+=("$2"); shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        --against) against="$2"; shift 2 ;;
        --instructions) instructions=1; repeat=1; shift ;;
        --idle) idle="$2"; shift 2 ;;
        -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
((${#sizes[@]})) || sizes=(100000)
[[ "$idle" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--idle: '$idle' is not a number of seconds" >&2; exit 2; }
if [[ -n "$against" ]]; then
    [[ -x "$against" ]] || { echo "--against: $against is not an executable" >&2; exit 2; }
    [[ -z "$instructions" ]] || { echo "--against measures time; compare instructions with two runs of --instructions" >&2; exit 2; }
    if ((repeat % 2)); then
        repeat=$((repeat + 1))
        echo "note: --repeat rounded up to $repeat, so that each build runs first in half of the repetitions" >&2
    fi
fi

source Benchmarks/exports.sh
[[ -n "$bin" ]] || bin="$(release_build)"
mkdir -p "$out"
if [[ -n "$instructions" ]]; then
    command -v valgrind >/dev/null || { echo "--instructions needs valgrind" >&2; exit 2; }
    # valgrind 3.19 cannot read the DWARF 5 debug information Swift writes:
    # count on a copy without it (the code is the same).
    strip --strip-debug -o "$out/profilesync-counted" "$bin"
    bin="$out/profilesync-counted"
fi

# once BIN SETUP COMMAND...: runs SETUP (untimed) then COMMAND, with @BIN@
# standing for the build measured in both; prints "seconds max_rss_kib"
# (instructions and 0 with --instructions).
once() {
    local BIN="$1" setup="$2"; shift 2
    local command=()
    for word in "$@"; do command+=("${word//@BIN@/$BIN}"); done
    eval "${setup//@BIN@/$BIN}"
    [[ -n "$instructions" ]] || sleep "$idle"
    if [[ -n "$instructions" ]]; then
        # No restart for huge pages (HugePages.swift): valgrind would count
        # the process only up to its exec, and let the restarted one run free.
        PROFILESYNC_HUGE_PAGES=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null "${command[@]}" >/dev/null 2>"$out/stderr.txt" || {
            echo "benchmark '$label' failed:" >&2; cat "$out/stderr.txt" >&2; exit 1; }
        echo "$(awk '/Collected :/ {print $NF}' "$out/stderr.txt") 0"
        return
    fi
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "${command[@]}" >/dev/null 2>"$out/stderr.txt" || {
        echo "benchmark '$label' failed:" >&2; cat "$out/stderr.txt" >&2; exit 1; }
    tail -n 1 "$out/time.txt"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure LABEL SETUP COMMAND...: runs SETUP (untimed) then COMMAND, $repeat
# times, and prints the medians "seconds max_rss_kib". @BIN@ in SETUP and
# COMMAND is the build measured. With --against, every repetition also runs
# the other build (first in every other repetition), and the line goes on
# with its medians and the repetitions this build was faster in.
measure() {
    label="$1"
    local setup="$2"; shift 2
    local times=() rss=() other_times=() other_rss=() wins=0 t m ot om
    for ((i = 0; i < repeat; i++)); do
        if [[ -n "$against" && $((i % 2)) == 1 ]]; then
            read -r ot om < <(once "$against" "$setup" "$@")
            read -r t m < <(once "$bin" "$setup" "$@")
        else
            read -r t m < <(once "$bin" "$setup" "$@")
            [[ -z "$against" ]] || read -r ot om < <(once "$against" "$setup" "$@")
        fi
        times+=("$t"); rss+=("$m")
        if [[ -n "$against" ]]; then
            other_times+=("$ot"); other_rss+=("$om")
            wins=$((wins + $(awk -v a="$t" -v b="$ot" 'BEGIN {print (a < b) ? 1 : 0}')))
        fi
    done
    local line
    line="$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${rss[@]}" | median)"
    if [[ -n "$against" ]]; then
        line+=" $(printf '%s\n' "${other_times[@]}" | median) $(printf '%s\n' "${other_rss[@]}" | median) $wins"
    fi
    echo "$line"
}

mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k/1024}'; }

if [[ -n "$instructions" ]]; then
    { echo "| users | benchmark | instructions |"; echo "|---:|---|---:|"; } | tee "$out/results.md"
elif [[ -n "$against" ]]; then
    {
    echo "| users | benchmark | median s | against: median s | faster in | peak RSS MiB | against: peak RSS MiB |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    } | tee "$out/results.md"
else
    {
    echo "| users | benchmark | median s | MB/s | peak RSS MiB |"
    echo "|---:|---|---:|---:|---:|"
    } | tee "$out/results.md"
fi

# row USERS NAME FIGURE MBPS RSS_KIB [OTHER_FIGURE OTHER_RSS_KIB WINS]: one
# table line (instructions: the count alone).
row() {
    if [[ -n "$instructions" ]]; then
        echo "| $1 | $2 | $(echo "$3" | rev | sed -E 's/([0-9]{3})/\1,/g; s/,$//' | rev) |"
    elif [[ -n "$against" ]]; then
        echo "| $1 | $2 | $3 | $6 | $8 of $repeat | $(mib "$5") | $(mib "$7") |"
    else
        echo "| $1 | $2 | $3 | $4 | $(mib "$5") |"
    fi | tee -a "$out/results.md"
}

for users in "${sizes[@]}"; do
    data="$(export_for "$bin" "$out" "$users")"
    delta_config "$data" >/dev/null
    ldif="$data/contoso.ldif"
    bytes=$(stat -L -c %s "$ldif")  # -L: the export may be a symlink
    mb=$(awk -v b="$bytes" 'BEGIN {print b/1e6}')
    store="$data/profiles.db"

    read -r t m rest < <(measure "inspect" ":" @BIN@ inspect --summary "$ldif")
    row "$users" "inspect --summary ($(printf '%.0f' "$mb") MB)" "$t" "$(awk -v s="$t" -v b="$mb" 'BEGIN {printf "%.0f", b/s}')" "$m" $rest

    read -r t m rest < <(measure "full sync" "rm -f '$store' '$store'-*" @BIN@ sync --config "$data/profilesync.yaml" --quiet --report "$out/report.json")
    row "$users" "full sync + HR + JSON report" "$t" "$(awk -v s="$t" -v b="$mb" 'BEGIN {printf "%.0f", b/s}')" "$m" $rest
    full_time=$t

    # The commit's floor: SQLite alone writing the rows that full sync
    # stored (Benchmarks/store-floor.sh). It does not depend on the build.
    if [[ -z "$instructions" ]] && command -v sqlite3 >/dev/null; then
        floor=$(Benchmarks/store-floor.sh "$store" --repeat "$repeat" | awk '/^SQLite alone/ {print $(NF-3)}')
        if [[ -n "$against" ]]; then
            echo "| $users | SQLite alone writing that store (the commit's floor) | $floor | | | | |"
        else
            echo "| $users | SQLite alone writing that store (the commit's floor) | $floor | | |"
        fi | tee -a "$out/results.md"
    fi

    read -r t m rest < <(measure "drifted sync" "rm -f '$store' '$store'-*; '@BIN@' sync --config '$data/profilesync.yaml' --quiet" @BIN@ sync --config "$data/next/profilesync.yaml" --quiet --report "$out/report-next.json")
    row "$users" "next snapshot (2% drift)" "$t" "" "$m" $rest

    read -r t m rest < <(measure "incremental" "rm -f '$store' '$store'-*; '@BIN@' sync --config '$data/profilesync.yaml' --quiet" @BIN@ sync --config "$data/delta/profilesync.yaml" --incremental --quiet)
    row "$users" "incremental delta" "$t" "" "$m" $rest

    # python-ldap's ldif module has LDIFRecordList. The unrelated "ldif"
    # package on PyPI installs a module of the same name (whose parse() is a
    # lazy generator: timing it measures nothing); when it has replaced
    # python-ldap's, or python-ldap is not installed at all (it needs
    # libldap's headers to build), ldif.py is taken from python-ldap's own
    # source release, once, into $out: for the installed version, else
    # PYTHON_LDAP_VERSION (default 3.4.8). ldif.py imports nothing from the
    # C extension, so it parses the same either way.
    pyldif=""
    version=$(python3 -c "import ldap; print(ldap.__version__)" 2>/dev/null) || version="${PYTHON_LDAP_VERSION:-3.4.8}"
    if python3 -c "import ldap, ldif; ldif.LDIFRecordList" 2>/dev/null; then
        pyldif="ok"
    else
        module="$out/python-ldap-$version"
        if [[ ! -f "$module/ldif.py" ]]; then
            mkdir -p "$module"
            if pip download --quiet --no-deps --no-binary :all: "python-ldap==$version" -d "$module" >&2 &&
                tar -xzf "$module/python_ldap-$version.tar.gz" -C "$module" --strip-components=2 \
                    "python_ldap-$version/Lib/ldif.py"; then :; else rm -f "$module/ldif.py"; fi
        fi
        if [[ -f "$module/ldif.py" ]] && PYTHONPATH="$module" python3 -c "import ldif; ldif.LDIFRecordList" 2>/dev/null; then
            export PYTHONPATH="$module${PYTHONPATH:+:$PYTHONPATH}"
            pyldif="ok"
        fi
    fi
    if [[ -n "$instructions" ]]; then
        :  # python under valgrind would take an hour and count the interpreter
    elif [[ -n "$pyldif" ]]; then
        # python-ldap does not depend on the build: measured once per repetition.
        local_against=$against; against=""
        read -r t m < <(measure "python-ldap" ":" python3 -c '
import sys, ldif
class Counter(ldif.LDIFParser):
    n = 0
    def handle(self, dn, entry): Counter.n += 1
with open(sys.argv[1], "rb") as f:
    Counter(f).parse()
' "$ldif")
        against=$local_against
        ratio=$(awk -v p="$t" -v s="$full_time" 'BEGIN {printf "%.1f", p/s}')
        if [[ -n "$against" ]]; then
            echo "| $users | python-ldap $version parse only (full sync is ${ratio}x faster) | $t | | | $(mib "$m") | |"
        else
            echo "| $users | python-ldap $version parse only (full sync is ${ratio}x faster) | $t | $(awk -v s="$t" -v b="$mb" 'BEGIN {printf "%.0f", b/s}') | $(mib "$m") |"
        fi | tee -a "$out/results.md"
    else
        echo "note: python-ldap $version's ldif module is not available (not installed, and its source release not downloadable); no side-by-side" >&2
    fi
done
echo "results: $out/results.md" >&2
