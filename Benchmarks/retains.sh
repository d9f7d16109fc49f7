#!/usr/bin/env bash
# Counts a first import's reference-count increments (`swift_retain`), by
# object and by the code that made them: a census, not a timing, so it gives
# the same answer on a noisy machine. A uprobe on the Swift runtime's
# swift_retain records each call's object and its two callers.
#
#   Benchmarks/retains.sh                          # 10,000 users, this checkout's build
#   Benchmarks/retains.sh --bin OTHER/profilesync --users 10000 --top 20
#
# Prints the calls, those to the runtime's immortal empty collections (which
# write nothing), those to heap objects (not the null or tagged values the
# runtime ignores either), and those to objects that several threads retain 1,000
# times or more: counts shared by both cores' work, each change of which
# takes the count's cache line from the other core (22-27 ns a retain and
# release on two threads against 4.6 ns on one, in a C loop on this
# machine). Then the call sites that retain most, overall and of such
# shared objects. Counts move from run to run with how the work was split
# between threads: the calls by up to about 1.5%, those on shared objects
# by up to 15% (measured on 2026-12-07); run each build more than once.
#
# Needs root (perf probe adds and removes the uprobe) and perf with uprobe
# support. The run goes about twenty times slower under the probe; with the
# analysis, 10,000 users take about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

users=10000
out=bench-out
bin=""
top=15
while (($#)); do
    case "$1" in
        --users) users="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        --top) top="$2"; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
[[ "$top" =~ ^[1-9][0-9]*$ ]] || { echo "--top takes a positive number, not $top" >&2; exit 2; }
command -v perf >/dev/null || { echo "retains.sh needs perf" >&2; exit 2; }
source Benchmarks/exports.sh
[[ -n "$bin" ]] || bin="$(release_build)"
[[ -x "$bin" ]] || { echo "--bin: $bin is not an executable" >&2; exit 2; }
runtime="$(ldd "$bin" | awk '$1 == "libswiftCore.so" {print $3}')"
[[ -f "$runtime" ]] || { echo "cannot find the libswiftCore.so $bin runs with" >&2; exit 2; }

data="$(export_for "$bin" "$out" "$users")"
store="$data/profiles.db"
report="$out/retains-report.json"
work="$(mktemp -d)"
group="profilesync_retains"
cleanup() {
    perf probe -q -d "$group:*" >/dev/null 2>&1 || true
    rm -rf "$work"
    rm -f "$store" "$store"-* "$report"
}
trap cleanup EXIT
perf probe -q -d "$group:*" >/dev/null 2>&1 || true
perf probe -q -x "$runtime" --add "$group:retain=swift_retain object=%di:u64" \
    || { echo "perf probe could not add a uprobe on swift_retain (root is needed)" >&2; exit 2; }

rm -f "$store" "$store"-* "$report"
perf record -q -g -e "$group:retain" -o "$work/perf.data" \
    "$bin" sync --config "$data/profilesync.yaml" --quiet --report "$report" >/dev/null 2>"$work/stderr.txt" \
    || { echo "sync failed:" >&2; cat "$work/stderr.txt" >&2; exit 1; }

echo "$users users, first import with its JSON report: $bin"
echo
perf script -i "$work/perf.data" --show-mmap-events -F tid,trace,ip,sym --max-stack 3 2>/dev/null | python3 -c '
import collections, re, subprocess, sys
top = int(sys.argv[1])
count = collections.Counter()
threads = collections.defaultdict(set)
sites = collections.defaultdict(collections.Counter)
calls = 0
runtime = []
statics = 0
def take(obj, tid, frames):
    global calls, statics
    calls += 1
    # A value the runtime ignores: null, or the high bit set (tagged).
    if obj == 0 or obj >= 1 << 63:
        return
    # The runtime'"'"'s own objects (the empty array, dictionary and set):
    # immortal, so retaining one writes nothing.
    if any(start <= obj < end for start, end in runtime):
        statics += 1
        return
    count[obj] += 1
    threads[obj].add(tid)
    sites[obj][tuple(frames[1:3])] += 1
obj = tid = None
frames = []
header = re.compile(r"^\s*(\d+)\s.*object=(\d+)")
mapping = re.compile(r"PERF_RECORD_MMAP2? .*\[(0x[0-9a-f]+)\((0x[0-9a-f]+)\) .*libswiftCore\.so")
for line in sys.stdin:
    if "PERF_RECORD_MMAP" in line:
        match = mapping.search(line)
        if match:
            start = int(match.group(1), 16)
            runtime.append((start, start + int(match.group(2), 16)))
        continue
    if line.startswith("\t"):
        parts = line.split(None, 1)
        frames.append(parts[1].strip() if len(parts) > 1 else "?")
        continue
    match = header.match(line)
    if match:
        if obj is not None:
            take(obj, tid, frames)
        tid, obj, frames = match.group(1), int(match.group(2)), []
if obj is not None:
    take(obj, tid, frames)
heap = sum(count.values())
shared = {o for o, c in count.items() if c >= 1000 and len(threads[o]) >= 2}
on_shared = sum(count[o] for o in shared)
print(f"| swift_retain calls | {calls:,} |")
print(f"| to the runtime'"'"'s immortal objects (empty collections) | {statics:,} |")
print(f"| to heap objects | {heap:,} |")
print(f"| to objects several threads retain 1,000 times or more | {on_shared:,} ({len(shared)} objects) |")
def table(title, objects):
    totals = collections.Counter()
    for o in objects:
        totals.update(sites[o])
    ranked = totals.most_common(top)
    # Symbols demangled at once (closures read as "closure #2 in ...").
    names = sorted({name for site, _ in ranked for name in site})
    try:
        demangled = subprocess.run(
            ["swift", "demangle", "--simplified", "--compact"], input="\n".join(names), capture_output=True, text=True
        ).stdout.splitlines()
    except OSError:
        demangled = []  # no swift on PATH: the mangled names, then
    readable = dict(zip(names, demangled)) if len(demangled) == len(names) else {}
    print()
    print(f"| {title} | retains |")
    print("|---|---:|")
    for site, n in ranked:
        print("| " + " <- ".join(readable.get(name, name) for name in site).replace("|", "\\|") + f" | {n:,} |")
table("call site (retaining function <- its caller)", count.keys())
table("call site retaining a shared object", shared)
' "$top"
