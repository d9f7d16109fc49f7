#!/usr/bin/env bash
# The commit's floor: how long SQLite alone takes to write a store's rows.
#
# Copies every row of STORE (a store a first `sync` wrote) into an empty
# store of the same schema and page size, the way a first run's commit does:
# one transaction, rollback journal, synchronous FULL, the 2 MiB page
# cache a first run's commit takes, the profile and change indexes but the
# state index dropped before the inserts and built after them on two
# threads. Rows go in STORE's own order, which for a store this version
# wrote is the commit's (profiles in key order, `KeyOrder`).
# Nothing is encoded or decoded on the way: the time is SQLite's B-tree
# work, its page writes and the final sync, plus reading STORE itself (so
# it is a little above SQLite's share of a commit, never below it). Compare
# it with the `commit` line of `sync --timings` on the same export.
#
#   Benchmarks/store-floor.sh bench-out/data-100000/profiles.db [--repeat 5]
#
# Needs the sqlite3 shell. Prints each repetition and the median.
set -euo pipefail
(($#)) || { sed -n '2,17p' "$0"; exit 2; }
source_store="$1"; shift
repeat=5
while (($#)); do
    case "$1" in
        --repeat) repeat="$2"; shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
command -v sqlite3 >/dev/null || { echo "store-floor.sh needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }
[[ -f "$source_store" ]] || { echo "no store at $source_store" >&2; exit 2; }
source_store="$(cd "$(dirname "$source_store")" && pwd)/$(basename "$source_store")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
target="$work/floor.db"
page_size=$(sqlite3 "$source_store" "PRAGMA page_size")
profiles=$(sqlite3 "$source_store" "SELECT count(*) FROM profiles")
# The indexes a first run drops and rebuilds (ProfileStore.dropIndexesOfEmptyTables,
# which keeps ProfileStore.keptIndexes).
dropped="type = 'index' AND tbl_name IN ('profiles', 'changes') AND sql IS NOT NULL AND name <> 'profiles_state'"
index_sql=$(sqlite3 "$source_store" "SELECT sql || ';' FROM sqlite_schema WHERE $dropped ORDER BY name")
index_names=$(sqlite3 "$source_store" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_schema WHERE $dropped ORDER BY name")
tables=(runs catalogue profiles changes groups)

times=()
for ((i = 1; i <= repeat; i++)); do
    rm -f "$target" "$target-journal"
    { echo "PRAGMA page_size = $page_size;"; sqlite3 "$source_store" .schema; echo "$index_names"; } | sqlite3 "$target" >/dev/null
    sync
    inserts=""
    # `WHERE 1` keeps SQLite from copying a table's pages whole into an
    # empty one of the same shape (its transfer optimisation): the rows go
    # in one by one, as the commit's inserts do.
    for table in "${tables[@]}"; do inserts+="INSERT INTO main.$table SELECT * FROM src.$table WHERE 1;"; done
    start=$(date +%s.%N)
    sqlite3 "$target" >/dev/null <<SQL
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = OFF;
PRAGMA cache_size = -2048;
ATTACH '$source_store' AS src;
BEGIN;
$inserts
PRAGMA threads = 2;
$index_sql
COMMIT;
SQL
    end=$(date +%s.%N)
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    times+=("$seconds")
    echo "repetition $i: $seconds s ($(stat -c %s "$target") bytes written)"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "SQLite alone, $profiles profiles, page size $page_size: median $median s of $repeat"
