"""footer: identification a government site must show at the bottom of its pages (rules.md §4).

Checked on the start page: the footer is one template for the whole site. The footer text is
the content of ``<footer>`` or of elements whose id/class says foot/bottom/copyright, and falls
back to the last 3,000 characters of the page text when the site uses none of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gongkai.audit.checks.base import Check
from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding
from gongkai.audit.page import Page

_FOOTER_SELECTOR = (
    "footer, [id*=foot i], [class*=foot i], [id*=bottom i], [class*=bottom i], "
    "[id*=copyright i], [class*=copyright i]"
)
# the colon is ASCII or full-width (网站标识码：4103810001), as Chinese footers write it
SITE_ID_LABEL = re.compile(r"网站标识码\s*[:：]?\s*([A-Za-z0-9]*)")
# 6-digit administrative division code (province part 11-82) + 4 digits, or bm + 8 digits
SITE_ID_FORMAT = re.compile(r"^(?:(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])\d{8}|bm\d{8})$")
ITEMS: dict[str, re.Pattern[str]] = {
    "主办单位": re.compile(r"主办(单位)?\s*[::]|主办单位"),
    "联系方式": re.compile(
        r"联系(电话|方式|我们|地址)|电话\s*[::]|邮箱|E-?mail|0\d{2,3}-?\d{7,8}|1[3-9]\d{9}", re.IGNORECASE
    ),
    "网站标识码": SITE_ID_LABEL,
    "ICP备案号": re.compile(r"ICP\s*备\s*\d+", re.IGNORECASE),
    "公安机关备案号": re.compile(r"公网安备\s*\d+|公安(机关)?备案"),
}


def footer_text(page: Page) -> str:
    """The text of the page footer (see the module docstring)."""
    parts = [node.text(separator=" ") for node in page.tree.css(_FOOTER_SELECTOR)]
    text = " ".join(" ".join(parts).split())
    return text if text else page.body_text[-3000:]


def site_id_code(text: str) -> str | None:
    """The 网站标识码 written after its label, if any."""
    match = SITE_ID_LABEL.search(text)
    return match.group(1) if match and match.group(1) else None


def has_conac_mark(page: Page) -> bool:
    """党政机关网站标识: the conac.cn badge link or image."""
    for node in page.tree.css("a[href], img[src]"):
        value = (node.attributes.get("href") or node.attributes.get("src") or "").lower()
        if "conac.cn" in value or "dzjg" in value:
            return True
    return "党政机关网站标识" in page.body_text


class FooterCheck(Check):
    name = "footer"
    replayable = True  # reads the start page only, which is parsed in every audit

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        if not page.is_start:
            return
        text = footer_text(page)
        missing = [item for item, pattern in ITEMS.items() if not pattern.search(text)]
        if not has_conac_mark(page):
            missing.append("党政机关网站标识")
        code = site_id_code(text)
        fields: dict[str, object] = {"missing": missing}
        problems = []
        if missing:
            problems.append("缺少" + "、".join(missing))
        if code is not None:
            ctx.site["SiteIDCode"] = ctx.site["SiteIDCode"] or code
            if not SITE_ID_FORMAT.match(code):
                fields["invalid"] = {"网站标识码": code}
                problems.append(f"网站标识码“{code}”格式错误(应为6位行政区划代码加4位数字,或 bm 加8位数字)")
        if problems:
            yield Finding(
                "footer", page.url, "网站页脚" + ";".join(problems) + ",请在页脚补充或更正。", fields
            )
