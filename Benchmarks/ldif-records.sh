#!/bin/sh
# Records per second of the LDIF record path (LDIFReader → LDIFEntryMerger →
# every value read as the engine reads it), on the release build's objects.
# usage: Benchmarks/ldif-records.sh FILE.ldif [RUNS] [--reader-only]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product profilesync >/dev/null
objects=".build/release/LDIF.build/*.o .build/release/Diagnostics.build/*.o .build/release/UTF8Validation.build/*.o"
out=.build/release/ldif-records
# shellcheck disable=SC2086
swiftc -O -I .build/release/Modules Benchmarks/ldif-records.swift $objects -o "$out"
"$out" "$@"
