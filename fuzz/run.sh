#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 10) on the stable toolchain.
#   fuzz/run.sh 300                    # five minutes per target, a fresh random seed each
#   FUZZ_RUNS=20000 fuzz/run.sh 60     # CI: seed 1, at most 20 000 inputs (or 60 s) per target
# With FUZZ_RUNS set the run is repeatable: the same seed and corpus give the same inputs,
# so a smoke run that passed here passes on CI (FUZZ_SEED picks another seed).
# Corpora are seeded from the fixtures; findings land in fuzz/artifacts/<target>/.
# A finding, once fixed, is kept in fuzz/regressions/<target>/ (tests/mutation.rs replays it).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-10}"
budget=()
if [ -n "${FUZZ_RUNS:-}" ]; then
    budget=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
fi
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
    echo "==> $target (${FUZZ_RUNS:+$FUZZ_RUNS runs, }at most $seconds s)"
    cargo fuzz run --sanitizer none "$target" "$corpus" -- "${budget[@]}" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
        | grep -E '^(stat::|#[0-9]+ *DONE|==|SUMMARY|.*panicked)' || true
    found=$(find "artifacts/$target" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' \
        -o -name 'oom-*' -o -name 'leak-*' \) 2> /dev/null | head -n 1)
    if [ -n "$found" ]; then
        echo "finding in $target: artifacts/$target" >&2
        exit 1
    fi
done
