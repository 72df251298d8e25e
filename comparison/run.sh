#!/usr/bin/env bash
# comparison/run.sh: typed streaming conversion (`cancelkit convert --ndjson`) against jq
# filters that produce the same bytes, and against the untyped serde_json::Value
# pass-through of the same bytes; peak memory; one-document runs with process start.
# Writes BENCHMARKS.md (the figures, the commands, the machine).
#
#   comparison/run.sh                 # everything (about 10 minutes on 2 cores)
#   RUNS=5 comparison/run.sh          # more repetitions (the best run of each command counts)
#   SCALE=0.1 BIG_MIB=0 SKIP_CRITERION=1 comparison/run.sh   # a quick smoke run
#
# Environment: SEED (42), SCALE (1: 100k chatbot, 200k Kibo, 20k Unicommerce requests,
# 1k OCC orders), RUNS (3), ONE_RUNS (200), BIG_MIB (1024; 0 skips the large-file run),
# SKIP_CRITERION (unset; 1 skips the in-process OCC bench), SKIP_SERVE (unset; 1 skips the
# `serve` comparison), SERVE_SECONDS (10 per wrk run), CANCELKIT (a prebuilt binary
# instead of `cargo build --release`), ECHO (a prebuilt `axum_echo` example), JQ (jq),
# OUT (target/compare), BENCHMARKS_MD (BENCHMARKS.md).
#
# Public tools only: bash, python3 (comparison/gen.py, the seeded corpus generator, and the
# report), jq, GNU time (/usr/bin/time -v), cmp, valgrind (instruction counts; skipped
# without it), wrk (the `serve` comparison), and hyperfine when it can be had (otherwise a
# timed loop).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SEED=${SEED:-42}
SCALE=${SCALE:-1}
RUNS=${RUNS:-3}
ONE_RUNS=${ONE_RUNS:-200}
BIG_MIB=${BIG_MIB:-1024}
JQ=${JQ:-jq}
OUT=${OUT:-target/compare}
MD=${BENCHMARKS_MD:-BENCHMARKS.md}
CORPUS=$OUT/corpus
POLICY=examples/data/policy.toml
RESULTS=$OUT/results.tsv

die() { echo "comparison/run.sh: $*" >&2; exit 2; }
command -v python3 >/dev/null || die "python3 is required"
command -v "$JQ" >/dev/null || die "jq is required (Debian: apt-get install jq)"
command -v cmp >/dev/null || die "cmp is required"
[ -x /usr/bin/time ] || die "GNU time is required at /usr/bin/time (Debian: apt-get install time)"
if ! command -v hyperfine >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y hyperfine >/dev/null 2>&1 || true
fi

mkdir -p "$OUT"
: >"$RESULTS"
record() { printf '%s\t%s\n' "$1" "$2" >>"$RESULTS"; }

# --- build -------------------------------------------------------------------------------
if [ -n "${CANCELKIT:-}" ]; then
    BIN=$CANCELKIT
else
    echo "== cargo build --release -p cancel-cli" >&2
    cargo build --release -p cancel-cli >&2
    BIN=target/release/cancelkit
fi
[ -x "$BIN" ] || die "no binary at $BIN"

# --- corpora -----------------------------------------------------------------------------
stamp="seed=$SEED scale=$SCALE gen=$(sha256sum comparison/gen.py | cut -c1-16)"
if [ "$(cat "$CORPUS/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "== python3 comparison/gen.py $CORPUS --seed $SEED --scale $SCALE" >&2
    rm -rf "$CORPUS"
    python3 comparison/gen.py "$CORPUS" --seed "$SEED" --scale "$SCALE"
    echo "$stamp" >"$CORPUS/.stamp"
fi

# --- the three mappings ------------------------------------------------------------------
# name | corpus | cancelkit convert arguments | jq invocation (FILE is the input)
PAIRS=(chatbot_mozu mozu_occ unicommerce_omnitron)
corpus_of() {
    case $1 in
        chatbot_mozu) echo chatbot ;;
        mozu_occ) echo kibo ;;
        unicommerce_omnitron) echo unicommerce ;;
        occ_core) echo occ ;;
    esac
}
typed_args() { # pair [orders file]
    case $1 in
        chatbot_mozu) echo "convert --from chatbot --to mozu --default-reason changed_mind" ;;
        mozu_occ) echo "convert --from mozu --to occ --policy $POLICY" ;;
        unicommerce_omnitron) echo "convert --from unicommerce --to omnitron --policy $POLICY --orders ${2:-$CORPUS/orders.json}" ;;
        occ_core) echo "convert --from occ --to core --kind response" ;;
    esac
}
jq_cmd() { # pair file [orders file]
    case $1 in
        unicommerce_omnitron) echo "$JQ -n -c --slurpfile orders ${3:-$CORPUS/orders.json} -f comparison/jq/$1.jq $2" ;;
        *) echo "$JQ -c -f comparison/jq/$1.jq $2" ;;
    esac
}
typed_cmd() { echo "$BIN $(typed_args "$1") --ndjson $2"; }
typed1_cmd() { echo "$BIN $(typed_args "$1") --threads 1 --ndjson $2"; }
pass_cmd() { echo "$BIN $(typed_args "$1") --passthrough --ndjson $2"; }
pass1_cmd() { echo "$BIN $(typed_args "$1") --passthrough --threads 1 --ndjson $2"; }

# Runs "$@" with stdout to $OUT/stdout, stderr to /dev/null; sets w (wall seconds) and r
# (max RSS KiB). A command that fails or writes nothing stops the script: a failed
# measurement must not turn into a missing row.
timed() {
    local t0 t1 status=0
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$OUT/time.txt" "$@" >"$OUT/stdout" 2>/dev/null || status=$?
    t1=$(date +%s%N)
    [ "$status" -eq 0 ] || die "measurement failed (exit $status): $*"
    [ -s "$OUT/stdout" ] || die "measurement wrote nothing: $*"
    read -r w r < <(echo "$(( (t1 - t0) / 1000 )) $(tail -n 1 "$OUT/time.txt")" |
        awk '{ printf "%.6f %d\n", $1 / 1e6, $2 }')
    [ -n "$w" ] && [ -n "$r" ] || die "no time or RSS measured for: $*"
}

# --- byte-identical outputs --------------------------------------------------------------
for pair in "${PAIRS[@]}"; do
    file=$CORPUS/$(corpus_of "$pair").ndjson
    echo "== check: $(typed_cmd "$pair" "$file")  vs  $(jq_cmd "$pair" "$file")" >&2
    $(typed_cmd "$pair" "$file") >"$OUT/$pair.cancelkit" 2>"$OUT/$pair.report"
    $(jq_cmd "$pair" "$file") >"$OUT/$pair.jq"
    if ! cmp "$OUT/$pair.cancelkit" "$OUT/$pair.jq"; then
        die "$pair: cancelkit and jq outputs differ ($OUT/$pair.cancelkit, $OUT/$pair.jq)"
    fi
    [ -s "$OUT/$pair.jq" ] || die "$pair: empty output"
    record "$pair.identical" "yes ($(wc -l <"$OUT/$pair.jq") lines)"
done

# --- streaming throughput: interleaved runs, best of RUNS each ---------------------------
best() { # current new -> min
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b < a) print b; else print a }'
}
for pair in "${PAIRS[@]}" occ_core; do
    file=$CORPUS/$(corpus_of "$pair").ndjson
    bytes=$(stat -c %s "$file")
    docs=$(wc -l <"$file")
    record "$pair.bytes" "$bytes"
    record "$pair.docs" "$docs"
    record "$pair.typed.cmd" "$(typed_cmd "$pair" "$file")"
    record "$pair.pass.cmd" "$(pass_cmd "$pair" "$file")"
    [ "$pair" = occ_core ] || record "$pair.jq.cmd" "$(jq_cmd "$pair" "$file")"
    record "$pair.typed1.cmd" "$(typed1_cmd "$pair" "$file")"
    tb="" t1b="" pb="" jb="" trss=0 prss=0 jrss=0
    for run in $(seq "$RUNS"); do
        echo "== $pair run $run/$RUNS" >&2
        # shellcheck disable=SC2046
        timed $(typed_cmd "$pair" "$file"); tb=$(best "$tb" "$w"); trss=$(( r > trss ? r : trss ))
        # shellcheck disable=SC2046
        timed $(typed1_cmd "$pair" "$file"); t1b=$(best "$t1b" "$w")
        # shellcheck disable=SC2046
        timed $(pass_cmd "$pair" "$file"); pb=$(best "$pb" "$w"); prss=$(( r > prss ? r : prss ))
        if [ "$pair" != occ_core ]; then
            # shellcheck disable=SC2046
            timed $(jq_cmd "$pair" "$file"); jb=$(best "$jb" "$w"); jrss=$(( r > jrss ? r : jrss ))
        fi
    done
    record "$pair.typed.s" "$tb"; record "$pair.typed.rss" "$trss"; record "$pair.typed1.s" "$t1b"
    record "$pair.pass.s" "$pb"; record "$pair.pass.rss" "$prss"
    if [ "$pair" != occ_core ]; then record "$pair.jq.s" "$jb"; record "$pair.jq.rss" "$jrss"; fi
done

# --- instruction counts (reproducible on a noisy machine), when valgrind is there ---------
# Each command runs under callgrind twice, over the first 2,000 lines and over the first
# line only: the difference over 1,999 is the instructions per document, without process
# start. cancelkit runs with --threads 1 (the count does not depend on the thread count, up
# to the cost of handing batches to the threads).
command -v valgrind >/dev/null || record ir.skipped "valgrind not found"
if command -v valgrind >/dev/null; then
    for pair in "${PAIRS[@]}"; do
        file=$CORPUS/$(corpus_of "$pair").ndjson
        head -n 2000 "$file" >"$OUT/$pair.2k.ndjson"
        head -n 1 "$file" >"$OUT/$pair.1.ndjson"
        for what in typed pass jq; do
            for size in 2k 1; do
                small=$OUT/$pair.$size.ndjson
                case $what in
                    typed) cmd=$(typed1_cmd "$pair" "$small") ;;
                    pass) cmd=$(pass1_cmd "$pair" "$small") ;;
                    jq) cmd=$(jq_cmd "$pair" "$small") ;;
                esac
                echo "== callgrind: $cmd" >&2
                # shellcheck disable=SC2086
                valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd >/dev/null 2>"$OUT/valgrind.txt" ||
                    die "callgrind failed: $cmd (see $OUT/valgrind.txt)"
                ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$OUT/valgrind.txt" | tail -n 1)
                [ -n "$ir" ] || die "callgrind counted no instruction: $cmd (see $OUT/valgrind.txt)"
                if [ "$size" = 2k ]; then
                    record "$pair.$what.ir" "$ir"
                    record "$pair.$what.ir.cmd" "valgrind --tool=callgrind $cmd"
                else
                    record "$pair.$what.ir1" "$ir"
                fi
            done
        done
    done
fi

# --- peak memory over a large file -------------------------------------------------------
if [ "$BIG_MIB" -gt 0 ]; then
    big=$OUT/big.ndjson
    src=$CORPUS/chatbot.ndjson
    echo "== building $big (>= $BIG_MIB MiB of $src)" >&2
    : >"$big"
    while [ "$(stat -c %s "$big")" -lt $(( BIG_MIB * 1024 * 1024 )) ]; do cat "$src" >>"$big"; done
    cmd="$BIN $(typed_args chatbot_mozu) --ndjson $big"
    echo "== $cmd" >&2
    # shellcheck disable=SC2086
    timed $cmd
    record big.cmd "$cmd"
    record big.bytes "$(stat -c %s "$big")"
    record big.docs "$(wc -l <"$big")"
    record big.s "$w"
    record big.rss "$r"
    rm -f "$big" "$OUT/stdout"
fi

# --- one document, process start included ------------------------------------------------
one_cmds() { # pair -> "cancelkit command|jq command"
    local orders=$CORPUS/one/orders.json file=$CORPUS/one/$(corpus_of "$1").json
    echo "$BIN $(typed_args "$1" "$orders") $file|$(jq_cmd "$1" "$file" "$orders")"
}
for pair in "${PAIRS[@]}"; do
    IFS='|' read -r tcmd jcmd < <(one_cmds "$pair")
    [ "$($tcmd 2>/dev/null)" = "$($jcmd)" ] || die "$pair: one-document outputs differ"
    record "$pair.one.typed.cmd" "$tcmd"
    record "$pair.one.jq.cmd" "$jcmd"
    if command -v hyperfine >/dev/null; then
        echo "== hyperfine: $tcmd / $jcmd" >&2
        hyperfine -N --warmup 10 --runs "$ONE_RUNS" --export-json "$OUT/one.json" "$tcmd" "$jcmd" >&2
        read -r tm jm < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["mean"], r[1]["mean"])' "$OUT/one.json")
        record one.tool "hyperfine -N --warmup 10 --runs $ONE_RUNS"
    else
        echo "== $ONE_RUNS runs each: $tcmd / $jcmd" >&2
        t0=$(date +%s%N); for _ in $(seq "$ONE_RUNS"); do $tcmd >/dev/null 2>&1; done; t1=$(date +%s%N)
        tm=$(awk -v d=$(( t1 - t0 )) -v n="$ONE_RUNS" 'BEGIN { print d / n / 1e9 }')
        t0=$(date +%s%N); for _ in $(seq "$ONE_RUNS"); do $jcmd >/dev/null 2>&1; done; t1=$(date +%s%N)
        jm=$(awk -v d=$(( t1 - t0 )) -v n="$ONE_RUNS" 'BEGIN { print d / n / 1e9 }')
        record one.tool "a loop of $ONE_RUNS runs (hyperfine not found)"
    fi
    record "$pair.one.typed.s" "$tm"
    record "$pair.one.jq.s" "$jm"
done

# --- in process: the OCC rich order (criterion) ------------------------------------------
if [ -z "${SKIP_CRITERION:-}" ]; then
    echo "== cargo bench -p cancel-occ --bench order -- --output-format bencher" >&2
    cargo bench -p cancel-occ --bench order -- --output-format bencher --warm-up-time 1 --measurement-time 3 \
        2>"$OUT/occ_bench.err" | tee "$OUT/occ_bench.txt" >&2 ||
        die "cargo bench -p cancel-occ --bench order failed (see $OUT/occ_bench.err)"
    sed -n 's/^test \([^ ]*\) *\.\.\. bench: *\([0-9,]*\) ns\/iter.*/\1\t\2/p' "$OUT/occ_bench.txt" |
        tr -d ',' | while IFS=$'\t' read -r name ns; do record "criterion.$name" "$ns"; done
    # The rows BENCHMARKS.md compares must all be there.
    for form in compact pretty; do
        for bench in serde_json_value typed_parse_to_core; do
            grep -q "^criterion.rich_order_$form/$bench	" "$RESULTS" ||
                die "criterion did not report rich_order_$form/$bench (see $OUT/occ_bench.txt)"
        done
    done
else
    record criterion.skipped yes
fi

# --- serve against the ceiling: a minimal axum echo handler ------------------------------
# `cancelkit serve` (this release build) and `examples/axum_echo.rs` (axum answering any POST
# with its body), on loopback, one after the other, RUNS times each, under wrk with 64
# connections; the best requests/s of each and the p99 of that run. The request is an OCC
# cancel of an order of examples/data/orders.json: the first one cancels it, every later
# one is parsed, checked against the order by the state rules and refused (the order is
# already cancelled): the stand-in's work per request, with no store growing. wrk runs on the
# same 2 CPUs as the server, alike for both.
SERVE_URL_PATH=/ccstore/v1/orders/cancel
SERVE_BODY='{"orderId":"o30412","cancelReason":"changeOfMind"}'
SERVE_AUTH='Bearer cancelkit-token'
if [ -z "${SKIP_SERVE:-}" ]; then
    if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y wrk >/dev/null 2>&1 || true
    fi
    command -v wrk >/dev/null || die "wrk is required for the serve comparison (Debian: apt-get install wrk; SKIP_SERVE=1 skips it)"
    if [ -n "${ECHO:-}" ]; then
        ECHO_BIN=$ECHO
    else
        echo "== cargo build --release --example axum_echo" >&2
        cargo build --release --example axum_echo >&2
        ECHO_BIN=target/release/examples/axum_echo
    fi
    [ -x "$ECHO_BIN" ] || die "no echo server at $ECHO_BIN"
    # Starts "$@" (a server printing `listening on URL` first), sets url and server_pid.
    start_server() {
        : >"$OUT/server.out"
        "$@" >"$OUT/server.out" 2>/dev/null &
        server_pid=$!
        for _ in $(seq 100); do
            url=$(sed -n 's/^listening on //p' "$OUT/server.out")
            [ -n "$url" ] && return 0
            sleep 0.1
        done
        kill "$server_pid" 2>/dev/null || true
        die "no 'listening on' from: $*"
    }
    # wrk over $1 (a URL) with 64 connections; sets rps and p99 (ms).
    load() {
        WRK_BODY=$SERVE_BODY WRK_AUTHORIZATION=$SERVE_AUTH \
            wrk -t 2 -c 64 -d "${SERVE_SECONDS:-10}s" --latency -s comparison/wrk/post.lua "$1$SERVE_URL_PATH" \
            >"$OUT/wrk.txt" 2>&1 || die "wrk failed on $1 (see $OUT/wrk.txt)"
        rps=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk.txt")
        p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
                                   else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                                   else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
                                   printf "%.3f", v }' "$OUT/wrk.txt")
        [ -n "$rps" ] && [ -n "$p99" ] || die "no requests/s or p99 in $OUT/wrk.txt"
        if grep -q "Socket errors" "$OUT/wrk.txt"; then
            die "wrk reported socket errors on $1 (see $OUT/wrk.txt)"
        fi
    }
    serve_best="" echo_best=""
    for run in $(seq "$RUNS"); do
        echo "== serve run $run/$RUNS" >&2
        start_server "$BIN" serve --orders examples/data/orders.json --addr 127.0.0.1:0
        load "$url"; kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
        cp "$OUT/wrk.txt" "$OUT/wrk.serve.$run.txt"
        if [ -z "$serve_best" ] || awk -v a="$rps" -v b="$serve_best" 'BEGIN { exit !(a > b) }'; then
            serve_best=$rps; serve_p99=$p99
        fi
        start_server "$ECHO_BIN" 127.0.0.1:0
        load "$url"; kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
        cp "$OUT/wrk.txt" "$OUT/wrk.echo.$run.txt"
        if [ -z "$echo_best" ] || awk -v a="$rps" -v b="$echo_best" 'BEGIN { exit !(a > b) }'; then
            echo_best=$rps; echo_p99=$p99
        fi
    done
    record serve.rps "$serve_best"; record serve.p99 "$serve_p99"
    record echo.rps "$echo_best"; record echo.p99 "$echo_p99"
    record serve.cmd "$BIN serve --orders examples/data/orders.json --addr 127.0.0.1:0"
    record echo.cmd "$ECHO_BIN 127.0.0.1:0"
    record serve.load "WRK_BODY='$SERVE_BODY' WRK_AUTHORIZATION='$SERVE_AUTH' wrk -t 2 -c 64 -d ${SERVE_SECONDS:-10}s --latency -s comparison/wrk/post.lua URL$SERVE_URL_PATH"
    record machine.wrk "$(wrk --version 2>&1 | head -n 1 | cut -c1-60)"
else
    record serve.skipped yes
fi

# --- machine -----------------------------------------------------------------------------
# How much a second CPU gives here: one CPU-bound job, then two at once (2.0 = a full
# second core; shared virtual CPUs give less).
cpu_job() { head -c 300M /dev/zero | sha256sum >/dev/null; }
t0=$(date +%s%N); cpu_job; t1=$(date +%s%N); cpu_job & cpu_job & wait; t2=$(date +%s%N)
record machine.parallel "$(awk -v one=$(( t1 - t0 )) -v two=$(( t2 - t1 )) 'BEGIN { printf "%.2f", 2 * one / two }')"
record machine.nproc "$(nproc)"
record machine.lscpu "$(lscpu | head -n 15 | sed 's/  */ /g' | tr '\n' ';')"
record machine.load "$(cut -d' ' -f1-3 /proc/loadavg)"
record machine.jq "$("$JQ" --version 2>&1)"
record machine.rustc "$(rustc --version 2>/dev/null || echo unknown)"
record machine.hyperfine "$(hyperfine --version 2>/dev/null || echo none)"
record machine.commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
record machine.date "$(date -u +%Y-%m-%dT%H:%MZ)"
record params "SEED=$SEED SCALE=$SCALE RUNS=$RUNS ONE_RUNS=$ONE_RUNS BIG_MIB=$BIG_MIB SERVE_SECONDS=${SERVE_SECONDS:-10}"

python3 comparison/report.py "$RESULTS" "$MD"
echo "== wrote $MD" >&2
