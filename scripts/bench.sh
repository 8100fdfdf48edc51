#!/usr/bin/env bash
# Measures the production build beside a bare Tauri app (bench/bare: one
# window, one command) built with the same profile: start-to-interactive,
# memory (PSS of the app and its WebKit processes), binary size, median of
# RUNS runs each, and the ratios; the same on a large clinic's data (100 000
# appointments, 20 000 patients, two years of payments); the front desk's day
# view in the window (20 practitioners × 40 appointments: open and switch
# day); then the core benchmarks (day view, search, booking, money paths:
# p50/p99).
#   scripts/bench.sh            (RUNS=9 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"
source scripts/session.sh
in_private_session "$0" "$@"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
export SQLX_OFFLINE=true

cargo build --release -p clinicdesk -p bare-tauri --features clinicdesk/custom-protocol,bare-tauri/custom-protocol
large=target/bench-data/large-clinic
today=$(TZ=Australia/Sydney date +%F)
if [ "$(cat "$large.day" 2>/dev/null)" != "$today" ]; then
  # Made again each day: its "today" (in the clinic's time zone) is the full
  # day the window bench opens.
  rm -rf "$large"
  cargo run --release -p clinicdesk-core --example large_clinic -- "$large"
  echo "$today" > "$large.day"
fi

# An empty clinic (its owner, nothing else): the app as it starts on any
# morning after its first. The first start ever (a new data folder, the
# database created and migrated) is measured too.
empty=target/bench-data/empty-clinic
if [ ! -f "$empty/clinicdesk.db" ]; then
  rm -rf "$empty"
  cargo run --release -p clinicdesk-core --example large_clinic -- "$empty" --empty
fi

start_keyring
start_xvfb
WEBKIT_DISABLE_DMABUF_RENDERER=1 python3 scripts/bench.py "${RUNS:-9}" \
  clinicdesk="target/release/clinicdesk@$empty" bare=target/release/bare-tauri \
  clinicdesk-large="target/release/clinicdesk@$large" clinicdesk-new=target/release/clinicdesk

echo
# Twice: WebKit's shared-memory renderer (as the start-up runs above use),
# and its default DMA-BUF renderer, which without a GPU (Xvfb) composites
# through Mesa's software GL.
WEBKIT_DISABLE_DMABUF_RENDERER=1 CLINICDESK_E2E_APP="$PWD/target/release/clinicdesk" \
  cargo bench -p clinicdesk-e2e --bench window -- "$PWD/$large"
CLINICDESK_E2E_APP="$PWD/target/release/clinicdesk" cargo bench -p clinicdesk-e2e --bench window -- "$PWD/$large"

# The front desk at scale (criterion; prints p50/p99 too).
echo
cargo bench -p clinicdesk-core --bench front_desk

# Server mode: the large clinic moved into a throw-away PostgreSQL server (the
# move timed), then the day's appointments and booking on both databases
# (PostgreSQL over loopback; criterion, p50/p99).
echo
start_postgres
bench_db="${CLINICDESK_TEST_POSTGRES_URL%/*}/bench_large"
psql "$CLINICDESK_TEST_POSTGRES_URL" -qc "CREATE DATABASE bench_large"
cargo run --release -p clinicdesk-store-postgres --example move_clinic -- "$large/clinicdesk.db" "$bench_db"
CLINICDESK_BENCH_SQLITE="$PWD/$large/clinicdesk.db" CLINICDESK_BENCH_POSTGRES_URL="$bench_db" \
  CLINICDESK_BENCH_DAY="$(cat "$large.day")" cargo bench -p clinicdesk-store-postgres --bench server
