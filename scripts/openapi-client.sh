#!/usr/bin/env bash
# Generates a Python client from the OpenAPI document `cancelkit serve` serves, with
# openapi-python-client (from PyPI, pinned, in a virtualenv under target/), and fails on any
# warning of the generator; then calls all five vendors' cancel endpoints through the
# generated client against a running `cancelkit serve` and checks that every answer
# (success, refusal, validation error) parses into its generated model
# (scripts/openapi_client_check.py).
#   scripts/openapi-client.sh
set -euo pipefail
cd "$(dirname "$0")/.."

GENERATOR_VERSION="${GENERATOR_VERSION:-0.29.1}"
VENV=target/openapi-client-venv
WORK=target/openapi-client

DATEUTIL_VERSION="${DATEUTIL_VERSION:-2.9.0.post0}"

# The generator, and python-dateutil, which the generated client needs at run time (httpx
# and attrs, the others, come with the generator).
if ! "$VENV/bin/openapi-python-client" --version 2>/dev/null | grep -q "version: $GENERATOR_VERSION\$" \
    || ! "$VENV/bin/python" -c "import dateutil, sys; sys.exit(dateutil.__version__ != '$DATEUTIL_VERSION')" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        "openapi-python-client==$GENERATOR_VERSION" "python-dateutil==$DATEUTIL_VERSION"
fi

cargo build --quiet -p cancel-cli --bin cancelkit
rm -rf "$WORK"
mkdir -p "$WORK"
target/debug/cancelkit serve --orders examples/data/orders.json --addr 127.0.0.1:0 \
    > "$WORK/serve.out" 2> "$WORK/serve.log" &
serve_pid=$!
trap 'kill "$serve_pid" 2> /dev/null || true' EXIT
for _ in $(seq 1 100); do
    grep -q "listening on" "$WORK/serve.out" 2> /dev/null && break
    sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$WORK/serve.out")
[ -n "$base" ] || { echo "cancelkit serve did not start:"; cat "$WORK/serve.log"; exit 1; }

"$VENV/bin/python" -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
    "$base/_cancelkit/openapi.json" > "$WORK/openapi.json"

# No warning allowed: a warning means a schema the generator could not turn into a model.
# (No post hooks: they would run ruff, which is not part of this check.)
echo "post_hooks: []" > "$WORK/config.yaml"
(cd "$WORK" && "../../$VENV/bin/openapi-python-client" generate --path openapi.json \
    --output-path client --meta none --config config.yaml) > "$WORK/generate.log" 2>&1 || {
    cat "$WORK/generate.log"
    exit 1
}
if grep -qiE "warning|error|could not|unable|skipp" "$WORK/generate.log"; then
    echo "openapi-python-client warned:"
    cat "$WORK/generate.log"
    exit 1
fi

PYTHONPATH="$WORK" "$VENV/bin/python" scripts/openapi_client_check.py "$base"
