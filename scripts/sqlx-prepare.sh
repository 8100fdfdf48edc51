#!/usr/bin/env bash
# Refreshes (or, with --check, verifies) core/.sqlx: the query data that lets
# `cargo build` check every SQL query without a database.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DATABASE_URL="sqlite://$tmp/prepare.db"
export SQLX_OFFLINE=false
cargo sqlx database create
cargo sqlx migrate run --source migrations >/dev/null
cd core
cargo sqlx prepare "$@" -- --all-targets
