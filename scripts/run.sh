#!/usr/bin/env bash
# Start the app on its embedded defaults: SQLite in ./data, the offline drafter, no API key needed.
# It listens on 127.0.0.1 only; another address (DRAFTING_BIND or --server.address) needs multi-user mode
# (DRAFTING_ACCOUNTS=1), else drafting.bind refuses with a message in Chinese (see docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/python -m drafting.bind "$@" || exit $?
exec .venv/bin/streamlit run app.py --server.headless true --server.address "${DRAFTING_BIND:-127.0.0.1}" "$@"
