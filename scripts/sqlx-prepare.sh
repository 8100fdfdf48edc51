#!/usr/bin/env bash
# Refreshes (or, with --check, verifies) the query data that lets `cargo build`
# check every SQL query without a database: store-postgres/.sqlx against
# PostgreSQL (a server named by CLINICDESK_TEST_POSTGRES_URL, as scripts/test.sh
# starts one; otherwise this script starts its own, scripts/session.sh), then
# core/.sqlx against SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/session.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; session_cleanup' EXIT
export SQLX_OFFLINE=false

echo "store-postgres/.sqlx (PostgreSQL)"
[ -n "${CLINICDESK_TEST_POSTGRES_URL:-}" ] || start_postgres
name="prepare_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
export DATABASE_URL="${CLINICDESK_TEST_POSTGRES_URL%/*}/$name"
cargo sqlx database create
trap 'DATABASE_URL="${CLINICDESK_TEST_POSTGRES_URL%/*}/$name" cargo sqlx database drop -y >/dev/null 2>&1 || true; rm -rf "$tmp"; session_cleanup' EXIT
cargo sqlx migrate run --source migrations/postgres >/dev/null
# The library only: its tests build core, whose queries are SQLite's.
(cd store-postgres && cargo sqlx prepare "$@" -- --lib)

echo "core/.sqlx (SQLite)"
# sqlx's macros check against DATABASE_URL in every crate that compiles while
# it is set, and core depends on store-postgres: build that first from its
# own query data, in core's dependency graph (the same features, so cargo
# reuses it below: it does not see DATABASE_URL change, and `sqlx prepare`
# recompiles only core), so only core's queries meet SQLite. Core itself may
# fail here, its data being what this step refreshes; store-postgres may not.
if ! SQLX_OFFLINE=true cargo check -p clinicdesk-core --all-targets >"$tmp/offline.log" 2>&1 \
   && grep -q "could not compile \`clinicdesk-\(domain\|store-postgres\)\`" "$tmp/offline.log"; then
  cat "$tmp/offline.log" >&2
  exit 1
fi
export DATABASE_URL="sqlite://$tmp/prepare.db"
cargo sqlx database create
cargo sqlx migrate run --source migrations >/dev/null
(cd core && cargo sqlx prepare "$@" -- --all-targets)
