#!/usr/bin/env bash
# One-time set-up, safe to re-run: a virtualenv in .venv with the project and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "需要 Python 3.11 或更高版本（当前 $PY：$("$PY" --version 2>&1 || echo 未找到)）。" >&2
  echo "请安装后用 PYTHON=python3.11 ./scripts/run.sh 指定。" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv; then
    echo "无法创建虚拟环境：Debian/Ubuntu 上请先安装 python3-venv（sudo apt-get install python3-venv）。" >&2
    exit 1
  fi
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch .venv/.installed
fi
