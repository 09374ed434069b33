"""The content checks wired into the crawler: columns, home freshness, text, attachments, policy files,
page hashes and the CLI options, on a real loopback site (:mod:`tests.audit.contentsite`)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gongkai.audit.cli import check_main
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.findings import Finding
from gongkai.audit.pagetext import split_text, text_hash
from tests.audit.conftest import fast_config
from tests.audit.contentsite import ID_MASKED, MOBILE_MASKED, ContentSite

FRESH, LATER = date(2025, 12, 1), date(2026, 6, 30)


@pytest.fixture(scope="module")
def csite() -> Iterator[ContentSite]:
    server = ContentSite().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def configured(csite: ContentSite) -> AuditResult:
    """Fresh dates, a sensitive list, /wj/ declared a policy column and the unlinked /yjgl/ a 动态
    column, a weekly period, a 200 kB attachment cap."""
    return asyncio.run(
        audit(
            fast_config(
                csite.url(),
                as_of=FRESH,
                weekly_from=date(2025, 11, 1),
                sensitive_lists={"赌博": ["六合彩"]},
                columns=[(csite.url("/wj/"), "政策文件"), (csite.url("/yjgl/"), "动态")],
                attachment_max_bytes=200_000,
            )
        )
    )


@pytest.fixture(scope="module")
def later(csite: ContentSite) -> AuditResult:
    """Seven months on, nothing configured."""
    return asyncio.run(audit(fast_config(csite.url(), as_of=LATER)))


def found(result: AuditResult, kind: str) -> list[tuple[str, Finding]]:
    return [(urlsplit(f.page).path, f) for f in result.findings if f.kind == kind]


def test_no_check_failed(configured: AuditResult, later: AuditResult) -> None:
    for result in (configured, later):
        assert result.error is None and not found(result, "page_error")
        assert result.pages_crawled == 19


def test_columns_records(configured: AuditResult, csite: ContentSite) -> None:
    records = {urlsplit(c["url"]).path: c for c in configured.columns}
    assert set(records) == {"/gzdt/", "/tzgg/", "/zcwj/", "/zcjd/", "/rsxx/", "/wj/", "/yjgl/"}
    assert {p: (r["name"], r["type"], r["status"]) for p, r in records.items()} == {
        "/yjgl/": ("应急管理", "动态", "stale"),  # not crawled: fetched after the crawl, named by its title
        "/gzdt/": ("工作动态", "动态", "ok"),
        "/tzgg/": ("通知公告", "通知公告", "ok"),
        "/zcwj/": ("政策文件", "政策文件", "ok"),
        "/zcjd/": ("政策解读", "其他", "ok"),
        "/rsxx/": ("人事信息", "人事", "empty"),
        "/wj/": ("文件", "政策文件", "ok"),  # declared type wins
    }
    news = records["/gzdt/"]
    assert news["items"] == 4 and news["newest"] == "2025-11-28"  # page 2 read for the weekly data
    weekly = news["weekly"]
    assert (weekly["start"], weekly["end"], weekly["complete"]) == ("2025-11-01", "2025-12-01", True)
    assert [w["week"] for w in weekly["missed_weeks"]] == ["2025-W47", "2025-W49"]  # 17–23 Nov: no item
    assert all(r["weekly"] is None for p, r in records.items() if p not in ("/gzdt/", "/yjgl/"))
    assert all(r["script_loaded"] is False for r in records.values())


def test_empty_and_stale_columns(configured: AuditResult, later: AuditResult) -> None:
    assert [p for p, _ in found(configured, "empty_column")] == ["/rsxx/"]
    assert [(p, f.fields["newest"]) for p, f in found(configured, "stale_column")] == [
        ("/yjgl/", "2025-10-01")
    ]
    stale = {p: (f.fields["newest"], f.fields["window_days"]) for p, f in found(later, "stale_column")}
    assert stale == {
        "/gzdt/": ("2025-11-28", 14),
        "/tzgg/": ("2025-11-20", 182),
        "/zcwj/": ("2025-11-03", 182),
    }
    (news,) = [c for c in later.columns if c["type"] == "动态"]
    assert news["weekly"]["start"] == "2026-01-01"  # default period: 1 January of as_of's year


def test_home_not_updated(configured: AuditResult, later: AuditResult) -> None:
    assert found(configured, "home_not_updated") == []
    ((page, finding),) = found(later, "home_not_updated")
    assert page == "/" and finding.fields["newest"] == "2025-11-28" and "2025-11-28" in finding.message


def test_typos_once_per_site_and_in_attachments(configured: AuditResult) -> None:
    typos = {
        (
            p,
            f.fields["text"],
            f.fields["suggestion"],
            f.fields["severity"],
            f.fields.get("in_attachment", False),
        )
        for p, f in found(configured, "typo")
    }
    assert typos == {
        ("/", "布署", "部署", "normal", False),  # footer of all 19 pages: reported once, where first seen
        ("/gzdt/t20251128_1.html", "一带一路战略", "一带一路倡议", "serious", False),
        ("/files/a.docx", "贯切", "贯彻", "normal", True),
    }


def test_privacy_masked_in_pages_and_attachments(configured: AuditResult) -> None:
    privacy = {(p, f.fields["category"], f.fields["text"]) for p, f in found(configured, "privacy")}
    assert privacy == {
        ("/gzdt/t20251128_1.html", "id_card", ID_MASKED),
        ("/files/b.pdf", "phone", MOBILE_MASKED),
    }
    text = json.dumps(configured.to_dict(), ensure_ascii=False)
    assert "13912345678" not in text and not re.search(r"\d{17}[\dX]", text)  # never unmasked
    (attachment,) = [f for p, f in found(configured, "privacy") if p == "/files/b.pdf"]
    assert attachment.fields["in_attachment"] is True
    assert urlsplit(attachment.fields["linked_from"]).path == "/gzdt/t20251128_1.html"


def test_attachments_dead_damaged_or_too_large_are_skipped(configured: AuditResult) -> None:
    assert configured.stats["attachments_scanned"] == 2  # a.docx and b.pdf; dead, broken, big skipped
    pages = {p for p, _ in found(configured, "typo") + found(configured, "privacy")}
    assert not pages & {"/files/dead.pdf", "/files/broken.docx", "/files/big.pdf"}
    assert [urlsplit(f.fields["target"]).path for _, f in found(configured, "broken_link")] == [
        "/files/dead.pdf"
    ]


def test_sensitive_words_only_with_a_list(configured: AuditResult, later: AuditResult) -> None:
    assert [(p, f.fields["text"], f.fields["list"]) for p, f in found(configured, "sensitive_word")] == [
        ("/gzdt/t20251125_2.html", "六合彩", "赌博")
    ]
    assert found(later, "sensitive_word") == []


def test_policy_metadata(configured: AuditResult, later: AuditResult) -> None:
    assert {p: f.fields["missing"] for p, f in found(configured, "policy_metadata")} == {
        "/zcwj/t20251009_7.html": ["文号"],
        "/wj/t20250901_10.html": ["效力状态"],
    }
    # without --column /wj/=政策文件 the folder named 文件 is not a policy column
    assert {p for p, _ in found(later, "policy_metadata")} == {"/zcwj/t20251009_7.html"}


def test_interpretation_unlinked(configured: AuditResult) -> None:
    # the linked interpretation, the file it links both ways and the 政策解读 list page are not reported
    assert [(p, f.fields["target"]) for p, f in found(configured, "interpretation_unlinked")] == [
        ("/zcjd/t20251010_9.html", None)
    ]


def test_every_finding_has_its_page_hash(configured: AuditResult) -> None:
    data = configured.to_dict()["findings"]
    assert all(re.fullmatch(r"[0-9a-f]{16}", f["page_hash"]) for f in data)
    by_page: dict[str, set[str]] = {}
    for f in data:
        by_page.setdefault(f["page"], set()).add(f["page_hash"])
    assert all(len(hashes) == 1 for hashes in by_page.values())  # one page, one hash
    assert len({next(iter(h)) for h in by_page.values()}) == len(by_page)  # different pages differ


def test_page_hash_follows_the_main_text_not_the_menu() -> None:
    def html(nav: str, body: str) -> str:
        return (
            f'<html><body><nav>{nav}</nav><div class="content"><p>{body}</p></div>'
            f'<div class="footer">主办单位：某县</div></body></html>'
        )

    base = split_text(html("首页 工作动态", "正文第一段"))
    assert base.main == "正文第一段" and base.template == ("首页 工作动态", "主办单位：某县")
    assert text_hash(split_text(html("首页 通知公告", "正文第一段")).main) == text_hash(base.main)
    assert text_hash(split_text(html("首页 工作动态", "正文第二段")).main) != text_hash(base.main)
    cells = split_text("<table><tr><td>410381199003071237</td><td>13912345678</td></tr></table>").main
    assert cells.splitlines() == ["410381199003071237", "13912345678"]  # cells never run together


def test_cli_new_options_and_summary(
    csite: ContentSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# 赌博广告\n六合彩\n", encoding="utf-8")
    out = tmp_path / "result.json"
    status = check_main(
        [
            csite.url(),
            "--as-of",
            "2025-12-01",
            "--weekly-from",
            "2025-11-01",
            "--rate",
            "0",
            "--sensitive-list",
            f"赌博={words}",
            "--column",
            csite.url("/wj/") + "=政策文件",
            "--json",
            str(out),
            "--timeout",
            "2",
        ]
    )
    text = capsys.readouterr().out
    assert status == 0
    for part in (
        "错别字 3 个",
        "个人信息泄露 2 个",
        "敏感词 1 个",
        "政策文件要素缺失 2 个",
        "解读未关联 1 个",
        "空白栏目 1 个",
        "栏目 6 个:正常 5 个,不更新 0 个,空白 1 个",
        "已检查附件(.docx/.pdf)文字 2 个",
    ):
        assert part in text, part
    data = json.loads(out.read_text(encoding="utf-8"))
    (news,) = [c for c in data["columns"] if c["type"] == "动态"]
    assert news["weekly"]["start"] == "2025-11-01"
    assert {f["kind"] for f in data["findings"]} >= {
        "typo",
        "privacy",
        "sensitive_word",
        "policy_metadata",
        "interpretation_unlinked",
        "empty_column",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sensitive-list", "赌博=/nonexistent/words.txt"], "无法读取敏感词表"),
        (["--sensitive-list", "赌博"], "名称=文件"),
        (["--weekly-from", "2026-01-01"], "晚于检查日期"),
        (["--weekly-from", "2025-13-01"], "--weekly-from"),
    ],
)
def test_cli_bad_new_options(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_main(["http://127.0.0.1:9/", "--as-of", "2025-12-01", *args]) == 2
    assert message in capsys.readouterr().err


def test_one_file_at_two_addresses_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bytes linked at two addresses: both are reported, the file's text is read once."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import gongkai.text.attachments as attachments
    from gongkai.demo.assets import pdf_bytes

    pdf = pdf_bytes("报名表", ["联系人：王某", "手机：13912345678"])
    home = (
        "<html><body><a href='/files/a.pdf'>报名表.pdf</a> <a href='/files/copy/a.pdf'>报名表（副本）.pdf</a>"
        "<div>主办单位：测试县人民政府办公室</div></body></html>"
    ).encode()
    files = {"/": ("text/html; charset=utf-8", home), "/files/a.pdf": ("application/pdf", pdf)}
    files["/files/copy/a.pdf"] = files["/files/a.pdf"]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            ctype, body = files.get(self.path, ("text/html", b"<html>404</html>"))
            self.send_response(200 if self.path in files else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET

        def log_message(self, *args: object) -> None:
            pass

    read = []
    real = attachments.extract_text
    monkeypatch.setattr(
        attachments, "extract_text", lambda body, url, **kw: read.append(url) or real(body, url, **kw)
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = asyncio.run(audit(fast_config(f"http://127.0.0.1:{server.server_port}/", as_of=FRESH)))
    finally:
        server.shutdown()
    assert sorted(p for p, _ in found(result, "privacy")) == ["/files/a.pdf", "/files/copy/a.pdf"]
    assert result.stats["attachments_scanned"] == 2 and len(read) == 1
