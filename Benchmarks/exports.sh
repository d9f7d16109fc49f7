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

# delta_config DATA: prints DATA/delta/profilesync.yaml, first written when
# missing: `generate` writes delta.ldif but no configuration for it, so this
# is the export's own, reading the delta, with paths one folder up.
delta_config() {
    local data="$1"
    if [[ ! -f "$data/delta/profilesync.yaml" ]]; then
        mkdir -p "$data/delta"
        sed -e 's#^store: #store: ../#' -e 's#files: \[contoso.ldif\]#files: [../delta.ldif]#' \
            -e 's#file: hr.csv#file: ../hr.csv#' -e 's#model: models/#model: ../models/#' \
            "$data/profilesync.yaml" >"$data/delta/profilesync.yaml"
    fi
    echo "$data/delta/profilesync.yaml"
}
