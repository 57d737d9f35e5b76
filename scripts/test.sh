#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: unit, store, Excel, GUI (offscreen), sync against real
# server processes on SQLite and on the local PostgreSQL, and the frozen-bundle start check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev

# Server tests also run on the PostgreSQL at 127.0.0.1:5432; start it if it is installed but stopped.
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
fi

export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
