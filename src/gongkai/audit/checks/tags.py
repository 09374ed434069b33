"""missing_meta: the page tags of 政府网站发展指引 (国办发〔2017〕47号), rules.md §4.

Site tags on every page (3), plus column tags on column pages (7 in all), plus content tags on
article pages (10 in all; the optional article tags are not required).

Page type heuristic, first rule that applies:
1. the start page is the home page;
2. a page carrying any content tag (ArticleTitle, PubDate, ContentSource) is an article, one
   carrying any column tag is a column — the site said so itself;
3. a URL whose last segment looks like a document (``t20251111_123.html``, ``art_…``,
   ``content_…``, or a file name of 5+ digits) is an article; a URL ending in ``/``, ``index``
   or ``list…`` is a column;
4. otherwise a page listing 5 or more dated links is a column, and any other page an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from gongkai.audit.checks.base import Check
from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding
from gongkai.audit.page import Page

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN_TAGS = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource")
REQUIRED = {
    "home": SITE_TAGS,
    "column": SITE_TAGS + COLUMN_TAGS,
    "article": SITE_TAGS + COLUMN_TAGS + ARTICLE_TAGS,
}
PAGE_TYPE_TEXT = {"home": "首页", "column": "栏目页", "article": "文章页"}

_ARTICLE_NAME = re.compile(r"(^t\d{8}_\d+|^art_|^content_|^\d{5,}|_\d{5,})", re.IGNORECASE)
_COLUMN_NAME = re.compile(r"^(index|default|list)[\w-]*(\.\w+)?$", re.IGNORECASE)
_DATE = re.compile(r"(19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}")


def looks_like_article(url: str) -> bool:
    """Rule 3 of the module docstring: the URL's last segment names a document."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return bool(name) and not _COLUMN_NAME.match(name) and bool(_ARTICLE_NAME.search(name.rsplit(".", 1)[0]))


def page_type(page: Page) -> str:
    """home, column or article (see the module docstring for the rules); worked out once per
    page (three checks ask)."""
    known = page.__dict__.get("_page_type")
    if known is None:
        known = page.__dict__["_page_type"] = _page_type(page)
    return known


def _page_type(page: Page) -> str:
    if page.is_start:
        return "home"
    meta = page.meta
    if any(meta.get(tag.lower()) for tag in ARTICLE_TAGS):
        return "article"
    if any(meta.get(tag.lower()) for tag in COLUMN_TAGS):
        return "column"
    path = urlsplit(page.url).path
    name = path.rsplit("/", 1)[-1]
    if not name or _COLUMN_NAME.match(name):
        return "column"
    if _ARTICLE_NAME.search(name.rsplit(".", 1)[0]):
        return "article"
    dated = sum(1 for li in page.tree.css("li") if li.css_first("a") is not None and _DATE.search(li.text()))
    return "column" if dated >= 5 else "article"


class TagCheck(Check):
    name = "tags"
    replayable = True  # its findings depend on the page alone

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        kind = page_type(page)
        meta = page.meta
        for tag in REQUIRED[kind]:
            if not meta.get(tag.lower()):
                yield Finding(
                    "missing_meta",
                    page.url,
                    (
                        f"{PAGE_TYPE_TEXT[kind]}缺少页面标签 {tag}(或内容为空),"
                        f'请按《政府网站发展指引》添加 <meta name="{tag}" content="…">。'
                    ),
                    {"name": tag, "page_type": kind},
                )
