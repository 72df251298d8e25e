#!/usr/bin/env bash
# Runs the README's pytest example, exactly as written there, against the built binary:
# the Python block of the "cancelkit serve" section goes to target/readme-pytest/, with
# examples/data/orders.json as its tests/orders.json and target/debug first on PATH.
# pytest and requests come from PyPI (pinned) into a virtualenv under target/.
#   scripts/readme-pytest.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTEST_VERSION="${PYTEST_VERSION:-8.3.5}"
REQUESTS_VERSION="${REQUESTS_VERSION:-2.32.3}"
VENV=target/readme-pytest-venv
WORK=target/readme-pytest

if ! "$VENV/bin/python" -c "import pytest, requests, sys; sys.exit(pytest.__version__ != '$PYTEST_VERSION' or requests.__version__ != '$REQUESTS_VERSION')" 2> /dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        "pytest==$PYTEST_VERSION" "requests==$REQUESTS_VERSION"
fi

cargo build --quiet -p cancel-cli --bin cancelkit
rm -rf "$WORK"
mkdir -p "$WORK/tests"
cp examples/data/orders.json "$WORK/tests/orders.json"
# The first ```python block after the "## cancelkit serve" heading.
awk '/^## cancelkit serve/ { section = 1 }
     section && /^```python/ { inside = 1; next }
     inside && /^```/ { exit }
     inside { print }' README.md > "$WORK/test_readme.py"
[ -s "$WORK/test_readme.py" ] || { echo "no python block in the README's serve section"; exit 1; }
cd "$WORK"
PATH="$OLDPWD/target/debug:$PATH" "$OLDPWD/$VENV/bin/python" -m pytest -q -p no:cacheprovider \
    test_readme.py
