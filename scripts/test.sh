#!/usr/bin/env bash
# 快速开始第二条命令：准备环境，运行代码检查（ruff）和全部测试：先在 SQLite 上，再在 PostgreSQL 上。
# PostgreSQL 地址：GONGKAI_TEST_DATABASE_URL（默认 postgres://postgres@127.0.0.1:5432/test）。
# 在 CI（环境变量 CI 已设置）上 PostgreSQL 不可用即失败；本机上会明确提示并跳过第二轮。
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test
bash scripts/system-deps.sh

echo "== 代码检查（ruff）"
ruff check src tests bench

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== 测试（SQLite）"
GONGKAI_DATA_DIR="$tmp/sqlite" pytest "$@"

pg_url="${GONGKAI_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=5).close()" "$pg_url" 2>/dev/null; then
  echo "== 测试（PostgreSQL：$pg_url，仅用到数据库的测试）"
  GONGKAI_DATA_DIR="$tmp/pg" DATABASE_URL="$pg_url" GONGKAI_DB_TESTS_ONLY=1 pytest "$@"
elif [ -n "${CI:-}" ]; then
  echo "错误：CI 上无法连接 PostgreSQL（$pg_url），PostgreSQL 测试不能跳过。" >&2
  exit 1
else
  echo "警告：无法连接 PostgreSQL（$pg_url），本机未运行 PostgreSQL 测试。设置 GONGKAI_TEST_DATABASE_URL 后重试。" >&2
fi
