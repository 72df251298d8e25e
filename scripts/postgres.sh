#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (cancel-store's conformance suite and the
# two-instance `cancelkit serve` test).
#
#   eval "$(bash scripts/postgres.sh start)"   # prints two `export` lines:
#       CANCELKIT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres
#       CANCELKIT_POSTGRES_DIR=$TMPDIR/cancelkit-pg.XXXXXX   (cluster, socket and log)
#   cargo test -p cancel-store -p cancel-cli
#   bash scripts/postgres.sh stop "$CANCELKIT_POSTGRES_DIR"
#
# `start` installs the Debian package (`apt-get install -y postgresql`) when no `initdb`
# is found, `initdb`s a cluster in a new temporary directory, as a non-root user (root runs
# it as `postgres` when that user exists, else `nobody`), with trust authentication on
# loopback only, and starts it on a free port of 127.0.0.1. Everything but the `export`
# lines goes to stderr.
set -euo pipefail

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

find_bindir() {
    if command -v initdb > /dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1 || true)
    if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
        echo "$newest"
    fi
}

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    elif command -v runuser > /dev/null 2>&1; then
        runuser -u "$OWNER" -- "$@"
    else
        su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")"
    fi
}

owner() {
    if [ "$(id -u)" -ne 0 ]; then
        id -un
    elif id postgres > /dev/null 2>&1; then
        echo postgres
    else
        echo nobody
    fi
}

port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

start() {
    local bindir
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
        log "no initdb found: installing the Debian package postgresql"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
        bindir=$(find_bindir)
        [ -n "$bindir" ] || { log "initdb still missing after the install"; exit 1; }
    fi
    OWNER=$(owner)
    local dir port
    dir=$(mktemp -d "${TMPDIR:-/tmp}/cancelkit-pg.XXXXXX")
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown "$OWNER" "$dir"
    port=$((54320 + RANDOM % 2000))
    while port_in_use "$port"; do port=$((port + 1)); done
    log "initdb in $dir as $OWNER ($bindir)"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C \
        > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300" \
        start > /dev/null || { cat "$dir/server.log" >&2; exit 1; }
    log "$("$bindir/postgres" --version) on 127.0.0.1:$port"
    echo "export CANCELKIT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
    echo "export CANCELKIT_POSTGRES_DIR=$dir"
}

stop() {
    local dir=${1:-${CANCELKIT_POSTGRES_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir/data" ] || { log "no cluster to stop"; return 0; }
    local bindir
    bindir=$(find_bindir)
    OWNER=$(stat -c %U "$dir/data")
    [ "$(id -u)" -eq 0 ] || OWNER=$(id -un)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$dir"
    log "stopped and removed $dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *)
        echo "usage: $0 start | stop [DIR]" >&2
        exit 2
        ;;
esac
