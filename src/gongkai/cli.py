"""The `gongkai` console command.

Engine commands (`check`, `score`, `applications clock`) run without Django so they start fast and work on a
machine that has no database. Every other sub-command is a Django management command run with
gongkai's settings (`migrate`, `serve`, `demo`, `audit`, `probe`, ...); `probe` is one because it records
the probes of registered sites. `gongkai help` (gongkai.cli_help) lists them all in Chinese.
"""

from __future__ import annotations

import importlib
import os
import sys

# sub-command -> (module, function taking argv and returning an exit status)
ENGINE_COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("gongkai.audit.cli", "check_main"),
    "score": ("gongkai.scoring.cli", "main"),
}
# two-word sub-commands run by an engine; the other `gongkai applications ...` commands
# (import, annual-table) stay Django management commands
ENGINE_SUBCOMMANDS: dict[tuple[str, str], tuple[str, str]] = {
    ("applications", "clock"): ("gongkai.disclosure.cli", "clock_main"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    from gongkai import cli_help

    cli_help.translate_argparse()
    # `gongkai`, `gongkai help [X]` and `gongkai X --help`: gongkai's own Chinese help
    if not argv or argv[0] == "help":
        return cli_help.main(argv[1:])
    if len(argv) == 2 and argv[1] in ("-h", "--help") and argv[0] not in ENGINE_COMMANDS:
        return cli_help.main(argv[:1])
    if tuple(argv[:2]) in ENGINE_SUBCOMMANDS:
        module_name, func_name = ENGINE_SUBCOMMANDS[(argv[0], argv[1])]
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(argv[2:]) or 0)
    # `gongkai check --deploy` is Django's deployment check, not the site audit
    if argv and argv[0] in ENGINE_COMMANDS and argv[:2] != ["check", "--deploy"]:
        module_name, func_name = ENGINE_COMMANDS[argv[0]]
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(argv[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
