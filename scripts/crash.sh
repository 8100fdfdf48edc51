#!/usr/bin/env bash
# The crash test at full length: 100 rounds of kill -9 at random moments
# while the app's core books, takes payments and refunds (see
# core/tests/crash.rs; the test suite runs 20). Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export SQLX_OFFLINE=true
CLINICDESK_CRASH_ROUNDS="${1:-100}" cargo test --release -p clinicdesk-core --test crash -- --nocapture \
  killed_at_random_moments_the_database_keeps_every_confirmed_write
