"""What every check can see of the running audit besides the page in hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gongkai.audit.config import AuditConfig
from gongkai.audit.encoding import EncodingLog
from gongkai.audit.fetch import Fetcher
from gongkai.audit.linkbook import LinkBook
from gongkai.audit.urls import host_of

if TYPE_CHECKING:
    from gongkai.audit.page_state import PageState


def _folder(url: str) -> str | None:
    """``http://h/gzdt/`` for ``http://h/gzdt/index.html``; None for the site root (it holds everything)."""
    parts = urlsplit(url)
    folder = parts.path.rsplit("/", 1)[0] + "/"
    return None if folder == "/" else f"{parts.scheme}://{parts.netloc}{folder}"


@dataclass(slots=True)
class KnownColumn:
    """A column of the site as far as the crawl knows it (declared, or discovered in menus)."""

    url: str
    name: str
    type: str | None  # declared type, or None to classify by name
    window_days: int | None = None  # declared update window, or None for the type's default
    folder: str | None = field(init=False)  # the folder its articles usually live in

    def __post_init__(self) -> None:
        self.folder = _folder(self.url)


@dataclass
class AuditContext:
    config: AuditConfig
    start: str  # normalised start URL as given
    home: str  # the start page after redirects
    fetcher: Fetcher
    links: LinkBook = field(default_factory=LinkBook)
    hosts: set[str] = field(default_factory=set)  # hosts that belong to the site
    site: dict[str, Any] = field(
        default_factory=lambda: {"SiteIDCode": None, "https": None, "ipv6": None, "search": None}
    )
    columns: list[dict[str, Any]] = field(default_factory=list)
    annual_reports: list[dict[str, Any]] = field(default_factory=list)  # the JSON ``annual_reports``
    messages: list[dict[str, Any]] = field(default_factory=list)  # the JSON ``messages`` (message lists read)
    pages_crawled: int = 0
    truncated: bool = False
    # URL -> short hash of the page's main text (every crawled page; checks add the pages and
    # attachments they fetch in ``finish``); the engine copies it into every finding as page_hash
    page_hashes: dict[str, str] = field(default_factory=dict)
    # columns known so far (URL -> column), filled by the column check as pages arrive
    known_columns: dict[str, KnownColumn] = field(default_factory=dict)
    # counters for the summary, not in the JSON (e.g. attachments scanned)
    stats: dict[str, int] = field(default_factory=dict)
    # what each crawled page was decoded as (the JSON's ``encodings`` and ``encoding_notes``)
    encodings: EncodingLog = field(default_factory=EncodingLog)
    # the browser for pages only their scripts fill (gongkai.audit.jsrender.JsRenderer; None: no
    # rendering) and the pages whose rendered DOM was checked, with the note their findings get
    # (they also say rendered: true)
    renderer: Any = None
    rendered: dict[str, str] = field(default_factory=dict)
    # the site's page state (AuditConfig.page_state), for checks that read files in ``finish``:
    # the text of an unchanged attachment is taken from it, not extracted again
    page_state: PageState | None = None

    def is_internal(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def column_of(self, url: str) -> KnownColumn | None:
        """The known column whose folder holds ``url`` (the deepest one), if any."""
        best: tuple[int, KnownColumn] | None = None
        for column in self.known_columns.values():
            folder = column.folder
            if folder and url.startswith(folder) and (best is None or len(folder) > best[0]):
                best = (len(folder), column)
        return best[1] if best else None
