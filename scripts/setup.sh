#!/usr/bin/env bash
# Shared by start.sh and test.sh: create the virtual environment and install gongkai into it.
# Re-installs only when pyproject.toml changed. Usage: source scripts/setup.sh [--test]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${GONGKAI_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "需要 Python 3.11 或更新版本（当前：$("$PYTHON" --version 2>&1)）。" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "== 创建虚拟环境 $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
fi
stamp="$VENV/.gongkai-installed$extras"
want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "== 安装 gongkai$extras 及其依赖"
  "$VENV/bin/pip" install --quiet -e "$ROOT$extras"
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
