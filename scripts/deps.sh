#!/usr/bin/env bash
# Installs what Clinicdesk needs from Debian/Ubuntu packages, only if missing.
#   scripts/deps.sh build   – to build and run the app
#   scripts/deps.sh test    – also what the tests need (Xvfb, WebKitWebDriver, keyring)
#   scripts/deps.sh package – also what building and testing the installers needs
set -euo pipefail

build_pkgs=(build-essential pkg-config libssl-dev libgtk-3-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libxdo-dev libdbus-1-dev)
test_pkgs=(xvfb xauth imagemagick webkit2gtk-driver dbus-x11 gnome-keyring sqlite3 procps
  poppler-utils python3-aiosmtpd fonts-wqy-microhei postgresql)
package_pkgs=(desktop-file-utils squashfs-tools file python3-pip)

want=("${build_pkgs[@]}")
case "${1:-build}" in
  test) want+=("${test_pkgs[@]}") ;;
  package) want+=("${test_pkgs[@]}" "${package_pkgs[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || { echo "Rust is needed: install it from https://rustup.rs, then run this again." >&2; exit 1; }
