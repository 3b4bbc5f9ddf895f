#!/usr/bin/env bash
# Run every check the project promises: lint, types, and the whole test suite (browser test included).
set -euo pipefail
cd "$(dirname "$0")/.."
# As root on Debian, install what the tests need from the system: venv support, Debian's chromium for the
# browser test, CJK fonts so its screenshots are readable, and the PostgreSQL server the store tests start
# (a throw-away cluster, see tests/pg_server.py). Each only when missing.
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  missing=()
  "${PYTHON:-python3}" -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  # Capture fc-list first: `fc-list | grep -q` under pipefail fails when grep exits early and fc-list gets SIGPIPE.
  fonts="$(fc-list 2>/dev/null || true)"
  grep -qi "CJK" <<<"$fonts" || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
./scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
