"""Small parsing helpers shared by the content analysers (selectolax/lexbor trees)."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

_INVISIBLE = ["script", "style", "noscript", "template"]
_HTML_HINT = re.compile(r"<\s*(?:html|body|head|div|p|table|span|meta|a|br|td|li)\b", re.I)


def as_tree(html_or_tree: str | LexborHTMLParser) -> LexborHTMLParser:
    """Parse a string; pass a parsed tree through unchanged."""
    if isinstance(html_or_tree, LexborHTMLParser):
        return html_or_tree
    return LexborHTMLParser(html_or_tree or "")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text or ""))


def visible_text(html_or_tree: str | LexborHTMLParser) -> str:
    """Visible text with one element's text per line (scripts and styles dropped).

    Lines keep labels next to their values ("文号：…") while table cells stay apart; the input
    tree is not modified.
    """
    tree = as_tree(html_or_tree)
    clone = LexborHTMLParser(tree.html or "")
    clone.strip_tags(_INVISIBLE)
    root = clone.body or clone.root
    if root is None:
        return ""
    lines = (" ".join(line.split()) for line in root.text(separator="\n").splitlines())
    return "\n".join(line for line in lines if line)


def node_text(node: LexborNode) -> str:
    """Text of one element with whitespace collapsed (text inside scripts and styles ignored)."""
    if node.css_first("script, style") is None:
        return " ".join(node.text(separator=" ").split())
    parts = (
        n.text(deep=False)
        for n in node.traverse(include_text=True)
        if n.tag == "-text" and not _inside_invisible(n, node)
    )
    return " ".join(" ".join(parts).split())


def _inside_invisible(node: LexborNode, stop: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        if parent.tag in _INVISIBLE:
            return True
        parent = parent.parent
    return False


def absolute(base_url: str, href: str | None) -> str | None:
    """Absolute http(s) URL without fragment, or None for javascript:, mailto:, empty links."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    if re.match(r"(?i)(javascript|mailto|tel|data|about|vbscript):", href):
        return None
    try:
        url = urldefrag(urljoin(base_url, href)).url
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return url if url.lower().startswith(("http://", "https://")) else None


def class_id(node: LexborNode) -> str:
    """Lower-cased ``class`` and ``id`` of an element, for structural heuristics."""
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()


def inside(node: LexborNode, tags: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """True when ``node`` or one of its ancestors below ``<body>`` has one of ``tags`` or a
    class/id matching ``pattern`` (navigation, footers, sidebars…)."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in tags or pattern.search(class_id(current)):
            return True
        current = current.parent
    return False


def contains(outer: LexborNode, inner: LexborNode) -> bool:
    """True when ``inner`` is ``outer`` or one of its descendants."""
    current: LexborNode | None = inner
    while current is not None:
        if current.mem_id == outer.mem_id:
            return True
        current = current.parent
    return False
