"""Evidence behind every finding (issue 18): the page as fetched, its hash, when, and a screenshot.

Only when ``AuditConfig.evidence_dir`` is set. The crawl drops each page's body once it is
parsed; with evidence on, :meth:`EvidenceStore.keep` first writes the raw bytes to a spool file
in the evidence directory (on disk, not in memory). After the crawl, :meth:`EvidenceStore.attach`
keeps the pages that got a finding (``pages/<key>.html`` byte for byte, ``pages/<key>.headers.txt``),
deletes the rest, renders the kept pages in headless Chromium (:mod:`gongkai.audit.render`) and
gives every finding on them

    evidence: {"html", "headers", "sha256", "fetched_at", "screenshot", "box"}

paths relative to the directory; ``screenshot`` is null when the page could not be rendered (or
is past ``AuditConfig.evidence_max_shots``: pages whose problem can be outlined come first) and
``box`` the outlined element's box in the image (null when it could not be located). Findings
whose page was never read as HTML (site-level findings of an unreachable home page, attachments)
get ``evidence: null``. ``index.json`` in the directory lists the pages kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.audit.clock import now
from gongkai.audit.fetch import FetchResult
from gongkai.audit.findings import Finding

if TYPE_CHECKING:  # the renderer is imported when pages are rendered
    from gongkai.audit.render import RenderJob, RenderOutcome

PAGES = "pages"


@dataclass(slots=True)
class _Kept:
    key: str
    status: int | None
    content_type: str
    headers: list[tuple[str, str]]
    fetched_at: str
    truncated: bool  # the body was cut at the size cap (AuditConfig.max_page_bytes)


def page_key(url: str) -> str:
    """The file name (without suffix) of a page's evidence: stable for the same URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


class EvidenceStore:
    """Raw pages spooled during the crawl; the evidence of the pages with findings after it."""

    def __init__(self, directory: str | Path) -> None:
        self.root = Path(directory)
        self.root.mkdir(parents=True, exist_ok=True)
        self.spool = Path(tempfile.mkdtemp(prefix=".spool-", dir=self.root))
        self.kept: dict[str, _Kept] = {}
        self.saved = 0  # pages with findings whose evidence was saved
        self.rendered = 0  # screenshots written
        self.render_error: str | None = None  # why the browser could not run, if it could not
        self.unrendered = 0  # pages past the screenshot cap (AuditConfig.evidence_max_shots)
        self.render_failed: dict[str, str] = {}  # URL -> why its render failed (timeout…)
        # before a veto (gongkai.audit.recapture): the failed tries of a home page, and the second
        # answer of a message list page
        self.attempts: dict[str, list[dict[str, Any]]] = {}
        self.recaptured: dict[str, _Kept] = {}

    def keep(self, fetched: FetchResult) -> None:
        """Spool the body of a page about to be parsed (called before the crawl drops it)."""
        url = fetched.final_url
        if fetched.body is None or url in self.kept:
            return
        key = page_key(url)
        (self.spool / f"{key}.html").write_bytes(fetched.body)
        self.kept[url] = _Kept(
            key,
            fetched.status,
            fetched.content_type,
            list(fetched.headers or []),
            fetched.fetched_at or now(),
            fetched.truncated,
        )

    def keep_recapture(self, url: str, fetched: FetchResult, fetched_at: str) -> None:
        """Spool the second answer of a page with a veto finding (kept and rendered by attach)."""
        if fetched.body is None or url not in self.kept:
            return
        key = f"{self.kept[url].key}.2"
        (self.spool / f"{key}.html").write_bytes(fetched.body)
        self.recaptured[url] = _Kept(
            key,
            fetched.status,
            fetched.content_type,
            list(fetched.headers or []),
            fetched_at,
            fetched.truncated,
        )

    def attempt_png(self, url: str, number: int) -> Path:
        """Where the screenshot of a failed try of ``url`` goes."""
        return self.root / PAGES / f"{page_key(url)}.attempt-{number}.png"

    def keep_attempt(
        self, url: str, fetched: FetchResult, fetched_at: str, number: int, *, shot: bool
    ) -> None:
        """Keep a failed try of ``url`` (the home page): its record, the error page if the server
        sent one, and the screenshot written to :meth:`attempt_png` (``shot``)."""
        pages = self.root / PAGES
        pages.mkdir(exist_ok=True)
        stem = f"{page_key(url)}.attempt-{number}"
        kept = _Kept(
            stem, fetched.status, fetched.content_type, list(fetched.headers or []), fetched_at, False
        )
        tried = (f"Attempt: {number}", f"Error: {fetched.error or ''} {fetched.detail or ''}".rstrip())
        headers = pages / f"{stem}.headers.txt"
        headers.write_text(_headers_text(url, kept, tried), encoding="utf-8")
        record: dict[str, Any] = {"html": None, "headers": f"{PAGES}/{stem}.headers.txt"}
        hashed = headers
        if fetched.body:
            html = pages / f"{stem}.html"
            html.write_bytes(fetched.body)
            record["html"], hashed = f"{PAGES}/{stem}.html", html
        record["sha256"] = _sha256(hashed)  # of the error page, or of the record when none came
        record["fetched_at"] = fetched_at
        record["screenshot"] = f"{PAGES}/{stem}.png" if shot else None
        record["box"] = None
        self.attempts.setdefault(url, []).append(record)

    def _attempt_evidence(self, url: str) -> dict[str, Any]:
        first, *rest = self.attempts[url]
        return {**first, "recapture": rest[0] if rest else None}

    def discard(self) -> None:
        """Remove the spool (pages without findings, or everything after an interruption)."""
        shutil.rmtree(self.spool, ignore_errors=True)

    async def attach(self, findings: list[Finding], config: Any) -> None:
        """Keep and render the pages of ``findings``, then give each finding its ``evidence``."""
        from gongkai.audit.render import render_pages

        pages = self.root / PAGES
        by_page: dict[str, list[Finding]] = {}
        for finding in findings:
            if finding.page in self.kept:
                by_page.setdefault(finding.page, []).append(finding)
            elif finding.kind == "site" and finding.page in self.attempts:
                finding.fields["evidence"] = self._attempt_evidence(finding.page)
            else:
                finding.fields["evidence"] = None
        self.saved = len(by_page)
        if by_page:
            pages.mkdir(exist_ok=True)
        # url -> (record, render job) of each capture: the crawl's, then the second one taken
        # before a veto (gongkai.audit.recapture), kept alike
        captures: dict[str, list[tuple[dict[str, Any], RenderJob]]] = {}
        for url, on_page in by_page.items():
            marks = [mark_of(f) for f in on_page]
            captures[url] = [self._save(url, self.kept[url], marks, key=url)]
            if url in self.recaptured:
                captures[url].append(self._save(url, self.recaptured[url], marks, key=f"{url}#2"))
        jobs = [job for saved in captures.values() for _, job in saved]
        self.discard()
        hosts = {_host(url) for url in self.kept}
        # pages whose problem can be shown in the image first, then the rest, up to the cap
        jobs.sort(key=lambda job: not any(job.marks))
        self.unrendered = max(0, len(jobs) - config.evidence_max_shots)
        outcome = await render_pages(
            jobs[: config.evidence_max_shots],
            allowed_hosts=hosts,
            browser=config.evidence_browser,
            pool=config.evidence_pool,
            timeout=config.evidence_timeout,
        )
        self.render_error = outcome.error
        self.render_failed = outcome.failed
        self.rendered = len(outcome.shots)
        for url, on_page in by_page.items():
            for index, finding in enumerate(on_page):
                first, *second = (_with_shot(record, job, outcome, index) for record, job in captures[url])
                finding.fields["evidence"] = {**first, **({"recapture": second[0]} if second else {})}
        index = [
            {"page": url, **saved[0][0], "recapture": saved[1][0] if len(saved) > 1 else None}
            for url, saved in captures.items()
        ]
        index += [{"page": url, "attempts": tries} for url, tries in self.attempts.items()]
        (self.root / "index.json").write_text(
            json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    def _save(
        self, url: str, kept: _Kept, marks: list[dict[str, str] | None], *, key: str
    ) -> tuple[dict[str, Any], RenderJob]:
        """Move one spooled answer into ``pages/``, write its headers; its record and render job
        (named ``key`` in the render's outcome)."""
        from gongkai.audit.render import RenderJob

        pages = self.root / PAGES
        html = pages / f"{kept.key}.html"
        shutil.move(self.spool / f"{kept.key}.html", html)
        (pages / f"{kept.key}.headers.txt").write_text(_headers_text(url, kept), encoding="utf-8")
        record = {
            "html": f"{PAGES}/{kept.key}.html",
            "headers": f"{PAGES}/{kept.key}.headers.txt",
            "sha256": _sha256(html),
            "fetched_at": kept.fetched_at,
        }
        png = pages / f"{kept.key}.png"
        return record, RenderJob(url, html, _content_type(kept), png, marks, key=key)


def _with_shot(record: dict[str, Any], job: RenderJob, outcome: RenderOutcome, index: int) -> dict[str, Any]:
    """One capture's evidence for the ``index``-th finding of its page: the record, and the
    screenshot with that finding's box when the page was rendered."""
    shot = outcome.shots.get(job.key)
    return {
        "screenshot": f"{PAGES}/{job.png.name}" if shot is not None else None,
        **record,
        "box": shot.boxes[index] if shot is not None else None,
    }


def mark_of(finding: Finding) -> dict[str, str] | None:
    """What to outline (or mask) in the page's screenshot for ``finding``; None: nothing."""
    fields = finding.fields
    if finding.kind in ("broken_link", "blocked") and fields.get("target"):
        return {"type": "link", "target": fields["target"], "element": fields.get("element") or "a"}
    if finding.kind in ("typo", "sensitive_word") and fields.get("text"):
        return {"type": "text", "text": fields["text"]}
    if finding.kind == "messages_unanswered" and fields.get("title"):
        return {"type": "text", "text": fields["title"]}
    if finding.kind == "privacy" and fields.get("text"):
        return {"type": "mask", "pattern": masked_pattern(fields["text"])}
    return None


def masked_pattern(masked: str) -> str:
    """A JavaScript regular expression for the raw number behind a masked one
    (``139****5678``: each ``*`` stood for a digit or an ID card's X), not part of a longer number."""
    body = "".join("[0-9Xx]" if char == "*" else re.escape(char) for char in masked)
    return rf"(?<![0-9]){body}(?![0-9])"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _headers_text(url: str, kept: _Kept, tried: tuple[str, ...] = ()) -> str:
    """The answer's record: status, URL, (for a failed try of a home page, ``tried``), fetch time,
    then every response header."""
    lines = [f"HTTP {kept.status or ''}".rstrip(), f"URL: {url}", *tried, f"Fetched-At: {kept.fetched_at}"]
    if kept.truncated:  # the hash is of the bytes read, not of the whole answer
        lines.append("Truncated: yes")
    lines.append("")
    lines += [f"{name}: {value}" for name, value in kept.headers]
    return "\n".join(lines) + "\n"


def _content_type(kept: _Kept) -> str:
    for name, value in kept.headers:
        if name.lower() == "content-type":
            return value
    return kept.content_type or "text/html"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower()
