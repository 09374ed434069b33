"""Full-page screenshots of stored pages in headless Chromium, the problem outlined (issue 18).

Debian's ``/usr/bin/chromium`` through Playwright's async API; no browser is ever downloaded.
The page is rendered from the bytes the crawl fetched, not fetched again: the browser asks for
the page's URL (so relative links, styles and images resolve against it) and gets the stored
bytes. Its styles, images and scripts may load from the audited site's own hosts; every other
request (other hosts, navigations away) is refused. Pages render in a small pool (``pool`` at
once), each bounded by ``timeout`` seconds.

Marks (``gongkai.audit.evidence.mark_of``): ``link`` outlines the element whose link resolves to
the target, ``text`` outlines the text as written, ``mask`` covers a leaked number with a black
box. Each mark's box (document pixels, device scale 1) is returned, None when not located.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.audit.browser import CHROMIUM_ARGS as CHROMIUM_ARGS  # the browser tests' flags
from gongkai.audit.browser import VIEWPORT, BrowserSession, new_context, route_site

MAX_HEIGHT = 12_000  # longer pages are cut (memory); a box below the cut is reported as None
OUTLINE = "#ff0000"

# Outline or mask each mark; return its box in document coordinates (or null).
_MARK_JS = """
(marks) => {
  const OUTLINE = '__OUTLINE__';
  // the crawl's URL normal form, roughly: no fragment, decoded path, sorted query
  const canon = (u) => {
    try {
      const x = new URL(u, document.baseURI);
      let path = x.pathname;
      try { path = decodeURI(path); } catch (e) {}
      const pairs = [...x.searchParams].sort((a, b) => (a[0] + '=' + a[1] < b[0] + '=' + b[1] ? -1 : 1));
      const query = pairs.length ? '?' + new URLSearchParams(pairs).toString() : '';
      return (x.origin + path).replace(/\\/$/, '') + query;
    } catch (e) { return null; }
  };
  const box = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return null;
    return {x: Math.round(r.left + window.scrollX), y: Math.round(r.top + window.scrollY),
            width: Math.round(r.width), height: Math.round(r.height)};
  };
  const outline = (el) => {
    el.style.setProperty('outline', '3px solid ' + OUTLINE, 'important');
    el.style.setProperty('outline-offset', '2px', 'important');
  };
  const wrap = (regex, style, limit) => {
    const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement && /^(SCRIPT|STYLE|NOSCRIPT|TEXTAREA)$/.test(n.parentElement.tagName))
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const spans = [];
    for (const node of nodes) {
      let current = node;
      while (current && spans.length < limit) {
        regex.lastIndex = 0;
        const m = regex.exec(current.nodeValue);
        if (!m || m[0].length === 0) break;
        const hit = current.splitText(m.index);
        current = hit.splitText(m[0].length);
        const span = document.createElement('span');
        span.setAttribute('style', style);
        hit.parentNode.replaceChild(span, hit);
        span.appendChild(hit);
        spans.push(span);
      }
    }
    return spans;
  };
  const escape = (s) => s.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');
  return marks.map((mark) => {
    if (!mark) return null;
    if (mark.type === 'link') {
      const target = canon(mark.target);
      const attr = {a: 'href', link: 'href', img: 'src', script: 'src', iframe: 'src'}[mark.element] || 'href';
      const found = [...document.querySelectorAll(mark.element + '[' + attr + ']')]
        .filter((el) => target !== null && canon(el.getAttribute(attr)) === target);
      let first = null;
      for (const el of found) {
        outline(el);
        first = first || box(el);
      }
      return first;
    }
    const masking = mark.type === 'mask';
    const regex = new RegExp(masking ? mark.pattern : escape(mark.text), 'g');
    const style = masking
      ? 'background:#000 !important;color:#000 !important;outline:2px solid #000 !important;'
      : 'outline:3px solid ' + OUTLINE + ' !important;outline-offset:1px !important;';
    const spans = wrap(regex, style, 50);
    for (const span of spans) {
      const b = box(span);
      if (b) return b;
    }
    return null;
  });
}
""".replace("__OUTLINE__", OUTLINE)


@dataclass
class RenderJob:
    url: str
    html: Path  # the stored page, read only when it is rendered (memory)
    content_type: str  # the answer's Content-Type header (with its charset)
    png: Path
    marks: list[dict[str, str] | None]
    key: str = ""  # the job's name in RenderOutcome (default: url; two captures of one page differ)


@dataclass
class Shot:
    boxes: list[dict[str, int] | None]


@dataclass
class RenderOutcome:
    shots: dict[str, Shot] = field(default_factory=dict)  # URL -> its screenshot's marks
    error: str | None = None  # the browser could not be started (Chinese)
    failed: dict[str, str] = field(default_factory=dict)  # URL -> why its render failed


async def render_pages(
    jobs: list[RenderJob],
    *,
    allowed_hosts: set[str],
    browser: str = "/usr/bin/chromium",
    pool: int = 2,
    timeout: float = 30.0,
) -> RenderOutcome:
    """Screenshot every job's page (``pool`` at a time); never raises for a page or the browser."""
    outcome = RenderOutcome()
    if not jobs:
        return outcome
    async with BrowserSession(browser) as session:
        chromium = await session.get()
        if chromium is None:
            outcome.error = session.error
            return outcome
        queue: asyncio.Queue[RenderJob] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)

        async def worker() -> None:
            while not queue.empty():
                job = queue.get_nowait()
                try:
                    outcome.shots[job.key or job.url] = await asyncio.wait_for(
                        _render(chromium, job, allowed_hosts, timeout), timeout
                    )
                except Exception as exc:  # a page that will not render gets no screenshot
                    outcome.failed[job.key or job.url] = f"{type(exc).__name__}: {exc}"[:200]

        await asyncio.gather(*(worker() for _ in range(max(1, min(pool, len(jobs))))))
    return outcome


async def _render(chromium, job: RenderJob, allowed_hosts: set[str], timeout: float) -> Shot:  # type: ignore[no-untyped-def]
    context = await new_context(chromium)
    try:
        page = await context.new_page()
        await route_site(page, allowed_hosts, stored=lambda: (job.content_type, job.html.read_bytes()))
        ms = timeout * 1000
        await page.goto(job.url, wait_until="domcontentloaded", timeout=ms)
        try:  # styles and images of the site; a slow one does not stop the screenshot
            await page.wait_for_load_state("load", timeout=min(ms / 3, 10_000))
        except Exception:
            pass
        boxes = await page.evaluate(_MARK_JS, job.marks)
        height = await page.evaluate(
            "() => Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)"
        )
        job.png.parent.mkdir(parents=True, exist_ok=True)
        if height > MAX_HEIGHT:
            clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": MAX_HEIGHT}
            await page.screenshot(path=str(job.png), full_page=True, clip=clip, timeout=ms)
            boxes = [b if b is not None and b["y"] + b["height"] <= MAX_HEIGHT else None for b in boxes]
        else:
            await page.screenshot(path=str(job.png), full_page=True, timeout=ms)
        return Shot(boxes)
    finally:
        await context.close()
