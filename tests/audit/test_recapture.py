"""Before a single-item veto the evidence is captured once more (issue 18 item 5), on real
loopback servers: a home page that does not open is tried again after ``veto_recheck_delay``
(both tries kept, each with a screenshot of what Chromium showed), a home page that opens the
second time is audited normally, and a message list page with a message unanswered for over 3
months is fetched and read again, both captures kept and rendered."""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path

from PIL import Image

from gongkai.audit.engine import audit
from tests.audit.conftest import fast_config
from tests.audit.test_messages import AS_OF, PAGES
from tests.audit.testsite import free_port
from tests.loopback import serve_pages


class Script(dict):
    """Pages whose answers change: ``later[path]`` is served from the ``after``-th request on."""

    def __init__(self, pages: dict, later: dict, after: int) -> None:
        super().__init__(pages)
        self.later, self.after, self.asked = later, after, {}

    def get(self, path, default=None):  # noqa: ANN001, ANN201 (serve_pages calls pages.get)
        self.asked[path] = self.asked.get(path, 0) + 1
        if path in self.later and self.asked[path] > self.after:
            return self.later[path]
        return super().get(path, default)


def _check(url: str, root: Path | None, **overrides: object):
    config = fast_config(url, as_of=AS_OF, retries=0, evidence_dir=str(root) if root else None, **overrides)
    return asyncio.run(audit(config))


def _red_bar(png: Path) -> bool:
    image = Image.open(png).convert("RGB")
    r, g, b = image.getpixel((5, 5))
    return image.width == 1280 and r > 150 and g < 40 and b < 40


def test_an_unreachable_home_page_is_tried_twice_and_both_tries_are_kept(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    result = _check(url, tmp_path, veto_recheck_delay=0.3)
    (finding,) = result.findings
    assert finding.kind == "site" and finding.fields["check"] == "unreachable"
    first, second = finding.fields["attempts"]
    assert first["error"] == second["error"] == "connect"
    assert first["fetched_at"] <= second["fetched_at"]
    evidence = finding.fields["evidence"]
    for capture, number in ((evidence, 1), (evidence["recapture"], 2)):
        record = (tmp_path / capture["headers"]).read_text(encoding="utf-8")
        assert f"Attempt: {number}" in record and "Error: connect" in record and url in record
        assert capture["html"] is None  # no server answered: the record is what is hashed
        assert hashlib.sha256((tmp_path / capture["headers"]).read_bytes()).hexdigest() == capture["sha256"]
        assert capture["fetched_at"] == finding.fields["attempts"][number - 1]["fetched_at"]
        # Chromium's own error page with the Chinese caption on top
        assert _red_bar(tmp_path / capture["screenshot"])
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index[-1]["page"] == url and len(index[-1]["attempts"]) == 2


def test_without_evidence_the_second_try_still_happens(tmp_path: Path) -> None:
    result = _check(f"http://127.0.0.1:{free_port()}/", None)
    (finding,) = result.findings
    assert len(finding.fields["attempts"]) == 2 and "evidence" not in finding.fields


def test_a_home_page_that_opens_the_second_time_is_audited() -> None:
    home = "<html><body><a href='/a.html'>一</a><div>主办单位：测试县人民政府办公室</div></body></html>"
    pages = Script(
        {"/": (502, "<html><body>Bad Gateway</body></html>"), "/a.html": (200, "<p>一</p>")},
        {"/": (200, home)},
        after=1,
    )
    with serve_pages(pages) as base:
        result = _check(base + "/", None)
    assert result.error is None and result.pages_crawled == 2
    assert not [f for f in result.findings if f.fields.get("check") == "unreachable"]
    assert result.site["home_first_attempt"]["status"] == 502


def test_a_message_list_with_an_old_unanswered_message_is_captured_twice(tmp_path: Path) -> None:
    answered = PAGES["/wsjb/"][1].replace(
        "<td>2025-08-31</td><td></td>", "<td>2025-08-31</td><td>2025-11-30</td>"
    )  # 村道何时硬化 answered between the two captures
    pages = Script(dict(PAGES), {"/wsjb/": (200, answered)}, after=1)
    with serve_pages(pages) as base:
        result = _check(base + "/", tmp_path, veto_recheck_delay=0.2)
    unanswered = {f.fields["title"]: f for f in result.findings if f.kind == "messages_unanswered"}
    assert set(unanswered) == {"村道何时硬化", "小区停车难"}
    answered_since, still = unanswered["村道何时硬化"], unanswered["小区停车难"]
    assert answered_since.fields["recheck"]["still_unanswered"] is False
    assert still.fields["recheck"]["still_unanswered"] is True
    assert pages.asked["/wsjb/"] == pages.asked["/wsjb/index_2.html"] == 2
    for finding in (answered_since, still):
        evidence = finding.fields["evidence"]
        for capture in (evidence, evidence["recapture"]):
            body = (tmp_path / capture["html"]).read_bytes()
            assert hashlib.sha256(body).hexdigest() == capture["sha256"]
            image = Image.open(tmp_path / capture["screenshot"]).convert("L")
            low, high = image.getextrema()
            assert high - low > 100  # a real render, not blank
            assert capture["box"] is not None  # the message's title outlined
        assert evidence["html"] != evidence["recapture"]["html"]
    # the page that changed has another hash the second time, the unchanged one the same
    changed = answered_since.fields["evidence"]
    assert changed["sha256"] != changed["recapture"]["sha256"]
    assert "2025-11-30" in (tmp_path / changed["recapture"]["html"]).read_text(encoding="utf-8")
    same = still.fields["evidence"]
    assert same["sha256"] == same["recapture"]["sha256"]


def test_chromiums_own_error_page_is_in_chinese() -> None:
    """What the screenshot of a home page that does not open shows is Chromium's error page: in
    Chinese (Debian's chromium-l10n, the browser started in the zh_CN locale), as a unit reads it."""
    from gongkai.audit.browser import BrowserSession, new_context

    async def shown() -> str:
        async with BrowserSession() as session:
            browser = await session.get()
            assert browser is not None, session.error
            context = await new_context(browser)
            page = await context.new_page()
            try:
                await page.goto(f"http://127.0.0.1:{free_port()}/", timeout=10_000)
            except Exception:  # the navigation fails: the error page is what is left
                pass
            for _ in range(50):  # the error page replaces the failed navigation's document
                try:
                    text = await page.evaluate("document.body ? document.body.innerText : ''")
                    if text:
                        return text
                except Exception:  # still being replaced
                    pass
                await asyncio.sleep(0.1)
            return ""

    text = asyncio.run(shown())
    assert "无法访问此网站" in text and "can’t be reached" not in text
