"""What the registers' commands share: sub-command parsers whose bad arguments exit 1 (the
contract), the region of ``--region``, and the import of a workbook file with its Chinese report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from gongkai.registers.excel import find_region
from gongkai.registry.models import Region


class BadInputParser(CommandParser):
    """A sub-command's parser: bad arguments exit 1 like any other bad input (the contract)."""

    def error(self, message: str):
        if not self.called_from_command_line:
            raise CommandError(f"参数错误：{message}")
        self.print_usage(sys.stderr)
        self.exit(1, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})


def region_or_error(name: str) -> Region:
    region, problem = find_region(name)
    if region is None:
        raise CommandError(problem)
    return region


def import_file(file: str, region: str | None, import_workbook: Callable) -> str:
    """Run ``import_workbook`` on the file (scope: ``--region``); its summary, or a CommandError
    listing every problem."""
    scope = region_or_error(region) if region else None
    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取文件“{path}”：{exc.strerror or exc}") from exc
    result = import_workbook(data, scope=scope, max_bytes=max(len(data), 1))
    if not result.ok:
        raise CommandError("\n".join([result.summary(), *(f"  {problem}" for problem in result.problems)]))
    return result.summary()
