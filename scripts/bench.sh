#!/usr/bin/env bash
# Measures the production build beside a bare Tauri app (bench/bare: one
# window, one command) built with the same profile: start-to-interactive,
# memory (PSS of the app and its WebKit processes), binary size, median of
# RUNS runs each, and the ratios; then the front desk benchmark (day view,
# patient search, booking at scale).
#   scripts/bench.sh            (RUNS=9 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh test
cargo build --release -p clinicdesk -p bare-tauri --features clinicdesk/custom-protocol,bare-tauri/custom-protocol

displayfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$displayfile" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$displayfile" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$displayfile")"
WEBKIT_DISABLE_DMABUF_RENDERER=1 python3 scripts/bench.py "${RUNS:-9}" \
  clinicdesk=target/release/clinicdesk bare=target/release/bare-tauri

# The front desk at scale (criterion; prints p50/p99 too).
echo
cargo bench -p clinicdesk-core --bench front_desk
