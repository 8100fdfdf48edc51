#!/usr/bin/env bash
# Measures the production build: start-to-interactive time, memory (PSS of
# the app and its WebKit processes) and binary size, median of RUNS runs; then
# the front desk benchmark (day view, patient search, booking at scale).
#   scripts/bench.sh            (RUNS=7 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh test
cargo build --release -p clinicdesk --features custom-protocol
bin=target/release/clinicdesk

displayfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$displayfile" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$displayfile" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$displayfile")"
WEBKIT_DISABLE_DMABUF_RENDERER=1 python3 scripts/bench.py "$bin" "${RUNS:-7}"

# The front desk at scale (criterion; prints p50/p99 too).
echo
cargo bench -p clinicdesk-core --bench front_desk
