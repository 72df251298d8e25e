#!/usr/bin/env bash
# Runs every fuzz target on the stable toolchain (`--sanitizer none`) and fails unless every
# target built, ran and executed the inputs it was asked for.
#   fuzz/run.sh 300                    # at most five minutes per target, a fresh random seed each
#   FUZZ_RUNS=20000 fuzz/run.sh 60     # CI smoke: seed 1, exactly 20 000 inputs per target
#                                      # (60 s is a ceiling: a target that needs longer fails)
#   fuzz/run.sh --deep                 # the long run: seed 1, 1 000 000 inputs per target,
#                                      # at most 3 600 s each (FUZZ_RUNS, FUZZ_SEED and the
#                                      # seconds argument override); its table goes in SECURITY.md
# With FUZZ_RUNS set the run is bounded and seeded: seed 1 (FUZZ_SEED picks another) and
# exactly FUZZ_RUNS inputs per target. libFuzzer's choices are not byte-for-byte identical
# between runs (two clean runs here grew corpora a few percent apart), so a finding that
# needs a lucky path can still differ; the budget and the checks do not.
# Corpora are seeded from the fixtures; findings land in fuzz/artifacts/<target>/.
# A finding, once fixed, is kept in fuzz/regressions/<target>/ (tests/mutation.rs replays it).
#
# The script fails (exit 1, with the reason on stderr) when:
# - `cargo fuzz list` fails, or does not list every fuzz_targets/*.rs (common.rs aside), or
#   lists fewer than FUZZ_EXPECTED_TARGETS (15) targets;
# - `cargo fuzz build` fails (a target does not compile), or `cargo fuzz run` exits non-zero
#   for any reason: a build error, a crash, a timeout, an out-of-memory (the last 60 lines of
#   the log are printed);
# - a target's log has no `stat::number_of_executed_units` (it never got to run), or the target
#   executed fewer inputs than FUZZ_RUNS (or none at all when FUZZ_RUNS is unset);
# - fuzz/artifacts/<target>/ holds a crash, timeout, oom or leak file (an old one too:
#   a finding is fixed, then moved to fuzz/regressions/).
# Full logs are kept in fuzz/logs/ (build.log, <target>.log); a table (target, inputs,
# exec/s, corpus size, seconds) is printed at the end, also when a target failed. exec/s is
# inputs over the wall time of the target's `cargo fuzz run` (corpus loading included).
set -euo pipefail
cd "$(dirname "$0")"

deep=false
if [ "${1:-}" = "--deep" ]; then
    deep=true
    shift
fi
if $deep; then
    seconds="${1:-3600}"
    runs="${FUZZ_RUNS:-1000000}"
else
    seconds="${1:-10}"
    runs="${FUZZ_RUNS:-}"
fi
expected_targets="${FUZZ_EXPECTED_TARGETS:-15}"

fail() {
    echo "fuzz/run.sh: FAIL: $*" >&2
    exit 1
}

budget=()
if [ -n "$runs" ]; then
    budget=(-runs="$runs" -seed="${FUZZ_SEED:-1}")
fi

command -v cargo-fuzz > /dev/null || cargo install --locked cargo-fuzz

if ! listed=$(cargo fuzz list); then
    fail "cargo fuzz list failed"
fi
read -r -a targets <<< "$(echo $listed)"
for file in fuzz_targets/*.rs; do
    name=$(basename "$file" .rs)
    [ "$name" = common ] && continue
    case " ${targets[*]} " in
        *" $name "*) ;;
        *) fail "fuzz_targets/$name.rs is not listed by cargo fuzz list (a [[bin]] missing in fuzz/Cargo.toml?)" ;;
    esac
done
if [ "${#targets[@]}" -lt "$expected_targets" ]; then
    fail "cargo fuzz list names ${#targets[@]} targets, expected at least $expected_targets: ${targets[*]}"
fi

mkdir -p logs
# Build every target first: a target that does not compile fails here, with the compiler's
# messages, whatever fuzz/artifacts/ holds.
echo "==> cargo fuzz build --sanitizer none (log fuzz/logs/build.log)"
if ! cargo fuzz build --sanitizer none > logs/build.log 2>&1; then
    echo "--- last 60 lines of fuzz/logs/build.log" >&2
    tail -n 60 logs/build.log >&2
    fail "cargo fuzz build failed (see above or fuzz/logs/build.log)"
fi
rows=()
failures=()
table() {
    printf '\n%-22s %12s %9s %8s %8s  %s\n' target inputs exec/s corpus seconds result
    local row
    for row in "${rows[@]}"; do
        # shellcheck disable=SC2086
        printf '%-22s %12s %9s %8s %8s  %s\n' $row
    done
}

for target in "${targets[@]}"; do
    vendor="${target%_*}"; kind="${target##*_}"
    crate="cancel-$vendor"; [ "$vendor" = core ] && crate=cancel-domain
    corpus="corpus/$target"
    mkdir -p "$corpus"
    seeded=0
    for dir in valid invalid strict; do
        src="../crates/$crate/tests/fixtures/$kind/$dir"
        if [ -d "$src" ]; then
            cp "$src"/*.json "$corpus"/
            seeded=$((seeded + $(find "$src" -maxdepth 1 -name '*.json' | wc -l)))
        fi
    done
    [ "$seeded" -gt 0 ] || fail "$target: no fixture under ../crates/$crate/tests/fixtures/$kind/ to seed the corpus"
    log="logs/$target.log"
    echo "==> $target (${runs:+$runs inputs, }at most $seconds s; log fuzz/$log)"
    started=$(date +%s%N)
    status=0
    cargo fuzz run --sanitizer none "$target" "$corpus" -- "${budget[@]}" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 > "$log" 2>&1 || status=$?
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    took=$(awk -v ms="$ms" 'BEGIN { printf "%.1f", ms / 1000 }')
    executed=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    # libFuzzer's own stat::average_exec_per_sec divides by whole seconds (0 under a
    # second): the rate here is inputs over the wall time of `cargo fuzz run`.
    rate=-
    if [ -n "$executed" ] && [ "$ms" -gt 0 ]; then
        rate=$(( executed * 1000 / ms ))
    fi
    size=$(find "$corpus" -maxdepth 1 -type f | wc -l)
    grep -E '^(stat::|#[0-9]+ *DONE|==[0-9]+== ERROR|SUMMARY|.*panicked)' "$log" || true
    reason=""
    if [ "$status" -ne 0 ]; then
        reason="cargo fuzz run exited $status (build error, crash, timeout or oom)"
    elif [ -z "$executed" ]; then
        reason="no stat::number_of_executed_units in the log: the target never ran"
    elif [ -n "$runs" ] && [ "$executed" -lt "$runs" ]; then
        reason="executed $executed inputs, fewer than the $runs asked (the $seconds s ceiling cut it short?)"
    elif [ "$executed" -eq 0 ]; then
        reason="executed no input"
    fi
    found=$(find "artifacts/$target" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' \
        -o -name 'oom-*' -o -name 'leak-*' \) 2> /dev/null | head -n 1)
    if [ -z "$reason" ] && [ -n "$found" ]; then
        reason="finding in fuzz/$found"
    fi
    if [ -n "$reason" ]; then
        echo "--- last 60 lines of fuzz/$log" >&2
        tail -n 60 "$log" >&2
        echo "$target: $reason" >&2
        failures+=("$target: $reason")
        rows+=("$target ${executed:--} $rate $size $took FAIL")
        # A build error fails every target alike: stop at the first failure.
        break
    fi
    rows+=("$target $executed $rate $size $took ok")
done

table
if [ "${#failures[@]}" -gt 0 ]; then
    fail "${failures[*]}"
fi
if [ "${#rows[@]}" -ne "${#targets[@]}" ]; then
    fail "ran ${#rows[@]} of ${#targets[@]} targets"
fi
echo "all ${#targets[@]} targets ran ${runs:+$runs inputs each }without a finding"
