#!/usr/bin/env bash
# Builds ProfileSync's libFuzzer targets and runs them (issue #7, item 6).
#
#   Fuzz/run.sh                      build, seed, run every target 600 s, 2 at a time
#   Fuzz/run.sh FuzzCSV FuzzLDIF     only those targets
#   Fuzz/run.sh --build-only         build and write seeds, run nothing
#   Fuzz/run.sh --no-build FuzzCSV   run what was built last (seeds are rewritten)
#   FUZZ_TIME=60 FUZZ_JOBS=1 Fuzz/run.sh
#   Fuzz/run.sh --reproduce FuzzLDIF fuzz-out/artifacts/FuzzLDIF/crash-…
#   Fuzz/run.sh --summary            the table of the last runs' logs again
#
# Everything it writes goes under fuzz-out/ (git-ignored): seeds/, corpus/
# (what libFuzzer learns; reused by later runs), artifacts/ (crashes, hangs,
# OOMs), logs/, and summary.txt. The build lives in Fuzz/.build-fuzz.
#
# Sanitizers: libFuzzer + AddressSanitizer for everything (Swift and C);
# UndefinedBehaviorSanitizer for the C code only (libyaml inside Yams,
# BoringSSL, SQLite's headers) — swiftc on Linux rejects
# `-sanitize=undefined`, and Swift code traps on overflow and out-of-bounds
# access by itself in a debug build, which is what UBSan would add.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=${FUZZ_OUT:-$root/fuzz-out}
scratch=${FUZZ_SCRATCH:-$here/.build-fuzz}
seconds=${FUZZ_TIME:-600}
jobs=${FUZZ_JOBS:-2}
all_targets=(FuzzLDIF FuzzCSV FuzzLDAPFilter FuzzExpression FuzzConfiguration)

# Longest input libFuzzer generates, per target: whole small files for the
# readers (chunk and fold boundaries need some length), one line of text for
# filters and expressions, a short configuration file.
max_len() {
    case $1 in
        FuzzLDIF) echo 16384 ;;
        FuzzCSV) echo 16384 ;;
        FuzzLDAPFilter) echo 4096 ;;
        FuzzExpression) echo 4096 ;;
        FuzzConfiguration) echo 8192 ;;
    esac
}

build() {
    echo "== building fuzz targets (debug, fuzzer + address; C code also undefined) in $scratch"
    # grep drops the linker's thousands of ASan "Cannot export local symbol"
    # warnings; with pipefail the pipeline still fails when swift build does.
    # (A scratch folder that was moved or renamed fails here: its module cache
    # records the old path. Delete it and build again.)
    if ! swift build -c debug --package-path "$here" --scratch-path "$scratch" \
        --sanitize=fuzzer --sanitize=address \
        -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined \
        2>&1 | { grep -v "Cannot export local symbol" || true; }; then
        echo "build failed" >&2
        exit 1
    fi
}

# Writes one seed file; the name is a short label, the content the arguments
# as printf would print them.
seed() {
    local dir=$1 name=$2
    shift 2
    # shellcheck disable=SC2059
    printf "$@" >"$dir/$name"
}

# Seeds: the repository's fixtures, small hand-written inputs aimed at the
# grammar's corners, and — read at run time, never copied into the
# repository — the shared third-party corpus beside the project if present.
write_seeds() {
    local shared=$root/../shared/corpus dir f n
    rm -rf "$out/seeds" "$out/dict"
    mkdir -p "$out/dict"
    for target in "${all_targets[@]}"; do mkdir -p "$out/seeds/$target"; done

    # LDIF: first byte = options (bit 0 strict, bit 1 keep secrets, bit 2 merger).
    dir=$out/seeds/FuzzLDIF
    n=0
    while IFS= read -r f; do
        n=$((n + 1))
        { printf '\000'; head -c 16000 "$f"; } >"$dir/file$n-lenient"
        { printf '\005'; head -c 16000 "$f"; } >"$dir/file$n-strict-merged"
    done < <(find "$root/fixtures" "$shared/ldif" -type f \( -name '*.ldif' -o -name '*.slapadd' \) 2>/dev/null | sort)
    seed "$dir" version '\000version: 1\ndn: cn=a,dc=x\ncn: a\n\n'
    seed "$dir" base64 '\000dn:: Y249w6ks\nobjectGUID:: AQIDBAUGBwgJCgsMDQ4PEA==\nthumbnailPhoto:: /9j/\n\n'
    seed "$dir" folded '\000dn: cn=long,\n dc=x\ndescription: a\n  b\n c\r\n\r\n'
    seed "$dir" modify '\000dn: cn=g,dc=x\nchangetype: modify\nadd: member\nmember: cn=a\n-\nreplace: mail\nmail: m@x\n-\ndelete: sn\n-\n\n'
    seed "$dir" moddn '\001dn: cn=a,dc=x\ncontrol: 1.2.840.113556.1.4.805 true: AA==\nchangetype: moddn\nnewrdn: cn=b\ndeleteoldrdn: 1\nnewsuperior: ou=y,dc=x\n\n'
    seed "$dir" delete '\000dn: cn=a,dc=x\nchangetype: delete\n\n'
    seed "$dir" split-group '\004dn: cn=g,dc=x\nobjectClass: group\nmember;range=0-1: cn=a\nmember;range=2-*: cn=b\n\ndn: cn=g,dc=x\nchangetype: modify\nadd: member\nmember: cn=c\n-\n\n'
    seed "$dir" secrets '\000dn: cn=a,dc=x\nuserPassword: x\nunicodePwd:: IgBwACIA\nmsDS-ManagedPassword: y\n\n'
    seed "$dir" url '\000dn: cn=a,dc=x\njpegPhoto:< file:///etc/passwd\n\n'
    seed "$dir" comment '\000# comment\n#  folded\n comment\ndn: cn=a\n\n\n'
    seed "$dir" nul '\000dn: cn=a\000b\ncn: \377\376\n\n'
    # Bit 3: the counting path (inspect --summary) against the record path.
    seed "$dir" summary '\010version: 1\n\ndn: cn=a\nchangetype: add\nobjectClass: top\nCN: a\ncn: b\nobjectGUID:: AQIDBAUGBwgJCgsMDQ4PEA==\nuserPassword: x\n\ndn: cn=a\nchangetype: modify\nadd: member\nmember: cn=b\n-\n\n'
    seed "$dir" summary-strict '\011dn: cn=a\nobjectClass:: /w==\ncn:: ***\n\ndn: cn=b\nchangetype: delete\n\n'
    cat >"$out/dict/FuzzLDIF.dict" <<'EOF'
"dn:"
"dn::"
"version: 1"
"changetype:"
" add"
" modify"
" delete"
" moddn"
" modrdn"
"add:"
"replace:"
"delete:"
"increment:"
"newrdn:"
"deleteoldrdn:"
"newsuperior:"
"control:"
" true"
"::"
":<"
"file:///"
"\x0a-\x0a"
"\x0a "
"\x0d\x0a"
"\x0a\x0a"
"member;range=0-1499:"
";range=1500-*"
";binary"
"objectGUID::"
"objectSid::"
"userPassword:"
"objectClass:"
"=="
EOF

    # CSV: first byte = options (delimiter, encoding, strict, no header),
    # second = chunk size (< 240: 16 + byte; else 1 MiB).
    dir=$out/seeds/FuzzCSV
    n=0
    while IFS= read -r f; do
        n=$((n + 1))
        { printf '\000\377'; head -c 16000 "$f"; } >"$dir/file$n-whole"
        { printf '\000\000'; head -c 16000 "$f"; } >"$dir/file$n-chunk16"
    done < <(find "$root/fixtures" "$shared/csv" -type f \( -name '*.csv' -o -name '*.tsv' -o -name '*.txt' \) 2>/dev/null | sort)
    seed "$dir" quoted '\000\020a,b,c\r\n"x,1","he said ""hi""",\r\n"multi\nline",2,3\r\n'
    seed "$dir" bom8 '\000\003\357\273\277id;name\n1;\303\251\n'
    seed "$dir" utf16le '\004\005\377\376i\000d\000,\000n\000\n\0001\000,\000\x3d\xd8\x00\xde\n\000'
    seed "$dir" utf16be '\014\005\376\377\000i\000d\000\t\000n\000\n'
    seed "$dir" cp1252 '\020\377id|name\n1|\200\351\n'
    seed "$dir" ragged '\040\377a,b\n1\n1,2,3\n"unterminated\n'
    seed "$dir" noheader '\100\377\n\n1,2\n,,\n'
    cat >"$out/dict/FuzzCSV.dict" <<'EOF'
"\x22"
"\x22\x22"
"\x0d\x0a"
"\xef\xbb\xbf"
"\xff\xfe"
"\xfe\xff"
","
";"
"\x09"
"|"
"\xe2\x82\xac"
"\x80"
EOF

    # LDAP filters: every `filter:` in the fixtures plus hand-written ones.
    dir=$out/seeds/FuzzLDAPFilter
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" >"$dir/fixture$n"
    done < <(grep -ho 'filter: *"[^"]*"' "$root"/fixtures/*/*.yaml "$root"/fixtures/*/*/*.yaml 2>/dev/null | sed 's/^filter: *"//; s/"$//' || true)
    seed "$dir" and '(&(objectClass=user)(!(sAMAccountName=svc-*))(|(mail=*)(cn=Ada*Love*ace)))'
    seed "$dir" ranges '(&(whenCreated>=20200101000000.0Z)(employeeID<=99999)(cn~=ada))'
    seed "$dir" bits '(userAccountControl:1.2.840.113556.1.4.803:=2)'
    seed "$dir" bitor '(userAccountControl:1.2.840.113556.1.4.804:=514)'
    seed "$dir" chain '(memberOf:1.2.840.113556.1.4.1941:=CN=Staff,OU=Groups,DC=contoso,DC=com)'
    seed "$dir" escapes '(cn=\\2a\\28\\29\\5c\\00\\c3\\a9)'
    seed "$dir" extensible '(cn:dn:caseIgnoreMatch:=Ada)'
    seed "$dir" binary '(objectGUID=\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10)'
    seed "$dir" bare 'objectClass=*'
    cat >"$out/dict/FuzzLDAPFilter.dict" <<'EOF'
"(&"
"(|"
"(!"
")"
"=*"
"~="
">="
"<="
"*"
":dn:"
":1.2.840.113556.1.4.803:="
":1.2.840.113556.1.4.804:="
":1.2.840.113556.1.4.1941:="
":caseIgnoreMatch:="
"\x5c2a"
"\x5c00"
"objectClass"
"memberOf"
"userAccountControl"
"objectGUID"
"CN=Engineers,OU=Groups,DC=contoso,DC=com"
EOF

    # Expressions: every `expression:` in the fixtures, one call of each
    # function, and operator mixes.
    dir=$out/seeds/FuzzExpression
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" >"$dir/fixture$n"
    done < <(grep -ho "expression: *'[^']*'" "$root"/fixtures/*/*.yaml "$root"/fixtures/*/*/*.yaml 2>/dev/null | sed "s/^expression: *'//; s/'\$//" || true)
    seed "$dir" strings 'PCase(Trim(LCase([cn]))) & " " & UCase(Left([givenName], 1)) & Mid([sn], 2, 3) & Right([sn], 2)'
    seed "$dir" search 'InStr([mail], "@", 1, 0) & Len([mail]) & Replace([mail], "@", " at ") & ReplaceChars([displayName], "ä:a,ö:o")'
    seed "$dir" words 'Word([cn], 2, " ") & NormalizeDiacritics([displayName])'
    seed "$dir" lists 'Join(RemoveDuplicates([memberOf]), ";") & Count([proxyAddresses]) & Item(Split([cn], " "), 1) & Contains([proxyAddresses], "smtp:ada@contoso.com", 0)'
    seed "$dir" choice 'IIF(IsPresent([mail]) AND NOT IsNullOrEmpty([department]), Coalesce([department], "none"), Switch([employeeID], "default", "00042", "A", "1", "B"))'
    seed "$dir" bits 'IIF(IsBitSet([userAccountControl], 1), "disabled", BitAnd([userAccountControl], 512))'
    seed "$dir" dn 'DNComponent([manager], 1) & DNComponentRev([distinguishedName], 1, "DC") & EscapeDNComponent("CN=a,b+c")'
    seed "$dir" ids 'StringFromGuid([objectGUID]) & StringFromSid([objectSid]) & PrimarySmtp([proxyAddresses])'
    seed "$dir" dates 'FormatDateTime([whenCreated], "yyyyMMddHHmmss.f\x27Z\x27", "yyyy-MM-dd") & DateFromNum([lastLogonTimestamp]) & CDate([hireDate])'
    seed "$dir" numbers 'CNum([salary]) + 1 & CStr(CNum([big])) & CNum([small]) & ConvertFromBase64([base64], "UTF8")'
    seed "$dir" compare '[contoso.sn] <> "x" OR [employeeID] >= 42 AND [salary] < 0.5 OR [cn] = [CN]'
    cat >"$out/dict/FuzzExpression.dict" <<'EOF'
"("
")"
"["
"]"
"[contoso."
","
"&"
"\x22"
"="
"<>"
"<="
">="
" AND "
" OR "
"NOT "
"True"
"False"
"Null"
EOF
    # The function names come from the source, so a new function is fuzzed too.
    grep -o '= "[A-Za-z]*"' "$root"/Sources/ProfileCore/Expressions/ExpressionFunction.swift \
        | sed 's/= "\(.*\)"/"\1("/' | sort -u >>"$out/dict/FuzzExpression.dict" || true

    # Configurations: every YAML file in the fixtures, and small variations.
    dir=$out/seeds/FuzzConfiguration
    n=0
    for f in "$root"/fixtures/*/*.yaml "$root"/fixtures/*/*/*.yaml; do
        [[ -f $f ]] || continue
        n=$((n + 1))
        head -c 8000 "$f" >"$dir/fixture$n.yaml"
    done
    seed "$dir" minimal 'store: p.db\nconnections:\n  - { name: c, type: ldif, files: [a.ldif] }\n'
    seed "$dir" anchors 'store: &s p.db\nx: *s\nconnections: [ { name: c, type: csv, file: h.csv, model: m.bdcm, entity: E } ]\nproperties: { A: c.a, B: { expression: "[c.a]" } }\n'
    seed "$dir" typos 'stor: p.db\nconnections:\n  - name: c\n    typ: ldif\n    deletion: { threshold: "5%%" }\nschedule: "Every 0 minutes"\n'
    seed "$dir" flow '{store: p.db, connections: [], properties: {}, deletion: {threshold: 100%%}}'
    seed "$dir" bom '\357\273\277store: p.db\n'
    seed "$dir" tags 'store: !!binary AAAA\nconnections: !!map {}\n? complex\n: key\n--- \n...\n'
    # The keys the fixtures use, so mutations stay near valid configurations.
    grep -ho '^[[:space:]-]*[A-Za-z][A-Za-z-]*:' "$root"/fixtures/*/*.yaml "$root"/fixtures/*/*/*.yaml 2>/dev/null \
        | sed 's/^[[:space:]-]*//; s/^\(.*\)$/"\1 "/' | sort -u >"$out/dict/FuzzConfiguration.dict" || true
}

run_one() {
    local target=$1 binary=$scratch/debug/$1
    mkdir -p "$out/corpus/$target" "$out/artifacts/$target" "$out/logs"
    # -timeout: an input taking 10 s is a hang and counts as a crash.
    # -rss_limit_mb: runaway memory is an OOM crash, not a slow machine.
    # nice: the machine is shared; fuzzing takes the leftover CPU.
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
        nice -n 10 "$binary" "$out/corpus/$target" "$out/seeds/$target" \
        -dict="$out/dict/$target.dict" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len "$target")" \
        -artifact_prefix="$out/artifacts/$target/" \
        -print_final_stats=1 >"$out/logs/$target.log" 2>&1
}

summarize() {
    local target log execs rate time cov0 cov new rss crashes status
    {
        printf '%-18s %10s %7s %7s %11s %6s %7s %7s %s\n' \
            target executions exec/s seconds cov:start→end new-units peak-MB crashes status
        for target in "$@"; do
            log=$out/logs/$target.log
            [[ -f $log ]] || continue
            execs=$(stat_of number_of_executed_units "$log")
            rate=$(stat_of average_exec_per_sec "$log")
            new=$(stat_of new_units_added "$log")
            rss=$(stat_of peak_rss_mb "$log")
            time=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | awk '{print $5}' || true)
            cov0=$(grep -a 'INITED' "$log" | grep -o 'cov: [0-9]*' | awk '{print $2}' || true)
            cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}' || true)
            crashes=$(find "$out/artifacts/$target" -type f | wc -l)
            if grep -aq 'ERROR: \(libFuzzer\|AddressSanitizer\|LeakSanitizer\|UndefinedBehaviorSanitizer\)\|runtime error:\|Fatal error' "$log"; then
                status=FAILED
            elif [[ -n $time ]]; then status=ok; else status=incomplete; fi
            printf '%-18s %10s %7s %7s %11s %6s %7s %7s %s\n' "$target" "${execs:--}" "${rate:--}" \
                "${time:--}" "${cov0:--}→${cov:--}" "${new:--}" "${rss:--}" "$crashes" "$status"
        done
    } | tee "$out/summary.txt"
}

# One of libFuzzer's -print_final_stats values from a log.
stat_of() {
    grep -ao "stat::$1: *[0-9]*" "$2" | awk '{print $2}' || true
}

if [[ ${1:-} == --summary ]]; then
    # Re-reads the logs of earlier runs.
    summarize "${all_targets[@]}"
    exit 0
fi

if [[ ${1:-} == --reproduce ]]; then
    # Runs the target once on the given inputs: shows the stack of a crasher.
    target=$2
    shift 2
    exec "$scratch/debug/$target" -runs=1 "$@"
fi

build_only=false
skip_build=false
targets=()
for argument in "$@"; do
    case $argument in
        --build-only) build_only=true ;;
        --no-build) skip_build=true ;;
        Fuzz*) targets+=("$argument") ;;
        *) echo "unknown argument: $argument" >&2; exit 2 ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")

mkdir -p "$out"
$skip_build || build
write_seeds
$build_only && exit 0

echo "== fuzzing ${targets[*]}: $seconds s each, $jobs at a time; logs in $out/logs"
running=0
for target in "${targets[@]}"; do
    if ((running >= jobs)); then
        wait -n || true
        running=$((running - 1))
    fi
    echo "$(date -u +%H:%M:%S) start $target"
    run_one "$target" &
    running=$((running + 1))
done
# A target that finds a crash exits non-zero; the summary says which.
wait || true
# Every target with a log, so runs started separately end in one table.
summarize "${all_targets[@]}"
! grep -q 'FAILED\|incomplete' <(tail -n +2 "$out/summary.txt")
