#!/usr/bin/env bash
# Start the app on its embedded defaults: SQLite in ./data, the offline drafter, no API key needed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/streamlit run app.py --server.headless true "$@"
