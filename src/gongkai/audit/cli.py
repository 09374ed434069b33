"""``gongkai check`` and ``gongkai probe`` (audit-contract.md): arguments, summary, JSON.

Exit status: 0 when the audit ran (whatever it found), 2 for bad arguments, 1 when the site
could not be audited at all (the reason is printed and written to the JSON as ``error``), 130
when it was stopped (Ctrl+C, SIGTERM): the result so far is written all the same, with
``incomplete`` starting with ``interrupted``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from gongkai.audit.config import AuditConfig
from gongkai.audit.engine import INCOMPLETE_TEXT, AuditResult, audit, new_result
from gongkai.audit.findings import ERROR_TEXT
from gongkai.audit.kinds import kind_label
from gongkai.audit.probe import ProbeResult, probe

SITE_CHECK_TEXT = {
    "https": "不支持 HTTPS",
    "ipv6": "不支持 IPv6",
    "search": "无站内搜索",
    "unreachable": "首页无法访问",
}


class ArgumentError(Exception):
    """Bad command-line arguments (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ArgumentError(message)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise ValueError(text)
    return value


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


def _column(text: str) -> tuple[str, str | None] | tuple[str, str | None, int]:
    """``URL[=TYPE[,DAYS]]``: a declared column, its type and its own update window in days."""
    url, _, kind = text.partition("=")
    if not url:
        raise ValueError(text)
    kind, comma, days = kind.partition(",")
    if comma:
        if not days.isdigit() or int(days) <= 0:
            raise ValueError(text)
        return url, kind or None, int(days)
    return url, kind or None


_DEADLINES = {
    "government": "government",
    "政府": "government",
    "department": "department",
    "部门": "department",
}


def _report_deadline(text: str) -> str:
    """``government``/``政府``, ``department``/``部门`` or a scheme's own ``MM-DD``."""
    if text in _DEADLINES:
        return _DEADLINES[text]
    date(2001, *map(int, text.split("-")))  # ValueError/TypeError for anything but MM-DD
    if len(text.split("-")) != 2:
        raise ValueError(text)
    return text


def _word_list(text: str) -> tuple[str, Path]:
    name, _, path = text.partition("=")
    if not name or not path:
        raise ValueError(text)
    return name, Path(path)


def _load_lists(specs: list[tuple[str, Path]]) -> dict[str, list[str]] | str:
    """Sensitive word lists of ``--sensitive-list NAME=FILE``, or the Chinese reason one cannot be read."""
    from gongkai.text import DataFileError, load_word_list

    lists: dict[str, list[str]] = {}
    for name, path in specs:
        try:
            lists[name] = load_word_list(path)
        except (OSError, UnicodeDecodeError, DataFileError) as exc:
            return f"无法读取敏感词表 {path}:{exc}"
        if not lists[name]:
            return f"敏感词表 {path} 中没有任何词语"
    return lists


_positive_int.__name__ = "正整数"
_non_negative.__name__ = "非负数"
_positive.__name__ = "正数"
_column.__name__ = "URL[=类型]"
_word_list.__name__ = "名称=文件"
_report_deadline.__name__ = "政府|部门|MM-DD"


def _check_parser() -> _Parser:
    p = _Parser(
        prog="gongkai check",
        description=(
            "检查一个政府网站:可用性、链接、页面标签、页脚标识、HTTPS/IPv6、栏目更新、错别字、个人信息、"
            "敏感词、政策文件要素和解读关联等。"
        ),
    )
    p.add_argument("url", help="网站首页地址")
    p.add_argument("--as-of", type=date.fromisoformat, default=None, help="检查日期 YYYY-MM-DD(默认今天)")
    p.add_argument("--json", dest="json_file", help="把完整结果写入 JSON 文件(- 表示标准输出)")
    p.add_argument("--max-pages", type=_positive_int, default=5000, help="最多抓取页面数(默认 5000)")
    p.add_argument("--max-depth", type=_positive_int, default=10, help="最大链接深度(默认 10)")
    p.add_argument(
        "--external",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="是否检查指向其他网站的链接(默认否)",
    )
    p.add_argument("--concurrency", type=_positive_int, default=4, help="每个主机的连接数(默认 4)")
    p.add_argument("--rate", type=_non_negative, default=4.0, help="每个主机每秒请求数(默认 4,0 为不限)")
    p.add_argument(
        "--column", type=_column, action="append", default=[], help="声明栏目及类型 URL[=类型[,更新周期天数]]"
    )
    p.add_argument(
        "--weekly-from",
        type=date.fromisoformat,
        default=None,
        help="动态类栏目每周更新统计的起始日期 YYYY-MM-DD(默认检查日期所在年的1月1日)",
    )
    p.add_argument(
        "--sensitive-list",
        type=_word_list,
        action="append",
        default=[],
        help="启用敏感词表 名称=文件(每行一个词,可多次使用;默认不启用)",
    )
    p.add_argument(
        "--annual-report-deadline",
        type=_report_deadline,
        default="government",
        help="政府信息公开工作年度报告的发布期限:政府(次年3月31日,默认)、部门(次年1月31日)或评分方案规定的 MM-DD",
    )
    p.add_argument("--quiet", action="store_true", help="不打印摘要")
    p.add_argument("--ignore-robots", action="store_true", help="不遵守 robots.txt")
    p.add_argument("--timeout", type=_positive, default=30.0, help="单个请求的总超时秒数(默认 30)")
    p.add_argument("--dns-server", help="IPv6 检查使用的 DNS 服务器 IP[:端口](默认系统设置)")
    p.add_argument(
        "--max-requests",
        type=_positive_int,
        default=AuditConfig.max_requests,
        help=f"最多发出的请求数,达到后停止并输出已有结果(默认 {AuditConfig.max_requests})",
    )
    p.add_argument(
        "--max-minutes",
        type=_positive,
        default=AuditConfig.max_seconds / 60,
        help=f"最长检查时间(分钟),达到后停止并输出已有结果(默认 {AuditConfig.max_seconds / 60:g})",
    )
    p.add_argument(
        "--veto-recheck-delay",
        type=_non_negative,
        default=AuditConfig.veto_recheck_delay,
        metavar="秒",
        help=f"首页无法访问时隔多少秒再试一次、有超过3个月未回复留言的页面在检查开始后至少隔多少秒再抓取一次"
        f"(单项否决前再取证,默认 {AuditConfig.veto_recheck_delay:g})",
    )
    p.add_argument(
        "--checkpoint",
        metavar="文件",
        help="边检查边把已抓取的内容写入该文件;检查中断后用同一文件再次运行,从已抓取的页面继续",
    )
    p.add_argument(
        "--page-state",
        metavar="文件",
        help="增量检查:把每个页面的内容指纹、链接和问题保存到该 SQLite 文件;下次用同一文件检查时,"
        "未改动的页面(服务器答 304 或内容相同)不再解析,沿用上次的问题及其首次发现日期,链接仍重新检查",
    )
    p.add_argument(
        "--evidence",
        metavar="目录",
        help="为每个有问题的页面保存证据到该目录:抓取到的网页原文及响应头、SHA-256、抓取时间和整页截图"
        "(截图中标出问题所在,个人信息以黑框遮盖)",
    )
    p.add_argument(
        "--evidence-max-shots",
        type=_positive_int,
        default=AuditConfig.evidence_max_shots,
        help=f"最多截图的页面数(默认 {AuditConfig.evidence_max_shots});超出的页面只保存网页原文和哈希值",
    )
    p.add_argument(
        "--no-js-render",
        action="store_true",
        help="不用浏览器渲染:由脚本生成的栏目页、首页和被防爬虫验证拦截的首页只按网页原文检查"
        "(默认在浏览器中打开这些页面)",
    )
    p.add_argument(
        "--js-render-max",
        type=_positive_int,
        default=AuditConfig.js_render_max,
        help=f"一次检查最多在浏览器中渲染的页面数(默认 {AuditConfig.js_render_max})",
    )
    return p


def _parse(parser: _Parser, argv: list[str]) -> argparse.Namespace | int:
    try:
        return parser.parse_args(argv)
    except ArgumentError as exc:
        print(
            f"参数错误:{_translate(str(exc))}\n用法:{parser.format_usage().removeprefix('usage: ')}",
            file=sys.stderr,
            end="",
        )
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)


def _translate(message: str) -> str:
    """argparse speaks English; say the usual cases in Chinese."""
    replacements = (
        ("the following arguments are required", "缺少必需的参数"),
        ("unrecognized arguments", "无法识别的参数"),
        ("invalid", "无效的"),
        ("value", "值"),
        ("expected one argument", "需要一个值"),
        ("ambiguous option", "有歧义的选项"),
        ("could match", "可能是"),
    )
    for english, chinese in replacements:
        message = message.replace(english, chinese)
    return message


def _arguments(parser: _Parser, argv: list[str]) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status after a Chinese message (bad arguments, an
    unwritable --json file) or --help."""
    args = _parse(parser, argv)
    if isinstance(args, int):
        return args
    problem = (
        _writable(args.json_file)
        or _evidence_dir(getattr(args, "evidence", None))
        or _state_file(getattr(args, "page_state", None))
    )
    if problem:
        print(f"参数错误:{problem}", file=sys.stderr)
        return 2
    return args


def _writable(path: str | None) -> str | None:
    if path in (None, "-"):
        return None
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        return f"无法写入 JSON 文件 {path}:目录不存在"
    return None


def _evidence_dir(path: str | None) -> str | None:
    if path is None:
        return None
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        return f"证据目录 {path} 已存在且不是目录"
    if not folder.exists() and not folder.resolve().parent.is_dir():
        return f"无法创建证据目录 {path}:上级目录不存在"
    return None


def _state_file(path: str | None) -> str | None:
    if path is None:
        return None
    file = Path(path)
    if file.exists() and not file.is_file():
        return f"页面状态文件 {path} 已存在且不是文件"
    if not file.exists() and not file.resolve().parent.is_dir():
        return f"无法创建页面状态文件 {path}:所在目录不存在"
    return None


def _write_json(path: str | None, data: dict[str, Any]) -> None:
    if path is None:
        return
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if path == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(path).write_text(text + "\n", encoding="utf-8")


def summary(result: AuditResult, seconds: float) -> str:
    """The short Chinese summary printed after a check."""
    lines = [f"网站检查:{result.start}(检查日期 {result.as_of})"]
    if result.error:
        lines.append(f"无法检查:{result.error}(用时 {seconds:.1f} 秒)")
        if any(f.kind == "blocked" and f.fields.get("check") == "home" for f in result.findings):
            lines.append("已记为“监测受阻”(被防火墙或防爬虫机制拦截),不计为网站无法访问,请人工核实")
        return "\n".join(lines)
    more = "(已达到页数或深度上限,未抓取完)" if result.truncated else ""
    lines.append(
        f"抓取页面 {result.pages_crawled} 个{more},发出请求 {result.requests} 次,用时 {seconds:.1f} 秒"
    )
    if result.pages_unchanged:
        lines.append(f"其中 {result.pages_unchanged} 个页面自上次检查以来未改动,沿用上次的检查结果")
    if result.page_state_note:
        lines.append(result.page_state_note)
    stops = [INCOMPLETE_TEXT[code] for code in result.incomplete if code != "pages"]
    if stops:
        lines.append("检查未完成:" + ";".join(stops) + "(结果只包含已检查的部分)")
    if result.robots_excluded:
        lines.append(
            f"robots.txt 禁止抓取的本站地址 {result.robots_excluded} 个未检查(如需检查可加 --ignore-robots)"
        )
    counts = Counter(f.kind for f in result.findings)
    if counts:
        parts = []
        for kind, n in counts.most_common():
            text = f"{kind_label(kind)} {n} 个"
            home = sum(1 for f in result.findings if f.kind == kind == "broken_link" and f.fields.get("home"))
            parts.append(text + (f"(其中首页 {home} 个)" if home else ""))
        lines.append(f"发现问题 {len(result.findings)} 个:" + ",".join(parts))
    else:
        lines.append("未发现问题")
    if result.columns:
        status = Counter(c["status"] for c in result.columns)
        lines.append(
            f"栏目 {len(result.columns)} 个:正常 {status['ok']} 个,不更新 {status['stale']} 个,"
            f"空白 {status['empty']} 个"
        )
    for report in result.annual_reports:
        state = (
            "表三无法读取"
            if not report["readable"]
            else "勾稽关系正确"
            if report["identity_ok"]
            else "勾稽关系有误"
        )
        when = f"发布于 {report['published']}" if report["published"] else "发布日期未知"
        late = "(超过发布期限)" if report["late"] else ""
        lines.append(f"{report['year']}年度政府信息公开工作年度报告:{when}{late},{state}")
    if result.evidence is not None:
        with_evidence = [f for f in result.findings if f.fields.get("evidence")]
        lines.append(
            f"证据:{len({f.page for f in with_evidence})} 个页面,截图 {result.evidence.rendered} 张,"
            f"涉及问题 {len(with_evidence)} 个,保存在 {result.evidence.root}"
        )
        if result.evidence.unrendered:
            lines.append(f"超过截图上限,{result.evidence.unrendered} 个页面未截图(网页原文和哈希值已保存)")
        if result.evidence.render_failed:
            lines.append(
                f"{len(result.evidence.render_failed)} 个页面渲染失败或超时,未截图(网页原文和哈希值已保存)"
            )
        if result.evidence.render_error:
            lines.append(f"截图失败:{result.evidence.render_error}(网页原文和哈希值已保存)")
    rendered, note = result.js_render["pages"], result.js_render["note"]
    if rendered:
        lines.append(f"由脚本生成的页面 {len(rendered)} 个已在浏览器中渲染后检查")
    if note:
        lines.append(f"浏览器渲染:{note}")
    scanned = result.stats.get("attachments_scanned", 0)
    if scanned:
        lines.append(f"已检查附件(.docx/.pdf)文字 {scanned} 个")
    site = result.site

    def yes_no(value: object) -> str:
        return "是" if value is True else "否" if value is False else "未知"

    lines.append(
        f"网站标识码 {site.get('SiteIDCode') or '未找到'};HTTPS {yes_no(site.get('https'))};"
        f"IPv6 {yes_no(site.get('ipv6'))};站内搜索 {yes_no(site.get('search'))}"
    )
    site_problems = [
        SITE_CHECK_TEXT[f.fields["check"]]
        for f in result.findings
        if f.kind == "site" and f.fields.get("check") in SITE_CHECK_TEXT
    ]
    if site_problems:
        lines.append("站点问题:" + "、".join(site_problems))
    return "\n".join(lines)


def check_main(argv: list[str]) -> int:
    """``gongkai check URL [options]``; returns the exit status."""
    args = _arguments(_check_parser(), argv)
    if isinstance(args, int):
        return args
    as_of = args.as_of or date.today()
    if args.weekly_from is not None and args.weekly_from > as_of:
        print(f"参数错误:--weekly-from {args.weekly_from} 晚于检查日期 {as_of}", file=sys.stderr)
        return 2
    lists = _load_lists(args.sensitive_list)
    if isinstance(lists, str):
        print(f"参数错误:{lists}", file=sys.stderr)
        return 2
    config = AuditConfig(
        start=args.url,
        as_of=as_of,
        weekly_from=args.weekly_from,
        sensitive_lists=lists,
        max_pages=args.max_pages,
        max_depth=args.max_depth,
        external=args.external,
        concurrency=args.concurrency,
        rate=args.rate,
        obey_robots=not args.ignore_robots,
        columns=args.column,
        annual_report_deadline=args.annual_report_deadline,
        total_timeout=args.timeout,
        read_timeout=min(15.0, args.timeout),
        connect_timeout=min(10.0, args.timeout),
        dns_server=args.dns_server,
        max_requests=args.max_requests,
        max_seconds=args.max_minutes * 60,
        checkpoint=args.checkpoint,
        veto_recheck_delay=args.veto_recheck_delay,
        page_state=args.page_state,
        evidence_dir=args.evidence,
        evidence_max_shots=args.evidence_max_shots,
        js_render=not args.no_js_render,
        js_render_max=args.js_render_max,
    )
    began = time.monotonic()
    result = new_result(config)
    stopped = False
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if main else None  # a stop is Ctrl+C
    try:
        _run_with_progress(config, result, show=not args.quiet and sys.stderr.isatty())
    except KeyboardInterrupt:  # the result so far is written all the same, marked incomplete
        stopped = True
        if "interrupted" not in result.incomplete:
            result.incomplete.insert(0, "interrupted")
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
    seconds = time.monotonic() - began
    _write_json(args.json_file, result.to_dict())
    out = sys.stderr if args.json_file == "-" else sys.stdout
    if not args.quiet:
        print(summary(result, seconds), file=out)
    if stopped:
        return 130
    if result.error:
        if args.quiet:
            print(f"无法检查:{result.error}", file=sys.stderr)
        return 1
    return 0


def _run_with_progress(config: AuditConfig, result: AuditResult, *, show: bool) -> AuditResult:
    if not show:
        return asyncio.run(audit(config, result=result))
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=_stderr_console(),
        transient=True,
    ) as bar:
        task = bar.add_task("正在检查……", total=None)

        def update(pages: int, waiting: int) -> None:
            bar.update(task, description=f"已抓取 {pages} 个页面,待处理 {waiting} 个")

        return asyncio.run(audit(config, progress=update, result=result))


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _probe_parser() -> _Parser:
    p = _Parser(prog="gongkai probe", description="按间隔多次访问网址,记录每次结果并计算失败比例。")
    p.add_argument("url", help="要探测的网址(一般为网站首页)")
    p.add_argument("--count", type=_positive_int, default=20, help="探测次数(默认 20)")
    p.add_argument("--interval", type=_non_negative, default=60.0, help="两次探测的间隔秒数(默认 60)")
    p.add_argument("--timeout", type=_positive, default=15.0, help="超过多少秒未打开算失败(默认 15)")
    p.add_argument("--json", dest="json_file", help="把结果写入 JSON 文件(- 表示标准输出)")
    p.add_argument("--quiet", action="store_true", help="只打印失败比例")
    return p


def probe_main(argv: list[str]) -> int:
    """``gongkai probe URL --count N --interval S --timeout 15``; returns the exit status."""
    args = _arguments(_probe_parser(), argv)
    if isinstance(args, int):
        return args
    from gongkai.audit.urls import normalize

    url = normalize(args.url.strip())
    if url is None:
        message = f"网址无效:{args.url!r}(应为 http:// 或 https:// 开头的网址)"
        _write_json(args.json_file, {"url": args.url, "error": message, "probes": []})
        print(message, file=sys.stderr)
        return 1
    out = sys.stderr if args.json_file == "-" else sys.stdout

    def show(n: int, r: ProbeResult) -> None:
        if args.quiet:
            return
        state = "成功" if r.ok else f"失败({ERROR_TEXT.get(r.error or 'http')})"
        code = r.status if r.status is not None else "-"
        print(
            f"第 {n}/{args.count} 次 {r.at} {state} 状态码 {code} 用时 {r.elapsed:.2f} 秒",
            file=out,
            flush=True,
        )

    report = asyncio.run(probe(url, args.count, args.interval, args.timeout, on_result=show))
    data = report.to_dict()
    data["error"] = None
    _write_json(args.json_file, data)
    print(
        f"探测 {len(report.results)} 次,失败 {report.failures} 次,失败比例 {report.failure_ratio:.1%}"
        f"(超过 {args.timeout:g} 秒未打开算失败)",
        file=out,
    )
    return 0
