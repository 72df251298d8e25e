#!/usr/bin/env bash
# Bounded load test of `cancelkit serve` on loopback: 64 concurrent clients, 100 000 cancel
# requests over 12 000 orders, in a release build. Prints requests/s and latency percentiles.
#   scripts/load.sh                       # the defaults
#   CANCELKIT_LOAD_REQUESTS=20000 CANCELKIT_LOAD_CLIENTS=16 scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --release -p cancel-cli --test serve_load -- --ignored --nocapture "$@"
