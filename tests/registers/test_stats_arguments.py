"""`gongkai messages|submissions stats` refuse bad arguments alike (registers.cli_common): a date
that is not one, a window that ends before it starts, an unknown unit or region; nothing written."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from tests.registers.helpers import run_stats

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", ["messages", "submissions"])
def test_stats_refuses_bad_dates_and_unknown_units(command, tmp_path, units):
    own = str(units["own"].pk)
    with pytest.raises(CommandError, match="日期“2025-02-30”无效"):
        run_stats(command, tmp_path, "--from", "2025-02-30", "--to", "2025-03-01", "--unit", own)
    with pytest.raises(CommandError, match="晚于截止日期"):
        run_stats(command, tmp_path, "--from", "2025-04-01", "--to", "2025-03-01", "--unit", own)
    with pytest.raises(CommandError, match="单位编号 999999 不存在"):
        run_stats(command, tmp_path, "--from", "2025-04-01", "--to", "2025-06-30", "--unit", "999999")
    with pytest.raises(CommandError, match="未找到地区"):
        run_stats(command, tmp_path, "--from", "2025-04-01", "--to", "2025-06-30", "--region", "火星")
    assert not (tmp_path / "out.json").exists()
