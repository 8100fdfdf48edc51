#!/usr/bin/env bash
# Runs every test: query-data check, unit and integration tests, then the
# end-to-end tests that click through the real app under Xvfb.
# Installs what it needs (Debian packages, sqlx-cli, tauri-driver), starts what
# it needs (Xvfb, a keyring, a PostgreSQL server), and stops it again. Exits
# non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

# Everything below runs in a private D-Bus session with a real, unlocked
# Secret Service: the keychain tests and the app under test use it, never the
# user's own (scripts/session.sh).
source scripts/session.sh
in_private_session "$0" "$@"

step "cargo tools"
# sqlx-cli with both databases: cargo does nothing when this very version and
# these features are installed, and reinstalls over an older SQLite-only one.
cargo install sqlx-cli --version 0.8.6 --locked --no-default-features --features sqlite,postgres,rustls
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked

step "formatting"
cargo fmt --all --check

step "PostgreSQL (a throw-away server: store-postgres's query data and tests)"
start_postgres

step "SQL query data (.sqlx) is current"
scripts/sqlx-prepare.sh --check

step "keychain (gnome-keyring on the test D-Bus session)"
# Only what this script starts is stopped, by process id (the tests stop the
# tauri-driver and WebKitWebDriver they start, by process group).
start_keyring

step "unit and integration tests"
# One feature resolution for both: building the app binary with --all-targets
# lets `cargo test` reuse every dependency instead of compiling them twice.
cargo build --workspace --exclude clinicdesk-e2e --all-targets
cargo test --workspace --exclude clinicdesk-e2e

step "core's tests again, each clinic on the PostgreSQL server"
# The same use cases and checks on the other store. Left out: what only this
# computer's SQLite file has (backups and restores, its migrations and crash
# safety), the keychain, which the run above covers, and server_mode, which
# always uses both stores (moving a clinic from its file to the server).
on_server=()
for file in core/tests/*.rs; do
  name=$(basename "$file" .rs)
  case "$name" in backups|crash|migrations|keychain|server_mode) ;; *) on_server+=(--test "$name") ;; esac
done
# The workspace's package set, as built above, so no dependency is built again
# with other features; only core has these test targets.
CLINICDESK_TEST_BACKEND=postgres cargo test --workspace --exclude clinicdesk-e2e "${on_server[@]}"

step "end-to-end tests (tauri-driver + WebKitWebDriver under Xvfb)"
start_xvfb
cargo test -p clinicdesk-e2e -- --test-threads=1
# The window bench runs only from scripts/bench.sh; built here so it can't rot.
cargo build -p clinicdesk-e2e --benches --profile dev
echo "screenshots: target/screenshots/"
