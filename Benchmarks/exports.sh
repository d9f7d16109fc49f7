# Sourced by the benchmark scripts (bench.sh, stages.sh, first-next.sh): the
# build they measure when none is named, and the exports they share.

# release_build: builds this checkout's profilesync for release and prints its path.
release_build() {
    swift build -c release --product profilesync >&2
    echo "$(swift build -c release --show-bin-path)/profilesync"
}

# export_for BIN OUT USERS: prints OUT/data-USERS, first made by `BIN
# generate` when it holds no export. Every script makes it with the same
# seed and drift, so any of them reuses what another made.
export_for() {
    local bin="$1" out="$2" users="$3"
    local data="$out/data-$users"
    if [[ ! -f "$data/contoso.ldif" ]]; then
        rm -rf "$data"
        mkdir -p "$out"
        "$bin" generate --users "$users" --out "$data" --seed 1 --drift 0.02 >&2
    fi
    echo "$data"
}
