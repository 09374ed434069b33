"""What the last audit of a site learned about each page, for an incremental re-audit (issue 17).

One SQLite file per site (``AuditConfig.page_state``). Per page: the validators of its answer
(ETag, Last-Modified), the SHA-256 of its body, its outgoing links (compact, zlib), the findings
of its page checks (JSON, each with its ``first_seen``), what the checks need to replay it without
parsing it (their memos: a publication date, a title...), and when it was last fetched. A second
table keeps the ``first_seen`` date of every finding of the last audit (site-level ones too).

The file is opened once per audit and written in batches. A missing file starts fresh; a file that
cannot be read (corrupt, another format) is set aside and a fresh one started, with a Chinese note
in the result: the audit is then a full one, never a crash. An error while the audit runs turns
the state off for the rest of it (with a note) and the audit goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.audit.clock import now
from gongkai.audit.findings import Finding
from gongkai.audit.identity import finding_key as identity_key
from gongkai.audit.identity import identifying_value
from gongkai.audit.page import Link

log = logging.getLogger(__name__)
FORMAT = "1"
BATCH = 500  # rows written per transaction
_ELEMENTS = ("a", "img", "script", "link", "iframe")
_NOT_STORED = ("page_hash",)  # stamped again from the page's hash at the end of every audit
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT NOT NULL,
    page_hash TEXT NOT NULL,
    volatile INTEGER NOT NULL,  -- 1: always fetched and parsed in full (see Check.needs_page)
    links BLOB NOT NULL,  -- zlib of JSON [[target, element index, text], ...]
    findings TEXT NOT NULL,  -- JSON {check name: [finding dict with first_seen, ...]}
    memo TEXT NOT NULL,  -- JSON {check name: what the check needs to replay the page}
    extra TEXT NOT NULL,  -- JSON: how the page was decoded, its shape for the trap guard
    fetched TEXT NOT NULL,  -- when it was last fetched (UTC, ISO 8601)
    run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, first_seen TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS broken (target TEXT PRIMARY KEY, run INTEGER NOT NULL);  -- broken_link targets
CREATE TABLE IF NOT EXISTS attachments (  -- text extracted from .docx/.pdf files, not extracted again
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT NOT NULL,
    text BLOB NOT NULL,  -- zlib; empty: the file could not be read (not tried again while unchanged)
    run INTEGER NOT NULL
);
"""


@dataclass
class StoredPage:
    """One page as the last audit left it."""

    url: str
    etag: str | None
    last_modified: str | None
    sha256: str
    page_hash: str
    volatile: bool
    links: list[Link]
    findings: dict[str, list[Finding]]
    memo: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    def validators(self) -> dict[str, str]:
        """The headers of a conditional request for this page."""
        return _validators(self.etag, self.last_modified)


@dataclass
class StoredText:
    """The text an earlier audit extracted from an attachment, and how to ask whether it changed."""

    etag: str | None
    last_modified: str | None
    sha256: str
    text: str | None  # None: the file could not be read

    def validators(self) -> dict[str, str]:
        return _validators(self.etag, self.last_modified)


def _validators(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def finding_key(finding: Finding) -> str:
    """The identity of a finding across audits: the project's one (gongkai.audit.identity: kind,
    page and the field that names the problem, e.g. a broken link's target whatever its text),
    as dismissals and follow-up use it."""
    ident = identifying_value(finding.kind, finding.fields, finding.message)
    return identity_key(finding.kind, finding.page, ident)


def _pack_links(links: list[Link]) -> bytes:
    rows = [
        [link.target, _ELEMENTS.index(link.element) if link.element in _ELEMENTS else link.element, link.text]
        for link in links
    ]
    # level 1: written for every page of every audit, several times faster than 6 for ~10 % more bytes
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 1)


_ELEMENT_OF = {**dict(enumerate(_ELEMENTS)), **{e: e for e in _ELEMENTS}}


def _unpack_links(blob: bytes) -> list[Link]:
    rows = json.loads(zlib.decompress(blob))
    element = _ELEMENT_OF
    return [Link(t, element.get(e) or e, x) for t, e, x in rows]


def _finding_dict(finding: Finding) -> dict[str, Any]:
    fields = {k: v for k, v in finding.fields.items() if k not in _NOT_STORED}
    return {"kind": finding.kind, "page": finding.page, "message": finding.message, "fields": fields}


def _finding_of(data: dict[str, Any]) -> Finding:
    return Finding(data["kind"], data["page"], data["message"], dict(data["fields"]))


class PageState:
    """The state file of one site, open for one audit; ``path`` None: no state (every call is cheap)."""

    def __init__(self, path: str | None, as_of: str) -> None:
        self.path = path
        self.as_of = as_of
        self.note: str | None = None  # Chinese: why the state could not be used
        self.run = 1
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[Any, ...]] = []
        self._touched: list[tuple[Any, ...]] = []
        self._texts: list[tuple[Any, ...]] = []  # attachments' texts, written with the next batch
        self._seen: dict[str, str] | None = None
        self._broken: set[str] | None = None
        if path is not None:
            self._open(path)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def _open(self, path: str) -> None:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.note = f"页面状态文件 {path} 无法建立（{exc}），本次为完整检查，结果不保存供下次增量检查。"
            return
        if Path(path).exists() and not Path(path).is_file():
            self.note = f"页面状态文件 {path} 不是文件，本次为完整检查，结果不保存供下次增量检查。"
            return
        try:
            self._db = self._connect(path)
        except sqlite3.OperationalError as exc:  # cannot be opened (permissions, locked): left as it is
            self._close_quietly()
            self.note = f"页面状态文件 {path} 无法打开（{exc}），本次为完整检查，结果不保存供下次增量检查。"
        except sqlite3.DatabaseError as exc:  # not a database, damaged, another format: set aside
            self._close_quietly()
            aside = f"{path}.bad"
            try:
                os.replace(path, aside)
                self._db = self._connect(path)
            except (OSError, sqlite3.Error) as again:
                self._close_quietly()
                self.note = (
                    f"页面状态文件 {path} 无法读取（{again}），本次为完整检查，结果不保存供下次增量检查。"
                )
                return
            self.note = (
                f"页面状态文件 {path} 已损坏或格式不符（{exc}），已另存为 {aside} 并重新建立；"
                "本次为完整检查，下次检查起恢复增量检查。"
            )

    def _connect(self, path: str) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=10.0)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if rows.get("format", FORMAT) != FORMAT:
            raise sqlite3.DatabaseError(f"格式版本 {rows['format']}，应为 {FORMAT}")
        self.run = int(rows.get("run", "0")) + 1
        with db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (str(self.run),))
        return db

    def _close_quietly(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def _fail(self, exc: Exception) -> None:
        """An error of the state file while the audit runs: go on without it. A damaged file (not
        a locked one) is set aside, so the next audit starts a fresh one."""
        log.warning("page state %s: %s", self.path, exc)
        self.note = f"页面状态文件 {self.path} 读写出错（{exc}），本次其余页面按完整检查进行。"
        self._pending.clear()
        self._touched.clear()
        self._texts.clear()
        self._close_quietly()
        if self.path is not None and not isinstance(exc, sqlite3.OperationalError):
            try:
                os.replace(self.path, f"{self.path}.bad")
                self.note += f"文件已另存为 {self.path}.bad，下次检查重新建立。"
            except OSError:
                pass

    def get(self, url: str) -> StoredPage | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT etag, last_modified, sha256, page_hash, volatile, links, findings, memo, extra "
                "FROM pages WHERE url = ?",
                (url,),
            ).fetchone()
            if row is None:
                return None
            etag, modified, sha, page_hash, volatile, links, findings, memo, extra = row
            return StoredPage(
                url,
                etag,
                modified,
                sha,
                page_hash,
                bool(volatile),
                _unpack_links(links),
                {name: [_finding_of(f) for f in items] for name, items in json.loads(findings).items()}
                if findings != "{}"  # most pages: no findings
                else {},
                json.loads(memo),
                json.loads(extra),
            )
        except (sqlite3.Error, ValueError, KeyError, TypeError, zlib.error, IndexError) as exc:
            self._fail(exc)
            return None

    def put(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        sha256: str,
        page_hash: str,
        volatile: bool,
        links: list[Link],
        findings: dict[str, list[Finding]],
        memo: dict[str, Any],
        extra: dict[str, Any],
    ) -> None:
        """Remember a page as this audit saw it (written with the next batch)."""
        if self._db is None:
            return
        self._pending.append(
            (
                url,
                etag,
                last_modified,
                sha256,
                page_hash,
                int(volatile),
                _pack_links(links),
                json.dumps(
                    {name: [_finding_dict(f) for f in items] for name, items in findings.items() if items},
                    ensure_ascii=False,
                    default=str,
                ),
                json.dumps(memo, ensure_ascii=False, default=str),
                json.dumps(extra, ensure_ascii=False, default=str),
                now(),
                self.run,
            )
        )
        if len(self._pending) >= BATCH:
            self.flush()

    def touch(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """A page this audit found unchanged: keep its row, with the answer's validators."""
        if self._db is None:
            return
        self._touched.append((etag, last_modified, url))  # the time is the batch's (flush)
        if len(self._touched) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._db is None or not (self._pending or self._touched or self._texts):
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO pages VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self._pending
                )
                stamp = now()
                self._db.executemany(
                    "UPDATE pages SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                    "fetched = ?, run = ? WHERE url = ?",
                    [(etag, modified, stamp, self.run, url) for etag, modified, url in self._touched],
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO attachments VALUES (?, ?, ?, ?, ?, ?)", self._texts
                )
            self._pending.clear()
            self._touched.clear()
            self._texts.clear()
        except sqlite3.Error as exc:
            self._fail(exc)

    def attachment(self, url: str) -> StoredText | None:
        """The text of an attachment as an earlier audit extracted it."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT etag, last_modified, sha256, text FROM attachments WHERE url = ?", (url,)
            ).fetchone()
            if row is None:
                return None
            etag, modified, sha, text = row
            return StoredText(etag, modified, sha, zlib.decompress(text).decode("utf-8") if text else None)
        except (sqlite3.Error, zlib.error, UnicodeDecodeError) as exc:
            self._fail(exc)
            return None

    def keep_attachment(
        self, url: str, etag: str | None, last_modified: str | None, sha256: str, text: str | None
    ) -> None:
        """Remember the text of an attachment, or (None) that it could not be read: an unchanged
        file is then not extracted again."""
        if self._db is None:
            return
        blob = zlib.compress(text.encode("utf-8"), 6) if text is not None else b""
        row = (url, etag, last_modified, sha256, blob, self.run)
        self._texts.append(row)

    def first_seen(self, finding: Finding) -> str:
        """The ``first_seen`` of a finding: when an earlier audit saw it first, else this one's as_of."""
        if "first_seen" in finding.fields:
            return finding.fields["first_seen"]
        if self._db is None:
            return self.as_of
        if self._seen is None:
            try:
                self._seen = dict(self._db.execute("SELECT key, first_seen FROM seen").fetchall())
            except sqlite3.Error as exc:
                self._fail(exc)
                return self.as_of
        return self._seen.get(finding_key(finding), self.as_of)

    def was_broken(self, target: str) -> bool:
        """Whether the last audit reported ``target`` as a broken link."""
        if self._db is None:
            return False
        if self._broken is None:
            try:
                rows = self._db.execute("SELECT target FROM broken WHERE run < ?", (self.run,))
                self._broken = {target for (target,) in rows}
            except sqlite3.Error as exc:
                self._fail(exc)
                return False
        return target in self._broken

    def stamp(self, findings: list[Finding]) -> None:
        """Give every finding its ``first_seen``."""
        for finding in findings:
            finding.fields["first_seen"] = self.first_seen(finding)

    def close(self, findings: list[Finding], *, complete: bool) -> None:
        """Write what is left and the ``first_seen`` of every finding; a complete audit also forgets
        the pages and findings it did not meet again (removed pages, fixed problems)."""
        if self._db is None:
            return
        self.flush()
        try:
            rows = {finding_key(f): f.fields.get("first_seen", self.as_of) for f in findings}
            broken = {
                f.fields["target"] for f in findings if f.kind == "broken_link" and f.fields.get("target")
            }
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO seen VALUES (?, ?, ?)",
                    [(k, v, self.run) for k, v in rows.items()],
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO broken VALUES (?, ?)", [(t, self.run) for t in broken]
                )
                if complete:
                    for table in ("seen", "pages", "broken", "attachments"):
                        self._db.execute(f"DELETE FROM {table} WHERE run < ?", (self.run,))  # noqa: S608
        except sqlite3.Error as exc:
            self._fail(exc)
        self._close_quietly()

    def abandon(self) -> None:
        """Close without writing the findings (the audit did not get to its end)."""
        self.flush()
        self._close_quietly()
