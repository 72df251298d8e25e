#!/usr/bin/env bash
# Captures what `cancelkit` prints for every fixture (validate, validate --strict, normalize,
# convert to every other dialect), so a refactor can be checked byte for byte:
#
#   scripts/cli-snapshot.sh path/to/old/cancelkit snapshot-before
#   scripts/cli-snapshot.sh target/release/cancelkit snapshot-after
#   diff -r snapshot-before snapshot-after && echo identical
#
# Each command's stdout, stderr and exit code go to one file per fixture and command.
set -euo pipefail
bin=${1:?usage: cli-snapshot.sh CANCELKIT OUT_DIR}
out=${2:?usage: cli-snapshot.sh CANCELKIT OUT_DIR}
cd "$(dirname "$0")/.."
dialects="core chatbot mozu unicommerce occ omnitron"
mkdir -p "$out"

run() { # run NAME CMD... : stdout, stderr and exit code of one command into $out/NAME
    local name=$1
    shift
    local rc=0
    "$@" > "$out/$name.out" 2> "$out/$name.err" || rc=$?
    echo "$rc" > "$out/$name.rc"
}

for crate in crates/cancel-*/tests/fixtures; do
    vendor=${crate#crates/cancel-}
    vendor=${vendor%%/*}
    [ "$vendor" = domain ] && vendor=core
    for kind in request response error; do
        [ -d "$crate/$kind" ] || continue
        find "$crate/$kind" -name '*.json' | sort | while read -r fixture; do
            key=$(echo "$fixture" | tr '/' '_')
            run "$key.validate" "$bin" validate --vendor "$vendor" --kind "$kind" --format json "$fixture"
            run "$key.strict" "$bin" validate --vendor "$vendor" --kind "$kind" --strict "$fixture"
            run "$key.normalize" "$bin" normalize --vendor "$vendor" --kind "$kind" "$fixture"
            [ "$kind" = error ] && continue
            for to in $dialects; do
                [ "$to" = "$vendor" ] && continue
                run "$key.to-$to" "$bin" convert --from "$vendor" --to "$to" --kind "$kind" \
                    --default-reason changed_mind --report - "$fixture"
            done
        done
    done
done
for vendor in $dialects; do
    for kind in request response error; do
        run "schema.$vendor.$kind" "$bin" schema --vendor "$vendor" --kind "$kind"
    done
done
echo "$(find "$out" -name '*.rc' | wc -l) commands captured in $out"
