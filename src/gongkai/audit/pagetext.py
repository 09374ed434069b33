"""The visible text of a page split into its main text and its template blocks.

Every page of a government site repeats the same header, navigation, breadcrumb and footer.
Their text is set apart so that (a) a typo in the footer is reported once per site, not on every
page, and (b) the page hash that keeps a dismissed finding dismissed "until its page changes"
does not change when only the site's menu does.

Template blocks are ``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` and elements whose class or
id says nav/menu/foot/bottom/copyright/crumb/header. A block matched by mistake costs nothing in
recall: the text check scans every template block whose text it has not seen before on the site.
Text is taken one text node per line (as :func:`gongkai.audit.content.html.visible_text`), so
table cells never run into each other (an ID number next to a phone number stays two numbers).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.content.html import contains

_INVISIBLE = ["script", "style", "noscript", "template"]
TEMPLATE_SELECTOR = (
    "nav, header, footer, aside, [class*=nav i], [id*=nav i], [class*=menu i], [id*=menu i], "
    "[class*=foot i], [id*=foot i], [class*=bottom i], [id*=bottom i], [class*=copyright i], "
    "[id*=copyright i], [class*=crumb i], [class*=header i], [id*=header i]"
)


@dataclass(frozen=True, slots=True)
class PageText:
    main: str  # visible text outside the template blocks, one text node per line
    template: tuple[str, ...]  # text of each outermost template block, in page order


def _lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def split_text(html: str, parsed: LexborHTMLParser | None = None) -> PageText:
    """Main text and template blocks of an HTML page (see the module docstring). ``parsed``, the
    page's tree when there is one already, is copied instead of parsing ``html`` again."""
    tree = parsed.clone() if parsed is not None else LexborHTMLParser(html)
    tree.strip_tags(_INVISIBLE)
    body = tree.body
    if body is None:
        return PageText("", ())
    outer = []
    for node in body.css(TEMPLATE_SELECTOR):
        if outer and contains(outer[-1], node):  # nested in the previous block: in document order
            continue
        outer.append(node)
    template = tuple(t for t in (_lines(node.text(separator="\n")) for node in outer) if t)
    for node in outer:
        node.decompose()
    return PageText(_lines(body.text(separator="\n")), template)


def text_hash(text: str) -> str:
    """The short hash of a page's main text carried by every finding as ``page_hash``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
