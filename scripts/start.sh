#!/usr/bin/env bash
# 快速开始第一条命令：准备环境，在内置默认配置（SQLite、单进程）上运行演示并启动网页服务。
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export GONGKAI_DATA_DIR="${GONGKAI_DATA_DIR:-$PWD/data}"
exec gongkai demo "$@"
