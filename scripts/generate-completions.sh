#!/bin/sh
# Regenerates completions/ from the argument parser of the built tool, so the
# scripts can never list a flag the parser does not know (or miss one it does).
# Run after changing any command's options and commit the result:
#
#   scripts/generate-completions.sh            # uses .build/debug/profilesync, building it if needed
#   PROFILESYNC_BIN=/path/to/profilesync scripts/generate-completions.sh
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${PROFILESYNC_BIN:-"$root/.build/debug/profilesync"}
if [ ! -x "$bin" ]; then
    (cd "$root" && swift build --product profilesync)
fi

out="$root/completions"
mkdir -p "$out"
# Written to temporary files and renamed: a failed generation leaves the old scripts whole.
for shell in bash zsh fish; do
    case $shell in
        bash) file=profilesync.bash ;;
        zsh) file=_profilesync ;;
        fish) file=profilesync.fish ;;
    esac
    "$bin" --generate-completion-script "$shell" > "$out/$file.tmp"
    if [ ! -s "$out/$file.tmp" ]; then
        rm -f "$out/$file.tmp"
        echo "generate-completions: $shell script is empty" >&2
        exit 1
    fi
    mv "$out/$file.tmp" "$out/$file"
    echo "wrote completions/$file"
done
