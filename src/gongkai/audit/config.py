"""Settings of one audit run; every default is polite to a real government server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class AuditConfig:
    """Options of ``gongkai check`` as data, so the Django side can build one too."""

    start: str
    as_of: date = field(default_factory=date.today)
    max_pages: int = 5000
    max_depth: int = 10
    external: bool = False
    concurrency: int = 4  # connections per host
    rate: float = 4.0  # requests per second per host; 0 means no limit
    obey_robots: bool = True
    # declared columns: (URL, type or None) or (URL, type or None, update window in days or None);
    # a registered column's own window (seed 003's 月更/季更 columns) replaces its type's default
    columns: list[tuple[str, str | None] | tuple[str, str | None, int | None]] = field(default_factory=list)
    # content checks
    weekly_from: date | None = None  # start of seed 003's weekly period; None: 1 January of as_of's year
    sensitive_lists: dict[str, list[str]] = field(default_factory=dict)  # list name -> words; none by default
    # whose deadline the annual report of 政府信息公开 has (rules.md §5): "government" (Mar 31 of the
    # next year), "department" (Jan 31), or a scheme's own "MM-DD"
    annual_report_deadline: str = "government"
    max_attachments: int = 50  # .docx/.pdf attachments of the site whose text is scanned
    attachment_max_bytes: int = 5 * 1024 * 1024  # larger attachments are not read
    # network limits
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_page_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 2  # extra attempts after a transient failure
    retry_backoff: float = 1.0  # seconds, doubled after each attempt
    max_retry_after: float = 60.0  # longest Retry-After we wait for
    recheck_delay: float = 2.0  # pause before broken targets are fetched once more
    # before a single-item veto (gongkai.audit.recapture): a home page that did not open is tried
    # once more this many seconds later, and message list pages with a message unanswered for
    # over 3 months are fetched again at least this long after the audit began
    veto_recheck_delay: float = 30.0
    max_query_variants: int = 50
    # budgets of one audit (issue 12): a monthly audit of a county site fits well inside them
    max_requests: int = 20_000  # HTTP requests of the crawl; then it stops and says so
    max_seconds: float = 1800.0  # wall-clock time of the crawl
    # crawler traps (gongkai.audit.traps)
    trap_repeat: int = 8  # pages of one URL pattern with the same text save digits
    trap_fanout: int = 500  # new addresses of one pattern on a single page
    trap_sample: int = 20  # addresses of a trap still fetched after it was detected
    # JSON-lines file the crawl's answers are written to as it goes; an audit started again with
    # the same file resumes from it (gongkai.audit.checkpoint)
    checkpoint: str | None = None
    # SQLite file of the site's page state (gongkai.audit.page_state): an audit started with the
    # file of the last one sends conditional requests and takes unchanged pages over unparsed,
    # with their findings and the date each was first seen; None: every page is parsed
    page_state: str | None = None
    # evidence behind every finding (gongkai.audit.evidence): the directory the pages with a
    # finding are saved to (HTML as fetched, headers, SHA-256, screenshot); None: no evidence
    evidence_dir: str | None = None
    evidence_browser: str = "/usr/bin/chromium"  # Debian's chromium, driven by Playwright
    evidence_pool: int = 2  # pages rendered at once
    evidence_timeout: float = 30.0  # seconds one page's render and screenshot may take
    evidence_max_shots: int = 1000  # screenshots of one audit at most (HTML and hash are kept for all)
    # pages whose content only their scripts show (a JS shell, a list filled from a data API)
    # and anti-bot walls are opened in the same browser (gongkai.audit.jsrender): one browser per
    # audit, started only when such a page is met, at most js_render_max pages
    js_render: bool = True
    js_render_max: int = 20
    js_render_timeout: float = 20.0  # seconds one page may take to load and settle
    # site-level checks
    dns_server: str | None = None  # "ip" or "ip:port" for the IPv6 check; None = system resolver
    dns_timeout: float = 3.0
    probe_timeout: float = 10.0  # the HTTPS probe, run while the site is crawled
    ca_file: str | None = None  # extra CA bundle to trust (an intranet CA); None = system store
    user_agent: str = "Mozilla/5.0 (compatible; gongkai/0.1; government website audit)"  # ASCII: a header
