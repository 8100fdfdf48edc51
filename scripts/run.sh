#!/usr/bin/env bash
# Runs Clinicdesk from source, installing missing system packages first.
# Set CLINICDESK_DATA_DIR to use a data folder other than the OS's app-data one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh build
exec cargo run -p clinicdesk
