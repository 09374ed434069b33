#!/usr/bin/env bash
# 快速开始第二条命令：准备环境，运行代码检查（ruff）和全部测试：在 SQLite 和 PostgreSQL 上（两轮同时运行）。
# PostgreSQL 地址：GONGKAI_TEST_DATABASE_URL（默认 postgres://postgres@127.0.0.1:5432/test）。
# 两轮同时运行，各写日志，结束后依次打印。在 CI（环境变量 CI 已设置）上 PostgreSQL 不可用即失败；本机上会明确提示并只运行 SQLite。
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test
bash scripts/system-deps.sh

echo "== 代码检查（ruff check、ruff format --check）"
ruff check src tests bench
ruff format --check src tests bench

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# With both passes, the engine tests of tests/audit run in the PostgreSQL pass's process (see
# tests/conftest.py): every test runs at least once, every database test on both engines.
sqlite_pass() { GONGKAI_DATA_DIR="$tmp/sqlite" GONGKAI_TEST_PASS="${1:-}" pytest "${@:2}"; }
pg_pass() {
  GONGKAI_DATA_DIR="$tmp/pg" DATABASE_URL="$pg_url" GONGKAI_TEST_PASS=postgresql \
    GONGKAI_TEST_REDIS_URL=redis://127.0.0.1:6379/14 pytest "$@"
}

pg_url="${GONGKAI_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=5).close()" "$pg_url" 2>/dev/null; then
  # The two passes run at the same time (two cores; the PostgreSQL pass waits on the server much
  # of the time); each writes its own log, printed when both have ended.
  echo "== 测试：SQLite 与 PostgreSQL（$pg_url：用到数据库的测试，浏览器测试除外，另分担 tests/audit 中不用数据库的测试）两轮同时运行"
  sqlite_pass sqlite "$@" >"$tmp/sqlite.log" 2>&1 & sqlite_pid=$!
  pg_pass "$@" >"$tmp/pg.log" 2>&1 & pg_pid=$!
  sqlite_rc=0; wait "$sqlite_pid" || sqlite_rc=$?
  pg_rc=0; wait "$pg_pid" || pg_rc=$?
  echo "== 测试（SQLite）"; cat "$tmp/sqlite.log"
  echo "== 测试（PostgreSQL）"; cat "$tmp/pg.log"
  if [ "$sqlite_rc" -ne 0 ] || [ "$pg_rc" -ne 0 ]; then
    echo "错误：测试未通过（SQLite 退出码 $sqlite_rc，PostgreSQL 退出码 $pg_rc）。" >&2
    exit 1
  fi
elif [ -n "${CI:-}" ]; then
  echo "错误：CI 上无法连接 PostgreSQL（$pg_url），PostgreSQL 测试不能跳过。" >&2
  exit 1
else
  echo "== 测试（SQLite）"
  sqlite_pass "" "$@"
  echo "警告：无法连接 PostgreSQL（$pg_url），本机未运行 PostgreSQL 测试。设置 GONGKAI_TEST_DATABASE_URL 后重试。" >&2
fi
