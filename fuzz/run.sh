#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 10) on the stable toolchain.
#   fuzz/run.sh 300        # five minutes per target
# Corpora are seeded from the fixtures; findings land in fuzz/artifacts/<target>/.
# A finding, once fixed, is kept in fuzz/regressions/<target>/ (tests/mutation.rs replays it).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-10}"
command -v cargo-fuzz > /dev/null || cargo install --locked cargo-fuzz
for target in $(cargo fuzz list); do
    vendor="${target%_*}"; kind="${target##*_}"
    crate="cancel-$vendor"; [ "$vendor" = core ] && crate=cancel-domain
    corpus="corpus/$target"
    mkdir -p "$corpus"
    for dir in valid invalid strict; do
        src="../crates/$crate/tests/fixtures/$kind/$dir"
        [ -d "$src" ] && cp "$src"/*.json "$corpus"/ 2> /dev/null || true
    done
    echo "==> $target ($seconds s)"
    cargo fuzz run --sanitizer none "$target" "$corpus" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
        | grep -E '^(stat::|#[0-9]+ *DONE|==|SUMMARY|.*panicked)' || true
    found=$(find "artifacts/$target" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' \
        -o -name 'oom-*' -o -name 'leak-*' \) 2> /dev/null | head -n 1)
    if [ -n "$found" ]; then
        echo "finding in $target: artifacts/$target" >&2
        exit 1
    fi
done
