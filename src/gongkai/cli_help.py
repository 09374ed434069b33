"""`gongkai help` and `gongkai help X`, in Chinese.

Django's own `help` lists every management command by app (makemigrations, startproject, … but
not `check` or `score`, which cli.py runs without Django) and knows nothing of the engine commands.
Here the listing is gongkai's: the engine commands, gongkai's management commands (their one-line
``help``) and the few Django commands an operator needs, each with one Chinese line;
``gongkai help --all`` still gives Django's full list. Usage texts come from each command's own
argparse parser, with argparse's headings and errors translated and Django's common options
(--verbosity, --settings, …) left out.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable

# argparse's own strings (argparse calls ``_`` from its module namespace at run time)
ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须提供 %s 之一",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
}

# Chinese help of the options of the Django commands listed below (Django's texts are English)
DJANGO_OPTIONS_CHINESE = {
    "--database": "使用的数据库别名（默认 default）",
    "--noinput": "不询问任何问题（用于脚本）",
    "--no-input": "不询问任何问题（用于脚本）",
    "--username": "用户名",
    "--email": "电子邮件地址",
    "--deploy": "检查生产部署的安全设置",
    "--fake": "只记录迁移为已执行，不实际修改数据库",
    "--plan": "只列出将执行的迁移",
    "--check": "有未执行的迁移时以非零状态退出",
    "--run-syncdb": "为没有迁移的应用直接建表",
    "--prune": "删除已不存在的迁移记录",
    "--fake-initial": "表已存在时把初始迁移记为已执行",
    "--dry-run": "只显示将要执行的操作",
    "--managers": "发给 MANAGERS 设置中的地址",
    "--admins": "发给 ADMINS 设置中的地址",
    "--command": "执行这段代码后退出",
    "--interface": "交互环境（ipython、bpython 或 python）",
    "--no-startup": "不执行 PYTHONSTARTUP 脚本",
    "--no-imports": "不自动导入数据模型",
    "--host": "监听地址（默认 %(default)s）",
    "--port": "端口（默认 %(default)s）",
    "--tag": "只运行带该标签的检查",
    "--list-tags": "列出可用的检查标签",
    "--fail-level": "达到该级别的消息时以非零状态退出",
}
DJANGO_POSITIONALS_CHINESE = {
    ("migrate", "app_label"): "应用名称（只迁移该应用）",
    ("migrate", "migration_name"): "迁移到这一步（zero 表示撤销全部）",
    ("changepassword", "username"): "用户名（默认当前系统用户）",
    ("sendtestemail", "email"): "收件地址",
    ("check", "app_labels"): "只检查这些应用",
    ("createcachetable", "args"): "缓存表名（默认按设置）",
}

# group -> commands, in the order an operator meets them
GROUPS: list[tuple[str, list[str]]] = [
    ("检查网站", ["check", "audit", "resume", "probe", "evidence"]),
    ("评分与通报", ["score", "recompute", "report", "rollup"]),
    ("整改跟踪", ["verify", "remind"]),
    ("依申请公开", ["applications"]),
    ("信息报送", ["submissions"]),
    ("政务新媒体", ["newmedia"]),
    ("网民留言", ["messages"]),
    ("网页服务与演示", ["demo", "serve"]),
    ("账号与接口令牌", ["createsuperuser", "changepassword", "token"]),
    (
        "数据库与维护",
        ["migrate", "check --deploy", "createcachetable", "clearsessions", "sendtestemail", "shell"],
    ),
]
# one line for the commands that are not gongkai management commands (those have their ``help``)
LINES = {
    "check": "检查一个网站（不需要数据库）：可用性、链接、标签、页脚、栏目更新、错别字、个人信息等",
    "score": "按指标方案计算各单位得分并在类别内排名（不需要数据库，读写表格文件）",
    "changepassword": "修改某个用户的密码（须符合密码规则）",
    "migrate": "创建或升级数据库（首次使用和升级后运行）",
    "check --deploy": "检查生产部署的安全设置（HTTPS、密钥、允许的主机名等）",
    "createcachetable": "创建缓存表（登录失败计数用；migrate 时已自动创建）",
    "clearsessions": "清除已过期的登录会话",
    "sendtestemail": "发送一封测试邮件，检查邮件设置",
    "shell": "打开 Python 交互环境（供管理员排查问题）",
}
ENGINE_COMMANDS = {"check", "score"}
# Django's options common to every management command: not for the people reading this help
DJANGO_BASE_OPTIONS = {
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


def translate_argparse() -> None:
    """Make argparse print its headings and errors in Chinese (for every parser in this process)."""
    english: Callable[[str], str] = getattr(argparse, "_english_gettext", argparse._)
    argparse._english_gettext = english  # type: ignore[attr-defined]
    argparse._ = lambda message: ARGPARSE_CHINESE.get(message, english(message))


def _django_commands() -> dict[str, str]:
    """Every management command -> the app that provides it (Django set up with gongkai's settings)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django
    from django.core.management import get_commands

    django.setup()
    return get_commands()


def _command(name: str):
    from django.core.management import load_command_class

    return load_command_class(_django_commands()[name], name)


def _line(name: str, apps: dict[str, str]) -> str:
    if name in LINES:
        return LINES[name]
    if name in apps:
        return str(_command(name).help).split("\n")[0]
    return ""


def listing() -> str:
    apps = _django_commands()
    listed = {name for _, names in GROUPS for name in names}
    own = sorted(name for name, app in apps.items() if app.startswith("gongkai.") and name not in listed)
    groups = GROUPS + ([("其他", own)] if own else [])
    lines = ["用法：gongkai <命令> [选项]", "", "gongkai 的命令："]
    for title, names in groups:
        lines.append("")
        lines.append(f"{title}")
        lines.extend(f"  {name:<18}{_line(name, apps)}" for name in names)
    lines += [
        "",
        "运行 gongkai help <命令> 查看该命令的用法和选项，例如 gongkai help check。",
        "运行 gongkai help --all 列出 Django 提供的全部管理命令。",
    ]
    return "\n".join(lines)


def _engine_usage(name: str) -> int:
    from gongkai.cli import ENGINE_COMMANDS as ENGINES

    module_name, func_name = ENGINES[name]
    status = getattr(importlib.import_module(module_name), func_name)(["--help"])
    if name == "check":
        print("\n另：gongkai check --deploy 检查生产部署的安全设置（Django 的部署检查）。")
    return int(status or 0)


def django_usage(name: str) -> str:
    """The Chinese usage of a management command: its parser without Django's common options."""
    command = _command(name)
    command.suppressed_base_arguments = set(DJANGO_BASE_OPTIONS)
    parser = command.create_parser("gongkai", name)
    for action in parser._actions:
        if set(action.option_strings) & DJANGO_BASE_OPTIONS:
            action.help = argparse.SUPPRESS  # --skip-checks is added without the suppression hook
            continue
        chinese = next(
            (DJANGO_OPTIONS_CHINESE[o] for o in action.option_strings if o in DJANGO_OPTIONS_CHINESE), None
        )
        chinese = chinese or DJANGO_POSITIONALS_CHINESE.get((name, action.dest))
        if chinese and not _is_chinese(str(action.help or "")):
            action.help = chinese
    if not _is_chinese(str(parser.description or "")) and name in LINES:
        parser.description = LINES[name]
    return parser.format_help()


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def main(argv: list[str]) -> int:
    """``gongkai help [命令 | --all]``; returns the exit status."""
    if not argv:
        print(listing())
        return 0
    if argv[0] == "--all":
        from django.core.management import ManagementUtility

        _django_commands()
        print(ManagementUtility(["gongkai"]).main_help_text())
        return 0
    name = argv[0]
    if name in ENGINE_COMMANDS and argv[1:2] != ["--deploy"]:
        return _engine_usage(name)
    if name == "help":
        print("gongkai help 列出全部命令；gongkai help <命令> 显示该命令的用法。")
        return 0
    if name not in _django_commands():
        print(f"没有名为“{name}”的命令。运行 gongkai help 查看全部命令。", file=sys.stderr)
        return 1
    print(django_usage(name), end="")
    return 0
