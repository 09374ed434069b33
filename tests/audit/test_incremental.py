"""Incremental re-audit (issue 17 item 4): conditional requests, unchanged pages taken over from
the page state with their findings and first_seen, changed pages parsed again, links re-checked.

A real loopback server that honours If-None-Match (ETag), or If-Modified-Since only, or neither
(then the content hash tells an unchanged page)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gongkai.audit.config import AuditConfig
from gongkai.audit.engine import AuditResult, audit
from tests.loopback import LOOPBACK_AUDIT

D1, D2, D3, D4 = date(2025, 12, 1), date(2025, 12, 3), date(2025, 12, 5), date(2025, 12, 7)
FOOTER = "<div class='footer'>主办单位：某某县人民政府 网站布署：某某县大数据中心</div>"  # a template typo
ARTICLES = {
    "/gzdt/t20251120_1.html": (
        "全县召开安全生产会议",
        "会议要求各部门认真贯切落实安全生产责任。",
    ),  # typo 贯切
    "/gzdt/t20251122_2.html": ("我县开展植树活动", "全县干部群众参加义务植树，共植树五千株。"),
    "/gzdt/t20251125_3.html": (
        "县政府召开常务会议",
        "会议研究了冬季供暖保障工作。<img src='/img/photo.png' alt='会议现场'>",
    ),
    "/gzdt/t20251128_4.html": ("我县举办农民丰收节", "丰收节展示了本地特色农产品。"),
}


def page(title: str, body: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_某某县人民政府</title>"
        "<meta name='SiteName' content='某某县人民政府'></head>"
        f"<body><div class='nav'><a href='/'>首页</a><a href='/gzdt/'>工作动态</a></div>{body}{FOOTER}</body></html>"
    )


def article(title: str, text: str) -> str:
    return page(title, f"<div class='article'><h1>{title}</h1><div class='content'><p>{text}</p></div></div>")


def dated(path: str) -> str:
    """2025-11-20 for /gzdt/t20251120_1.html."""
    day = path.split("/t")[1][:8]
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"


def listing() -> str:
    items = "".join(
        f"<li><a href='{path}'>{title}</a><span>{dated(path)}</span></li>"
        for path, (title, _) in ARTICLES.items()
    )
    return page("工作动态", f"<ul class='list'>{items}</ul>")


def site() -> dict[str, bytes]:
    items = "".join(
        f"<li><a href='{path}'>{title}</a> {dated(path)}</li>" for path, (title, _) in ARTICLES.items()
    )
    pages = {
        "/": page(
            "首页", f"<div class='news'><h2>工作动态</h2><ul>{items}</ul><a href='/gzdt/'>更多</a></div>"
        ),
        "/gzdt/": listing(),
        **{path: article(title, text) for path, (title, text) in ARTICLES.items()},
    }
    return {path: html.encode() for path, html in pages.items()}


class Site:
    """The served files, and every request the server answered: (method, path, conditional, status)."""

    def __init__(self, validators: str) -> None:
        self.validators = validators  # "etag", "last-modified" or "none"
        self.files = site()
        self.files["/img/photo.png"] = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
        self.modified = {path: datetime(2025, 11, 1, tzinfo=UTC) for path in self.files}
        self.log: list[tuple[str, str, str, int]] = []
        self.redirects: dict[str, str] = {}  # path -> the path it moved to (301)
        self.failing: dict[str, int] = {}  # path -> the error status it answers with
        self.lock = threading.Lock()

    def change(self, path: str, old: str, new: str) -> None:
        self.files[path] = self.files[path].decode().replace(old, new).encode()
        self.modified[path] += timedelta(days=1)

    def answer(self, method: str, path: str, headers: Any) -> tuple[int, dict[str, str], bytes]:
        if path in self.redirects:
            return 301, {"Location": self.redirects[path]}, b""
        if path in self.failing:
            return self.failing[path], {"Content-Type": "text/html; charset=utf-8"}, b"<html>error</html>"
        body = self.files.get(path)
        if body is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, "<html>未找到</html>".encode()
        kind = {
            "png": "image/png",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
        kind = kind.get(path.rsplit(".", 1)[-1], "text/html; charset=utf-8")
        out = {"Content-Type": kind}
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = self.modified[path]
        if self.validators == "etag":
            out["ETag"] = etag
            if headers.get("If-None-Match") == etag:
                return 304, out, b""
        elif self.validators == "last-modified":
            out["Last-Modified"] = format_datetime(modified, usegmt=True)
            since = headers.get("If-Modified-Since")
            if since and parsedate_to_datetime(since) >= modified:
                return 304, out, b""
        return 200, out, body

    def conditional(self, headers: Any) -> str:
        return ",".join(h for h in ("If-None-Match", "If-Modified-Since") if headers.get(h))

    def requests(self, status: int | None = None, conditional: bool | None = None) -> list[str]:
        return sorted(
            path
            for method, path, cond, code in self.log
            if (status is None or code == status) and (conditional is None or bool(cond) == conditional)
        )


@contextmanager
def serve(validators: str) -> Iterator[tuple[Site, str]]:
    state = Site(validators)

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, body_too: bool) -> None:
            status, headers, body = state.answer(self.command, self.path, self.headers)
            with state.lock:
                state.log.append((self.command, self.path, state.conditional(self.headers), status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body_too and status != 304:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self._reply(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._reply(False)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def run(base: str, as_of: date, state_file: Path | None, served: Site | None = None) -> AuditResult:
    if served is not None:
        served.log.clear()
    config = AuditConfig(
        start=base + "/",
        as_of=as_of,
        concurrency=4,
        page_state=str(state_file) if state_file else None,
        **LOOPBACK_AUDIT,
    )
    return asyncio.run(audit(config))


def findings(result: AuditResult, *, first_seen: bool = True) -> list[tuple[Any, ...]]:
    rows = []
    for f in result.findings:
        fields = {k: v for k, v in f.fields.items() if first_seen or k != "first_seen"}
        rows.append((f.kind, urlsplit(f.page).path, f.message, sorted(fields.items(), key=str)))
    return sorted(rows, key=str)


def typos(result: AuditResult) -> dict[tuple[str, str], str]:
    return {
        (urlsplit(f.page).path, f.fields["text"]): f.fields["first_seen"]
        for f in result.findings
        if f.kind == "typo"
    }


ALWAYS_READ = ["/"]  # the start page; the column's list is taken over while its dates read the same
LIST = "/gzdt/"


def test_unchanged_site_answers_304_and_keeps_findings_and_first_seen(tmp_path: Path) -> None:
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        first = run(base, D1, state, served)
        assert first.pages_crawled == 6 and first.pages_unchanged == 0
        assert served.requests(conditional=True) == []  # nothing known yet
        assert typos(first) == {("/", "布署"): "2025-12-01", ("/gzdt/t20251120_1.html", "贯切"): "2025-12-01"}
        assert all(f.fields["first_seen"] == "2025-12-01" for f in first.findings)

        second = run(base, D2, state, served)
    assert second.complete and second.pages_crawled == 6
    assert second.pages_unchanged == 5 and second.stats["pages_parsed"] == 1
    # every article and the list: a conditional GET, 304
    assert served.requests(status=304) == sorted([*ARTICLES, LIST])
    assert served.requests(status=304) == served.requests(conditional=True)
    assert [p for p in served.requests(status=200) if p.endswith("/")] == ALWAYS_READ
    # the same findings, first seen at the first audit
    assert findings(second) == findings(first)
    assert second.to_dict()["pages_unchanged"] == 5
    assert sorted(second.pages) == sorted(first.pages)


def test_changed_page_is_parsed_again_and_fixed_page_loses_its_finding(tmp_path: Path) -> None:
    state = tmp_path / "site.sqlite"
    new_typo, fixed = "/gzdt/t20251122_2.html", "/gzdt/t20251120_1.html"
    with serve("etag") as (served, base):
        run(base, D1, state, served)
        run(base, D2, state, served)
        served.change(new_typo, "共植树五千株", "共植树五千株，推进一带一路战略")
        third = run(base, D3, state, served)
        changed_reads = [p for p in served.requests(status=200) if p.endswith(".html")]
        served.change(fixed, "贯切", "贯彻")
        fourth = run(base, D4, state, served)
        fourth_reads = [p for p in served.requests(status=200) if p.endswith(".html")]
    assert changed_reads == [new_typo] and third.pages_unchanged == 4
    assert typos(third) == {
        ("/", "布署"): "2025-12-01",
        (fixed, "贯切"): "2025-12-01",  # carried over from the first audit
        (new_typo, "一带一路战略"): "2025-12-05",  # new: first seen now
    }
    assert fourth_reads == [fixed] and fourth.pages_unchanged == 4
    assert typos(fourth) == {("/", "布署"): "2025-12-01", (new_typo, "一带一路战略"): "2025-12-05"}


def test_target_broken_between_audits_is_found_on_an_unchanged_page(tmp_path: Path) -> None:
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        first = run(base, D1, state, served)
        del served.files["/img/photo.png"]
        second = run(base, D2, state, served)
    assert [f for f in first.findings if f.kind == "broken_link"] == []
    assert second.pages_unchanged == 5  # the page itself did not change
    (broken,) = [f for f in second.findings if f.kind == "broken_link"]
    assert urlsplit(broken.page).path == "/gzdt/t20251125_3.html"
    assert broken.fields["target"] == base + "/img/photo.png" and broken.fields["status"] == 404
    assert broken.fields["element"] == "img" and broken.fields["first_seen"] == "2025-12-03"
    assert served.requests(status=404).count("/img/photo.png") >= 1


def test_time_based_checks_use_the_new_as_of(tmp_path: Path) -> None:
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        first = run(base, D1, state, served)
        later = run(base, date(2026, 3, 1), state, served)
    assert later.pages_unchanged == 5  # the list too: its dates read the same three months later
    assert {f.kind for f in first.findings} >= {"typo"} and "home_not_updated" not in {
        f.kind for f in first.findings
    }
    (home,) = [f for f in later.findings if f.kind == "home_not_updated"]
    assert home.fields["newest"] == "2025-11-28" and home.fields["first_seen"] == "2026-03-01"
    (column,) = [c for c in later.columns if c["url"] == base + "/gzdt/"]
    assert column["status"] == "stale" and column["items"] == 4


def test_a_list_with_dates_that_depend_on_the_check_date_is_read_again_for_another(tmp_path: Path) -> None:
    """A list that shows 11月20日 without a year: which year it means depends on the check date,
    so the list kept in the state holds for that date only. A later audit reads the list again
    (unconditionally, parsed); an audit on the same date takes it over (304)."""
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        html = served.files[LIST].decode()
        for path in ARTICLES:
            day = dated(path)
            html = html.replace(f"<span>{day}</span>", f"<span>{int(day[5:7])}月{int(day[8:])}日</span>")
        served.files[LIST] = html.encode()
        asked = []
        for as_of in (D1, D2, D2):
            served.log.clear()
            result = run(base, as_of, state, served)
            asked.append([(cond, code) for _, path, cond, code in served.log if path == LIST])
            (column,) = [c for c in result.columns if c["url"] == base + LIST]
            assert column["newest"] == "2025-11-28" and column["items"] == 4
    assert asked == [[("", 200)], [("", 200)], [("If-None-Match", 304)]]


@pytest.mark.parametrize("validators", ["last-modified", "none"])
def test_without_etag(tmp_path: Path, validators: str) -> None:
    """Last-Modified only: If-Modified-Since, 304. No validators at all: the same content hash."""
    state = tmp_path / "site.sqlite"
    with serve(validators) as (served, base):
        first = run(base, D1, state, served)
        second = run(base, D2, state, served)
        sent = [cond for _, path, cond, _ in served.log if path in ARTICLES]
    assert second.pages_unchanged == 5 and findings(second) == findings(first)
    if validators == "last-modified":
        assert sent == ["If-Modified-Since"] * 4 and served.requests(status=304) == sorted([*ARTICLES, LIST])
    else:
        assert sent == [""] * 4 and served.requests(status=304) == []


def test_corrupt_state_file_means_a_full_audit_and_a_note(tmp_path: Path) -> None:
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        plain = run(base, D1, None, served)
        state.write_bytes(b"this is not a database" * 100)
        full = run(base, D1, state, served)
        assert served.requests(conditional=True) == []
        again = run(base, D2, state, served)
    assert full.complete and full.pages_unchanged == 0 and full.stats["pages_parsed"] == 6
    assert full.page_state_note and "损坏" in full.page_state_note
    assert full.to_dict()["page_state_note"] == full.page_state_note
    assert findings(full) == findings(plain)
    assert (tmp_path / "site.sqlite.bad").read_bytes().startswith(b"this is not")  # kept aside
    assert again.pages_unchanged == 5 and again.page_state_note is None  # the fresh file works


def test_missing_state_directory_is_created(tmp_path: Path) -> None:
    state = tmp_path / "page-state" / "7.sqlite"
    with serve("etag") as (served, base):
        result = run(base, D1, state, served)
    assert result.page_state_note is None and result.pages_unchanged == 0 and state.exists()
    assert "pages_unchanged" in result.to_dict()
    assert "pages_unchanged" not in AuditResult("x", "2025-12-01", "").to_dict()  # only with a state


def test_target_broken_in_the_last_audit_too_is_rechecked_without_the_pause(tmp_path: Path) -> None:
    """The pause before the re-check of a failed target is for passing failures (a 500 here; a
    404 is re-checked at once anyway); one the last audit found broken too is re-checked at once
    (and still reported)."""
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        served.failing["/img/photo.png"] = 500
        config = dict(start=base + "/", concurrency=4, page_state=str(state), **LOOPBACK_AUDIT)
        config["recheck_delay"] = 4.0
        timed, asked = [], []
        for as_of in (D1, D2):
            served.log.clear()
            began = time.monotonic()
            result = asyncio.run(audit(AuditConfig(as_of=as_of, **config)))
            timed.append((time.monotonic() - began, result))
            asked.append([(m, code) for m, path, _, code in served.log if path == "/img/photo.png"])
    # the first time HEAD, GET and the re-check's GET; the second GET at once (HEAD would only
    # be a first try) and the re-check: a 500 may pass, so it is still asked twice
    assert asked == [[("HEAD", 500), ("GET", 500), ("GET", 500)], [("GET", 500), ("GET", 500)]]
    (first_seconds, first), (second_seconds, second) = timed
    assert first_seconds >= 4.0 > second_seconds
    for result in (first, second):
        (broken,) = [f for f in result.findings if f.kind == "broken_link"]
        assert (
            broken.fields["target"] == base + "/img/photo.png" and broken.fields["first_seen"] == "2025-12-01"
        )


def test_target_gone_in_the_last_audit_too_is_asked_once(tmp_path: Path) -> None:
    """A 404 the last audit reported too: one GET, no HEAD and no re-check (two audits are two
    tries); still reported, with its first_seen. A target that is new this time is asked as usual."""
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        served.failing["/img/photo.png"] = 404
        config = dict(start=base + "/", concurrency=4, page_state=str(state), **LOOPBACK_AUDIT)
        asked, results = [], []
        for as_of in (D1, D2):
            served.log.clear()
            results.append(asyncio.run(audit(AuditConfig(as_of=as_of, **config))))
            asked.append([(m, code) for m, path, _, code in served.log if path == "/img/photo.png"])
    assert asked == [[("HEAD", 404), ("GET", 404), ("GET", 404)], [("GET", 404)]]
    for result in results:
        (broken,) = [f for f in result.findings if f.kind == "broken_link"]
        assert (
            broken.fields["target"].endswith("/img/photo.png") and broken.fields["first_seen"] == "2025-12-01"
        )


def test_cli_page_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gongkai.audit.cli import check_main

    state, out = tmp_path / "state.sqlite", tmp_path / "out.json"
    fast = ["--rate", "0", "--timeout", "5", "--page-state", str(state), "--json", str(out)]
    with serve("etag") as (served, base):
        assert check_main([base + "/", "--as-of", "2025-12-01", *fast]) == 0
        capsys.readouterr()
        assert check_main([base + "/", "--as-of", "2025-12-03", *fast]) == 0
    printed = capsys.readouterr().out
    assert "其中 5 个页面自上次检查以来未改动,沿用上次的检查结果" in printed
    assert json.loads(out.read_text(encoding="utf-8"))["pages_unchanged"] == 5
    assert check_main(["--help"]) == 0
    assert "--page-state" in capsys.readouterr().out


def same_audit_twice(config: AuditConfig) -> tuple[dict[str, Any], dict[str, Any], AuditResult]:
    """The JSON of a first and a second audit with one page state (timestamps left out)."""
    first = asyncio.run(audit(config))
    second = asyncio.run(audit(config))
    drop = ("started_at", "finished_at", "pages_unchanged")

    def comparable(result: AuditResult) -> dict[str, Any]:
        data = {k: v for k, v in result.to_dict().items() if k not in drop}
        # findings come in the order pages are done (concurrent fetches): compared as a sorted list
        data["findings"] = sorted(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in data["findings"])
        return data

    return comparable(first), comparable(second), second


def test_every_check_gives_the_same_result_from_the_page_state(tmp_path: Path) -> None:
    """The content site (columns, policy files and interpretations, typos, privacy, attachments) and
    the annual report sites: an unchanged site's second audit, most pages taken over unparsed, has
    the same JSON as the first."""
    from tests.audit.annualsite import AnnualSite
    from tests.audit.conftest import fast_config
    from tests.audit.contentsite import ContentSite
    from tests.audit.test_annual_report import AS_OF, SITES

    content = ContentSite().start()
    try:
        config = fast_config(
            content.url(),
            as_of=date(2025, 12, 1),
            weekly_from=date(2025, 11, 1),
            sensitive_lists={"赌博": ["六合彩"]},
            columns=[(content.url("/wj/"), "政策文件"), (content.url("/yjgl/"), "动态")],
            page_state=str(tmp_path / "content.sqlite"),
        )
        first, second, result = same_audit_twice(config)
    finally:
        content.stop()
    assert result.pages_unchanged and result.pages_unchanged >= result.pages_crawled // 2
    assert {json.loads(f)["kind"] for f in first["findings"]} >= {
        "typo",
        "privacy",
        "policy_metadata",
        "stale_column",
    }
    assert second == first
    annual = AnnualSite().start()
    try:
        for name in SITES:
            state = str(tmp_path / f"{name}.sqlite")
            first, second, result = same_audit_twice(
                fast_config(annual.url(f"/{name}/"), as_of=AS_OF, page_state=state)
            )
            assert second == first, name
    finally:
        annual.stop()


def test_the_crawl_test_site_gives_the_same_result_from_the_page_state(site: Any, tmp_path: Path) -> None:
    """The crawl's test site (broken links and images, redirects, GBK pages, robots.txt, traps of
    query strings): the same JSON the second time, its pages taken over."""
    from tests.audit.conftest import fast_config

    config = fast_config(site.url("/"), page_state=str(tmp_path / "gov.sqlite"))
    first, second, result = same_audit_twice(config)
    assert result.pages_unchanged and result.pages_unchanged > result.pages_crawled // 2
    assert any(json.loads(f)["kind"] == "broken_link" for f in first["findings"])
    assert second == first


def test_a_row_damaged_in_the_state_turns_it_off_and_sets_the_file_aside(tmp_path: Path) -> None:
    import sqlite3

    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        first = run(base, D1, state, served)
        with sqlite3.connect(state) as db:
            db.execute("UPDATE pages SET links = ? WHERE url LIKE '%t20251122_2.html'", (b"not zlib",))
        damaged = run(base, D2, state, served)
        fresh = run(base, D3, state, served)
        again = run(base, D4, state, served)
    assert damaged.complete and damaged.page_state_note and "读写出错" in damaged.page_state_note
    assert (tmp_path / "site.sqlite.bad").exists()
    assert damaged.pages_crawled == 6 and damaged.pages_unchanged < 5  # the rest were parsed
    assert sorted(typos(damaged)) == sorted(typos(first))
    assert fresh.page_state_note is None and fresh.pages_unchanged == 0
    assert again.pages_unchanged == 5
    assert (
        typos(again)[("/gzdt/t20251120_1.html", "贯切")] == "2025-12-05"
    )  # the old dates went with the file


def test_a_page_that_moved_is_read_at_its_new_address(tmp_path: Path) -> None:
    """The validators of the old address are not sent on to the page it now redirects to (an
    older page there would answer 304 to the old page's If-Modified-Since)."""
    state, moved = tmp_path / "site.sqlite", "/gzdt/t20251128_4.html"
    with serve("last-modified") as (served, base):
        run(base, D1, state, served)
        served.files["/gzdt/new.html"] = article("我县举办农民丰收节", "推进一带一路战略。").encode()
        served.modified["/gzdt/new.html"] = datetime(2025, 10, 1, tzinfo=UTC)  # older than the old page
        served.redirects[moved] = "/gzdt/new.html"
        second = run(base, D2, state, served)
        asked = [
            (path, cond, code) for _, path, cond, code in served.log if path in (moved, "/gzdt/new.html")
        ]
    assert (moved, "If-Modified-Since", 301) in asked and ("/gzdt/new.html", "", 200) in asked
    assert typos(second)[("/gzdt/new.html", "一带一路战略")] == "2025-12-03"


def test_finding_identity_across_audits() -> None:
    from gongkai.audit.findings import Finding
    from gongkai.audit.page_state import finding_key

    link = Finding(
        "broken_link", "http://h/a.html", "…", {"target": "http://h/x.png", "text": "图", "status": 404}
    )
    relabelled = Finding(
        "broken_link", "http://h/a.html", "…", {"target": "http://h/x.png", "text": "新图", "status": 500}
    )
    other = Finding(
        "broken_link", "http://h/a.html", "…", {"target": "http://h/y.png", "text": "图", "status": 404}
    )
    assert finding_key(link) == finding_key(relabelled) != finding_key(other)
    typo = Finding(
        "typo", "http://h/a.html", "…", {"text": "贯切", "suggestion": "贯彻", "context": "认真贯切落实"}
    )
    moved = Finding(
        "typo", "http://h/a.html", "…", {"text": "贯切", "suggestion": "贯彻", "context": "要贯切"}
    )
    assert finding_key(typo) == finding_key(moved)  # the same typo on the page, its sentence edited
    assert finding_key(typo) != finding_key(Finding("typo", "http://h/b.html", "…", dict(typo.fields)))
    stale = Finding("stale_column", "http://h/", "…", {"column": "工作动态", "newest": "2025-10-01"})
    later = Finding("stale_column", "http://h/", "…", {"column": "工作动态", "newest": "2025-10-09"})
    assert finding_key(stale) == finding_key(later)  # still not updated: the same problem


def test_cli_refuses_a_state_path_that_cannot_be_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gongkai.audit.cli import check_main

    assert check_main(["http://x/", "--page-state", str(tmp_path)]) == 2
    assert "页面状态文件" in capsys.readouterr().err and tmp_path.is_dir()  # the folder is left alone
    assert check_main(["http://x/", "--page-state", str(tmp_path / "no" / "such" / "s.sqlite")]) == 2
    assert "所在目录不存在" in capsys.readouterr().err


def test_a_state_path_that_is_a_folder_is_left_alone_by_the_engine(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    with serve("etag") as (served, base):
        result = run(base, D1, folder, served)
    assert result.complete and result.pages_crawled == 6 and "不是文件" in (result.page_state_note or "")
    assert (folder / "keep.txt").read_text() == "x"


def test_an_unchanged_attachment_is_not_read_again(tmp_path: Path) -> None:
    """A .docx answered 304 has no body: its typo can only come from the text kept in the state."""
    from gongkai.demo.assets import docx_bytes

    state, linking, docx = tmp_path / "site.sqlite", "/gzdt/t20251122_2.html", "/files/a.docx"
    with serve("etag") as (served, base):
        served.files[docx] = docx_bytes("会议材料", ["请各单位认真贯切落实会议精神。"])
        served.modified[docx] = served.modified[linking]
        served.change(linking, "共植树五千株。", "共植树五千株。<a href='/files/a.docx'>会议材料.docx</a>")
        first = run(base, D1, state, served)
        second = run(base, D2, state, served)
        docx_answers = [
            (cond, code) for method, path, cond, code in served.log if path == docx and method == "GET"
        ]
        served.files[docx] = docx_bytes("会议材料", ["推进一带一路战略。"])
        third = run(base, D3, state, served)
    in_file = {k: v for k, v in typos(first).items() if k[0] == docx}
    assert in_file == {(docx, "贯切"): "2025-12-01"}
    assert docx_answers == [("If-None-Match", 304)]  # no body this time
    assert {k: v for k, v in typos(second).items() if k[0] == docx} == in_file
    assert second.stats["attachments_scanned"] == first.stats["attachments_scanned"] == 1
    assert {k: v for k, v in typos(third).items() if k[0] == docx} == {(docx, "一带一路战略"): "2025-12-05"}


def test_an_unreadable_attachment_is_not_downloaded_again_while_unchanged(tmp_path: Path) -> None:
    """A file that cannot be read (here bytes that are no .docx) is remembered as unreadable: the
    next audit asks whether it changed (304, no body, nothing extracted); once it is replaced by a
    readable file, its text is read and checked."""
    from gongkai.demo.assets import docx_bytes

    state, linking, docx = tmp_path / "site.sqlite", "/gzdt/t20251122_2.html", "/files/b.docx"
    with serve("etag") as (served, base):
        served.files[docx] = b"PK\x03\x04 not really a document"
        served.modified[docx] = served.modified[linking]
        served.change(linking, "共植树五千株。", "共植树五千株。<a href='/files/b.docx'>会议材料.docx</a>")
        first = run(base, D1, state, served)
        served.log.clear()
        second = run(base, D2, state, served)
        answers = [
            (cond, code) for method, path, cond, code in served.log if path == docx and method == "GET"
        ]
        served.files[docx] = docx_bytes("会议材料", ["请各单位认真贯切落实会议精神。"])
        third = run(base, D3, state, served)
    assert first.complete and second.complete
    assert answers == [("If-None-Match", 304)]  # asked, not downloaded, not extracted
    assert not {k for k in typos(second) if k[0] == docx}
    assert {k: v for k, v in typos(third).items() if k[0] == docx} == {(docx, "贯切"): "2025-12-05"}


def test_with_evidence_only_pages_without_findings_are_taken_over(tmp_path: Path) -> None:
    """Evidence is the page as this audit fetched it: a page that had findings is read again in
    full (and gets fresh evidence), an unchanged page without findings still answers 304."""
    metas = "".join(
        f"<meta name='{name}' content='x'>"
        for name in (
            "SiteName SiteDomain SiteIDCode ColumnName ColumnDescription ColumnKeywords ColumnType "
            "ArticleTitle PubDate ContentSource"
        ).split()
    )
    clean = (
        f"<html><head><meta charset='utf-8'><title>通知_某某县人民政府</title>{metas}</head><body>"
        f"<div class='article'><h1>通知</h1><p>全县开展冬季安全检查。</p></div>{FOOTER}</body></html>"
    )
    state = tmp_path / "site.sqlite"
    with serve("etag") as (served, base):
        served.files["/gzdt/clean.html"] = clean.encode()
        served.modified["/gzdt/clean.html"] = served.modified["/gzdt/"]
        served.change(
            "/gzdt/", "</ul>", "<li><a href='/gzdt/clean.html'>通知</a><span>2025-11-29</span></li></ul>"
        )
        first = run(base, D1, state, served)
        with_findings = {urlsplit(f.page).path for f in first.findings}
        assert "/gzdt/clean.html" not in with_findings
        served.log.clear()
        config = dict(start=base + "/", concurrency=4, page_state=str(state), **LOOPBACK_AUDIT)
        second = asyncio.run(audit(AuditConfig(as_of=D2, evidence_dir=str(tmp_path / "ev"), **config)))
    assert served.requests(status=304) == ["/gzdt/clean.html"]  # the only unchanged page without findings
    assert {urlsplit(f.page).path for f in second.findings} == with_findings
    page_findings = [f for f in second.findings if f.kind == "missing_meta"]
    assert page_findings
    for finding in page_findings:  # read again, so each has this audit's evidence
        evidence = finding.fields["evidence"]
        assert (tmp_path / "ev" / evidence["html"]).is_file() and evidence["sha256"]
