#!/usr/bin/env bash
# Refreshes (or, with --check, verifies) the query data that lets `cargo build`
# check every SQL query without a database: core/.sqlx against SQLite, and
# store-postgres/.sqlx against PostgreSQL (a server named by
# CLINICDESK_TEST_POSTGRES_URL, as scripts/test.sh starts one; otherwise this
# script starts its own, scripts/session.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/session.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; session_cleanup' EXIT
export SQLX_OFFLINE=false

echo "core/.sqlx (SQLite)"
export DATABASE_URL="sqlite://$tmp/prepare.db"
cargo sqlx database create
cargo sqlx migrate run --source migrations >/dev/null
(cd core && cargo sqlx prepare "$@" -- --all-targets)

echo "store-postgres/.sqlx (PostgreSQL)"
[ -n "${CLINICDESK_TEST_POSTGRES_URL:-}" ] || start_postgres
name="prepare_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
export DATABASE_URL="${CLINICDESK_TEST_POSTGRES_URL%/*}/$name"
cargo sqlx database create
trap 'cargo sqlx database drop -y >/dev/null 2>&1 || true; rm -rf "$tmp"; session_cleanup' EXIT
cargo sqlx migrate run --source migrations/postgres >/dev/null
# The library only: its tests build core, whose queries are SQLite's.
(cd store-postgres && cargo sqlx prepare "$@" -- --lib)
