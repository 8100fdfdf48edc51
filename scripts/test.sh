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

# Everything below runs in a private D-Bus session with a real, unlocked
# Secret Service (gnome-keyring) whose keyrings live in a throw-away folder:
# the keychain tests and the app under test use it, never the user's own.
if [ -z "${CLINICDESK_TEST_SESSION:-}" ]; then
  export CLINICDESK_TEST_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

step "cargo tools"
if ! cargo sqlx --version 2>/dev/null | grep -q "0.8"; then
  cargo install sqlx-cli --version 0.8.6 --locked --no-default-features --features sqlite
fi
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked

step "formatting"
cargo fmt --all --check

step "SQL query data (.sqlx) is current"
scripts/sqlx-prepare.sh --check

step "keychain (gnome-keyring on the test D-Bus session)"
keyring_home=$(mktemp -d)
export XDG_DATA_HOME="$keyring_home/data" XDG_CONFIG_HOME="$keyring_home/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
pids=()
# Only what this script started, by process id (the tests stop the
# tauri-driver and WebKitWebDriver they start, by process group).
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$keyring_home"
}
trap cleanup EXIT
gnome-keyring-daemon --foreground --unlock --components=secrets <<<"clinicdesk-tests" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
  sleep 0.1
done
dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q "boolean true" \
  || { echo "gnome-keyring did not start" >&2; exit 1; }

step "unit and integration tests"
# One feature resolution for both: building the app binary with --all-targets
# lets `cargo test` reuse every dependency instead of compiling them twice.
cargo build --workspace --exclude clinicdesk-e2e --all-targets
cargo test --workspace --exclude clinicdesk-e2e

step "end-to-end tests (tauri-driver + WebKitWebDriver under Xvfb)"
displayfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$displayfile" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$displayfile" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$displayfile")"
rm -f "$displayfile"
echo "Xvfb on $DISPLAY"
cargo test -p clinicdesk-e2e -- --test-threads=1
echo "screenshots: target/screenshots/"
