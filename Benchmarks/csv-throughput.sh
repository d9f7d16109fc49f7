#!/bin/sh
# Throughput of `profilesync inspect` on a generated CSV extract (default ~100 MB).
# Usage: Benchmarks/csv-throughput.sh [MEGABYTES] [RUNS]
# Prints the median wall time and MB/s over RUNS runs, for --summary
# (reads and checks every row) and for full JSON Lines output to /dev/null.
set -eu
cd "$(dirname "$0")/.."
size_mb=${1:-100}
runs=${2:-5}
work=${TMPDIR:-/tmp}/profilesync-csv-bench
mkdir -p "$work"
input="$work/hr-${size_mb}mb.csv"
swift build -c release --product profilesync >/dev/null
tool=.build/release/profilesync

if [ ! -f "$input" ]; then
    # HR-like rows: quoted fields with commas and doubled quotes, UTF-8 names, CRLF.
    LC_ALL=C awk -v limit=$((size_mb * 1024 * 1024)) 'BEGIN {
        split("Jo Alan Maria Søren Zoë Li Priya O'"'"'Brien", first, " ")
        split("Sales|Engineering|\"R&D, Labs\"|Finance|Human Resources", dept, "|")
        printf "EmployeeID,FirstName,LastName,Email,Department,Title,Manager,HireDate,CostCenter,Phone\r\n"
        size = 0
        for (i = 1; size < limit; i++) {
            f = first[i % 8 + 1]; l = "Name" (i % 5000)
            line = sprintf("%d,%s,%s,%s.%s@contoso.example,%s,\"Senior \"\"Lead\"\" Analyst\",%d,2015-%02d-%02d,CC-%04d,+1 555 %07d\r\n",
                i, f, l, tolower(f), tolower(l), dept[i % 5 + 1], int(i / 10), i % 12 + 1, i % 28 + 1, i % 9999, i)
            printf "%s", line
            size += length(line)
        }
    }' > "$input"
fi
bytes=$(wc -c < "$input")

measure() {
    label=$1
    shift
    times=""
    i=0
    while [ $i -lt "$runs" ]; do
        start=$(date +%s.%N)
        "$@" > /dev/null
        end=$(date +%s.%N)
        times="$times $(echo "$end - $start" | bc)"
        i=$((i + 1))
    done
    median=$(echo "$times" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$label: median of $runs = ${median}s, $(echo "scale=1; $bytes / 1048576 / $median" | bc) MB/s ($bytes bytes)"
}

measure "inspect --summary" "$tool" inspect --summary "$input"
measure "inspect (JSON Lines)" "$tool" inspect "$input"
