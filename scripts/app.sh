#!/usr/bin/env bash
# Set up (if needed) and open VillageLedger on a local SQLite ledger in the user's data folder.
# On first run with an empty ledger the window offers demo data. Extra arguments go to village-ledger,
# e.g.  bash scripts/app.sh --data-dir /tmp/try
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/village-ledger "$@"
