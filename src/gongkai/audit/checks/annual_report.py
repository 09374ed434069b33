"""annual_report_*: the unit's 政府信息公开工作年度报告 (rules.md §5, 国办公开办函〔2021〕30号).

Finding the reports. While the site is crawled, a link whose text names a report and its year
(``2025年度政府信息公开工作年度报告``) is a report; a link named for the reports of several years
(``政府信息公开年报``, ``年度报告``) to an HTML page, or a column declared ``--column URL=年报``, is
a list of reports whose items (title, date) are read like any column's. A crawled page whose
title names a report and its year is read on the spot (its tables, its date, its attachments).
Only the last 3 years' reports (the years before the check date's year) are considered, one per
year (the one whose title names the site's unit first: a county portal lists its departments'
reports too); in ``finish`` the ones the crawl did not read are fetched (a page, or its .docx/.pdf
attachment when the page shows no table): at most 6 requests.

Publication date: the report page's date (PubDate tag, 发布时间), else the date its list shows.
Deadline: Jan 31 (departments) or Mar 31 (local governments, the default) of the following year,
or the ``MM-DD`` of a scheme (``AuditConfig.annual_report_deadline``).

Findings (docs/audit-json.md): ``annual_report_missing`` (no report on the previous year once its
deadline has passed, on a site that has a disclosure area: a link naming 信息公开/政务公开/年报, or
any report), ``annual_report_late``, ``annual_report_identity`` (一 + 二 ≠ （七） + 四 in a column,
a parent row ≠ its sub-rows, 总计 ≠ the other columns), ``annual_report_copied`` (the same
non-zero numbers of table 三 as the year before, or nearly the same text) and
``annual_report_unreadable`` (our limitation, for review only). Every report read is also in the
JSON's ``annual_reports`` list with its parsed tables, for the comparison with the unit's register.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.checks.base import Check
from gongkai.audit.checks.text import publication_date
from gongkai.audit.content import annual_report as AR
from gongkai.audit.content import page_pub_date, parse_list_page
from gongkai.audit.content.policy import shown_title
from gongkai.audit.context import AuditContext
from gongkai.audit.encoding import decode_html
from gongkai.audit.findings import Finding
from gongkai.audit.page import Link, Page
from gongkai.audit.pagetext import split_text, text_hash
from gongkai.audit.urls import normalize

log = logging.getLogger(__name__)
YEARS_BACK = 3  # reports of the last 3 years are read
MAX_LISTS = 5  # list pages of reports followed
_DISCLOSURE = re.compile(r"信息公开|政务公开|年报|年度报告")
_FILE = re.compile(r"\.(docx|pdf)(?:$|[?#])", re.IGNORECASE)
_NAMES_REPORT = re.compile(r"报告|年报")
_ANY_FILE = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|zip|rar|ofd)(?:$|[?#])", re.IGNORECASE)


@dataclass
class _Report:
    """One year's report as read: where, when, and its tables (never the page itself)."""

    url: str
    year: int
    title: str
    linked_from: str
    format: str = "html"  # html, docx, pdf
    published: date | None = None
    table: AR.Table3 | None = None
    table2: dict[str, list[float]] = field(default_factory=dict)
    table4: dict[str, list[int]] = field(default_factory=dict)
    error: str | None = None  # why table 三 could not be read
    text: str = ""  # text outside the tables, for the copy check
    attachments: list[str] = field(default_factory=list)  # .docx/.pdf the page links to
    source: str | None = None  # the attachment the tables were read from


@dataclass
class _Link:
    url: str
    year: int
    title: str
    linked_from: str
    published: date | None = None  # the date its list shows


class AnnualReportCheck(Check):
    name = "annual_report"
    replayable = True  # an unchanged page gives its links again; reports and their lists are parsed

    def __init__(self) -> None:
        self._titled: set[str] = set()  # pages whose title names a report and its year
        self._declared = False
        self._lists: set[str] = set()
        self._links: dict[str, _Link] = {}
        self._reports: dict[str, _Report] = {}  # report pages the crawl read
        self._disclosure = False
        self._site_name = ""  # SiteName tag or home page title: whose reports to prefer

    def _own(self, title: str) -> bool:
        """Whether a report's title names this site's unit (a county portal also lists the
        reports of its departments)."""
        name = self._site_name
        if not name:
            return False
        if name in title:
            return True
        # 某某县2025年… for 某某县人民政府, not 某某县教育局2025年… (a department of it)
        short = re.sub(r"(?:门户网站|网站|人民政府|办公室)+$", "", name)
        return (
            len(short) >= 2
            and re.search(re.escape(short) + r"(?:人民政府)?(?:办公室)?\s*(?:19|20)\d\d", title) is not None
        )

    def _years(self, ctx: AuditContext) -> range:
        year = ctx.config.as_of.year
        return range(year - 1, year - 1 - YEARS_BACK, -1)

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        if not self._declared:
            self._declared = True
            for url, kind, *_ in ctx.config.columns:
                if kind == "年报":
                    self._lists.add(normalize(url) or url)
                    self._disclosure = True
        years = self._years(ctx)
        self._scan_links(page.url, page.links, years, ctx)
        if page.url in self._lists:
            self._read_list(page, ctx, years)
        if page.is_start:
            self._site_name = (
                page.meta.get("sitename") or re.split(r"[_|\-—–]", page.title, maxsplit=1)[0].strip()
            )
            return ()
        known = self._links.get(page.url)
        if known is None and "报" not in page.title:
            return ()
        heading = page.tree.css_first("h1")
        title = shown_title(page.title)  # without the site name CMS titles append
        if not AR.report_year(title):
            title = heading.text(strip=True) if heading else ""
        year = AR.report_year(title) or (known.year if known else None)
        if year is not None:  # a report of some year: read again in every audit (its year may come due)
            self._titled.add(page.url)
        if year in years and page.url not in self._reports:
            title = title or (known.title if known else "")
            self._reports[page.url] = _read_page(page, ctx, year, title, known.linked_from if known else "")
        return ()

    def needs_page(self, url: str) -> bool:
        return url in self._lists or url in self._links or url in self._titled

    def replay_page(
        self, url: str, memo: Any, findings: list[Finding], links: list[Link], ctx: AuditContext
    ) -> Iterable[Finding]:
        self._scan_links(url, links, self._years(ctx), ctx)
        return findings

    def _scan_links(self, url: str, links: list[Link], years: range, ctx: AuditContext) -> None:
        for link in links:
            # every name this check looks for has 报 or 公开 in it: the cheap test first
            if link.element != "a" or ("报" not in link.text and "公开" not in link.text):
                continue
            if not ctx.is_internal(link.target):
                continue
            if _DISCLOSURE.search(link.text):
                self._disclosure = True
            year = AR.report_year(link.text)
            if year in years:
                self._links.setdefault(link.target, _Link(link.target, year, link.text, url))
            elif (
                year is None
                and AR.is_report_list(link.text)
                and not _ANY_FILE.search(link.target)
                and len(self._lists) < MAX_LISTS
            ):
                self._lists.add(link.target)

    def _read_list(self, page: Page, ctx: AuditContext, years: range) -> None:
        listing = parse_list_page(page.tree, page.url, as_of=ctx.config.as_of)
        for item in listing.items:
            year = AR.report_year(item.title)
            if year not in years or not item.url:
                continue
            url = normalize(item.url) or item.url
            known = self._links.setdefault(url, _Link(url, year, item.title, page.url))
            known.published = known.published or item.date

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        rule = ctx.config.annual_report_deadline
        chosen: dict[int, _Report] = {}
        # per year: the unit's own report first (by its title), then one whose table was read
        for report in sorted(self._reports.values(), key=lambda r: (not self._own(r.title), r.table is None)):
            chosen.setdefault(report.year, report)
        wanted = sorted(
            (link for link in self._links.values() if link.year not in chosen),
            key=lambda link: not self._own(link.title),
        )
        for link in wanted:
            if link.year in chosen:
                continue
            report = await _fetch_report(ctx, link)
            if report is not None:
                chosen[link.year] = report
        for report in chosen.values():
            link = self._links.get(report.url)
            if report.published is None and link is not None:
                report.published = link.published
            if report.table is None and report.attachments:
                await _read_attachment(ctx, report, report.attachments[0])
        findings: list[Finding] = []
        for year in sorted(chosen, reverse=True):
            report = chosen[year]
            ctx.annual_reports.append(_record(report, rule))
            findings.extend(_report_findings(report, rule))
            previous = chosen.get(year - 1)
            if previous is not None:
                findings.extend(_copy_findings(report, previous))
        last = ctx.config.as_of.year - 1
        due = AR.deadline(last, rule)
        if last not in chosen and ctx.config.as_of > due and (self._disclosure or self._lists or chosen):
            page = sorted(self._lists)[0] if self._lists else ctx.home
            findings.append(
                Finding(
                    "annual_report_missing",
                    page,
                    f"未找到{last}年度政府信息公开工作年度报告（应于{due.isoformat()}前发布）。"
                    "请按《政府信息公开条例》第四十九条和国办公开办函〔2021〕30号的格式发布年度报告。",
                    {"year": last, "deadline": due.isoformat()},
                )
            )
        return findings


def _read_page(page: Page, ctx: AuditContext, year: int, title: str, linked_from: str) -> _Report:
    report = _Report(page.url, year, title, linked_from)
    report.published = publication_date(page, ctx.config.as_of) or page_pub_date(
        page.tree, as_of=ctx.config.as_of
    )
    _read_html(report, page.text)
    files = [
        link
        for link in page.links
        if link.element == "a" and ctx.is_internal(link.target) and _FILE.search(link.target)
    ]
    # the report itself before other files of the page (a 指南, a form)
    report.attachments = [
        link.target for link in sorted(files, key=lambda f: not _NAMES_REPORT.search(f.text))
    ]
    return report


def _read_html(report: _Report, html: str) -> None:
    tree = LexborHTMLParser(html)
    grids = AR.html_grids(tree)
    _read_grids(report, grids)
    for table in tree.css("table"):
        table.decompose()
    report.text = split_text(tree.html or "").main


def _read_grids(report: _Report, grids: list[list[list[str]]]) -> None:
    try:
        report.table, report.error = AR.find_table3(grids), None
    except AR.TableError as exc:
        report.table, report.error = None, str(exc)
    report.table2 = AR.parse_table2(grids)
    report.table4 = AR.parse_table4(grids)


async def _fetch_report(ctx: AuditContext, link: _Link) -> _Report | None:
    """A report the crawl did not read: its page, or the .docx/.pdf the link points to."""
    report = _Report(link.url, link.year, link.title, link.linked_from, published=link.published)
    if _FILE.search(link.url):
        await _read_attachment(ctx, report, link.url)
        return report
    fetched = await ctx.fetcher.fetch(link.url, referer=link.linked_from or ctx.home)
    if not fetched.ok or not fetched.is_html or fetched.body is None:
        return None  # a dead link is already a broken_link
    html, _ = decode_html(fetched.body, fetched.charset)
    ctx.page_hashes.setdefault(link.url, text_hash(split_text(html).main))
    page = Page(fetched.final_url, fetched.status or 0, fetched.content_type, html, 1, False)
    from gongkai.audit.page import extract_links

    page.links = extract_links(page)
    read = _read_page(page, ctx, link.year, link.title, link.linked_from)
    read.url = link.url
    read.published = read.published or link.published
    return read


async def _read_attachment(ctx: AuditContext, report: _Report, url: str) -> None:
    """Tables of a .docx (python-docx) or the text of a PDF (pypdf), into ``report``."""
    from gongkai.text.attachments import AttachmentError, attachment_type, extract_text, open_docx

    kind = attachment_type(url) or "pdf"
    cap = ctx.config.attachment_max_bytes
    fetched = await ctx.fetcher.fetch(url, html_only=False, retries=0, referer=report.url)
    report.source, report.format = url, kind
    if not fetched.ok or fetched.body is None:
        report.error = "附件无法下载"
        return
    if fetched.truncated or len(fetched.body) > cap:
        report.error = f"附件超过 {cap // (1024 * 1024)} MB，未读取"
        return
    body = fetched.body
    try:
        if kind == "docx":
            document = await asyncio.to_thread(open_docx, body, cap)
            _read_grids(report, AR.docx_grids(document))
            report.text = "\n".join(p.text for p in document.paragraphs)
        else:
            text = await asyncio.to_thread(extract_text, body, url, max_bytes=cap)
            report.text = _without_table3(text)
            try:
                report.table, report.error = AR.parse_table3_text(text), None
            except AR.TableError as exc:
                report.error = f"{exc}（PDF 只能读取文字，表格结构可能已丢失）"
    except AttachmentError as exc:
        report.error = str(exc)
    except Exception as exc:  # an untrusted file must never stop the audit
        log.info("年度报告附件 %s 读取出错：%s", url, exc)
        report.error = f"附件无法解析：{type(exc).__name__}"
    ctx.page_hashes[url] = text_hash(report.text)


def _without_table3(text: str) -> str:
    """A PDF's text without table 三 (the same labels every year: not what makes a copy)."""
    start, end = text.find("本年新收"), text.rfind("结转下年度继续办理")
    return text[:start] + text[end:] if 0 <= start < end else text


def _where(report: _Report) -> str:
    return report.source or report.url


def _record(report: _Report, rule: str) -> dict[str, Any]:
    due = AR.deadline(report.year, rule)
    return {
        "year": report.year,
        "page": report.url,
        "source": report.source,
        "title": report.title,
        "format": report.format,
        "published": report.published.isoformat() if report.published else None,
        "deadline": due.isoformat(),
        "late": (report.published > due) if report.published else None,
        "readable": report.table is not None,
        "error": report.error,
        "table": report.table.to_json() if report.table else None,
        "identity_ok": not AR.identity_problems(report.table) if report.table else None,
        "table2": report.table2,
        "table4": report.table4,
    }


def _report_findings(report: _Report, rule: str) -> list[Finding]:
    findings = []
    name = f"{report.year}年度政府信息公开工作年度报告"
    due = AR.deadline(report.year, rule)
    if report.published is not None and report.published > due:
        findings.append(
            Finding(
                "annual_report_late",
                report.url,
                f"{name}发布于{report.published.isoformat()}，晚于规定的{due.isoformat()}"
                f"（超过 {(report.published - due).days} 天）。请按时发布年度报告。",
                {"year": report.year, "published": report.published.isoformat(), "deadline": due.isoformat()},
            )
        )
    if report.table is None:
        findings.append(
            Finding(
                "annual_report_unreadable",
                _where(report),
                f"{name}的表三（收到和处理政府信息公开申请情况）未能自动读取：{report.error or '原因不明'}。"
                "须人工核对该表，本项只说明检查不完整，不计分。",
                {"year": report.year, "format": report.format, "reason": report.error or ""},
            )
        )
        return findings
    table = report.table.to_json()
    for problem in AR.identity_problems(report.table):
        where = {
            AR.IDENTITY: f"{AR.IDENTITY}／{problem.column}",
            "parent": f"{problem.row}／{problem.column}",
        }.get(problem.rule, f"总计列／{problem.row}")
        findings.append(
            Finding(
                "annual_report_identity",
                _where(report),
                f"{name}表三数据不符合勾稽关系：{problem.text()}。请核实并更正。",
                {
                    "year": report.year,
                    "where": where,
                    "rule": problem.rule,
                    "row": problem.row,
                    "column": problem.column,
                    "left": problem.left,
                    "right": problem.right,
                    "table": table,
                },
            )
        )
    return findings


def _copy_findings(report: _Report, previous: _Report) -> list[Finding]:
    basis = []
    if report.table is not None and previous.table is not None:
        if AR.same_numbers(report.table.to_json(), previous.table.to_json()):
            basis.append("table")
    similarity = AR.text_similarity(report.text, previous.text)
    if similarity >= AR.COPY_SIMILARITY:
        basis.append("text")
    if not basis:
        return []
    what = "、".join(
        {
            "table": "表三中全部非零数据与上年完全相同",
            "text": f"正文与上年高度雷同（相似度 {similarity:.0%}）",
        }[b]
        for b in basis
    )
    return [
        Finding(
            "annual_report_copied",
            _where(report),
            f"{report.year}年度政府信息公开工作年度报告疑似照搬上年报告：{what}。请核实本年度数据和内容。",
            {
                "year": report.year,
                "previous_year": previous.year,
                "previous_page": _where(previous),
                "basis": basis,
                "similarity": round(similarity, 3),
                "table": report.table.to_json() if report.table else None,
            },
        )
    ]
