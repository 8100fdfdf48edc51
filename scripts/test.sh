#!/usr/bin/env bash
# Runs every test: query-data check, unit and integration tests, then the
# end-to-end tests that click through the real app under Xvfb.
# Installs what it needs (Debian packages, sqlx-cli, tauri-driver), starts what
# it needs (Xvfb), and stops it again. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "cargo tools"
if ! cargo sqlx --version 2>/dev/null | grep -q "0.8"; then
  cargo install sqlx-cli --version 0.8.6 --locked --no-default-features --features sqlite
fi
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked

step "formatting"
cargo fmt --all --check

step "SQL query data (.sqlx) is current"
scripts/sqlx-prepare.sh --check

step "unit and integration tests"
cargo test --workspace --exclude clinicdesk-e2e

step "end-to-end tests (tauri-driver + WebKitWebDriver under Xvfb)"
cargo build -p clinicdesk
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -f WebKitWebDriver 2>/dev/null || true
}
trap cleanup EXIT
displayfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$displayfile" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$displayfile" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$displayfile")"
rm -f "$displayfile"
echo "Xvfb on $DISPLAY"
cargo test -p clinicdesk-e2e -- --test-threads=1
echo "screenshots: target/screenshots/"
