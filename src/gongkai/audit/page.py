"""A fetched HTML page as every page check sees it, and the links found on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gongkai.audit.pagetext import PageText, split_text
from gongkai.audit.urls import resolve, resolver

# tag -> (attribute holding the target, element reported in broken_link.element); old sites
# still use framesets and image maps, reported as the contract's nearest element
LINK_ATTRS = {
    "a": ("href", "a"),
    "area": ("href", "a"),
    "img": ("src", "img"),
    "script": ("src", "script"),
    "link": ("href", "link"),
    "iframe": ("src", "iframe"),
    "frame": ("src", "iframe"),
}
_LINK_SELECTOR = "a[href], area[href], img[src], script[src], link[href], iframe[src], frame[src]"
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
# <link rel> values that name a host to warm up, not a resource to load
_LINK_REL_SKIP = {"dns-prefetch", "preconnect"}
MAX_LINK_TEXT = 100


@dataclass(slots=True)
class Link:
    target: str  # normalised absolute URL
    element: str  # a, img, script, link, iframe
    text: str  # link text, or alt/title of an image


@dataclass
class Page:
    """A crawled HTML page. Bodies are dropped once every check has seen the page."""

    url: str  # final URL after redirects
    status: int
    content_type: str
    text: str  # decoded HTML
    depth: int
    is_start: bool
    encoding: str = "utf-8"
    truncated: bool = False  # body cut at the size cap
    links: list[Link] = field(default_factory=list)

    @cached_property
    def tree(self) -> LexborHTMLParser:
        return LexborHTMLParser(self.text)

    @cached_property
    def meta(self) -> dict[str, str]:
        """``<meta name=... content=...>`` by name (first wins; names compared case-insensitively)."""
        tags: dict[str, str] = {}
        for node in self.tree.css("meta[name]"):
            name = (node.attributes.get("name") or "").strip().lower()
            if name and name not in tags:
                tags[name] = (node.attributes.get("content") or "").strip()
        return tags

    @cached_property
    def body_text(self) -> str:
        """Visible text of the page (scripts and styles removed), whitespace collapsed."""
        clone = self.tree.clone()  # a copy: stripping must not change ``tree``
        clone.strip_tags(["script", "style", "noscript", "template"])
        return " ".join((clone.body.text(separator=" ") if clone.body else "").split())

    @cached_property
    def title(self) -> str:
        node = self.tree.css_first("title")
        return " ".join(node.text().split()) if node is not None else ""

    @cached_property
    def page_text(self) -> PageText:
        """Main text and template blocks (navigation, footer…), see :mod:`gongkai.audit.pagetext`."""
        return split_text(self.text, self.tree)

    def release(self) -> None:
        """Forget the body and the tree so a long crawl keeps a flat memory profile."""
        self.text = ""
        for name in ("tree", "meta", "body_text", "title", "page_text"):
            self.__dict__.pop(name, None)


def extract_links(page: Page) -> list[Link]:
    """Every link and embedded resource of the page, de-duplicated by (target, element)."""
    base = page.url
    tree = page.tree
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = resolve(page.url, base_node.attributes.get("href") or "") or page.url
    resolve_href = resolver(base)
    seen: set[tuple[str, str]] = set()
    links: list[Link] = []
    for node in tree.css(_LINK_SELECTOR):
        spec = LINK_ATTRS.get(node.tag)
        if spec is None:
            continue
        attr, element = spec
        attrs = node.attributes
        if element == "link" and (attrs.get("rel") or "").strip().lower() in _LINK_REL_SKIP:
            continue
        target = resolve_href(attrs.get(attr) or "")
        if target is None or (target, element) in seen:
            continue
        seen.add((target, element))
        links.append(Link(target, element, _link_text(node, element, attrs)))
    refresh = _refresh_target(page, base)  # home pages that only forward to the real portal
    if refresh is not None and (refresh, "a") not in seen:
        links.append(Link(refresh, "a", "(页面自动跳转)"))
    return links


def _refresh_target(page: Page, base: str) -> str | None:
    for node in page.tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").strip().lower() == "refresh":
            match = _REFRESH_URL.search(node.attributes.get("content") or "")
            if match:
                return resolve(base, match.group(1))
    return None


def _link_text(node: LexborNode, element: str, attrs: dict[str, str | None]) -> str:
    if element == "a":
        text = node.text(separator=" ", strip=True)
        if not text:
            img = node.css_first("img")
            text = (img.attributes.get("alt") or "") if img is not None else ""
        text = text or attrs.get("title") or attrs.get("alt") or ""
    elif element == "img":
        text = attrs.get("alt") or attrs.get("title") or ""
    else:
        text = attrs.get("title") or ""
    return " ".join(text.split())[:MAX_LINK_TEXT]
