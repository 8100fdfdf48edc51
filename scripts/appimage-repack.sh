#!/usr/bin/env bash
# After `cargo tauri build --bundles appimage` with the linuxdeploy from
# scripts/appimage-tools.sh (1-alpha-20240109-1): unlike the build tauri
# downloads, it bundles libwayland-client and libpipewire, which break EGL on
# systems with a newer Mesa. Removes them from the AppDir tauri leaves behind
# and packs it again with the same appimagetool and type-2 runtime.
# Usage: scripts/appimage-repack.sh BUNDLE_APPIMAGE_DIR [TOOLS_DIR]
set -euo pipefail
dir="$1"
TOOLS="$(readlink -f "${2:-${XDG_CACHE_HOME:-$HOME/.cache}/tauri}")"
shopt -s nullglob
appdirs=("$dir"/*.AppDir); images=("$dir"/*.AppImage)
[ "${#appdirs[@]}" -eq 1 ] && [ "${#images[@]}" -eq 1 ] || { echo "expected one AppDir and one AppImage in $dir" >&2; exit 1; }
appdir="$(readlink -f "${appdirs[0]}")"; image="$(readlink -f "${images[0]}")"

find "$appdir" \( -name 'libwayland-*.so*' -o -name 'libpipewire-0.3.so*' \) -print -delete

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && "$TOOLS/linuxdeploy-07333c6-x86_64.AppImage" --appimage-extract \
    'plugins/linuxdeploy-plugin-appimage/appimagetool-prefix*' >/dev/null )
rm -f "$image"
ARCH=x86_64 "$tmp/squashfs-root/plugins/linuxdeploy-plugin-appimage/appimagetool-prefix/AppRun" \
    --no-appstream "$appdir" "$image"
