"""broken_link (and blocked): links and embedded resources that do not open.

The crawler fetches every target once, retries transient failures and re-checks each failed
target before this check reports it, so one timeout is not a broken link. Answers of firewalls
and anti-bot walls (403, 429, script challenges) are reported as kind ``blocked``: the target may
well work for a person, so it must not be deducted as a broken link.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.audit.checks.base import Check
from gongkai.audit.context import AuditContext
from gongkai.audit.findings import ERROR_TEXT, Finding

ELEMENT_TEXT = {"a": "链接", "img": "图片", "script": "脚本", "link": "样式或资源", "iframe": "内嵌框架"}


class LinkCheck(Check):
    name = "links"
    needs_recheck = True
    replayable = True  # reads only the link book, which the engine fills from a page's stored links

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        findings = []
        for target, (result, referrers) in ctx.links.failed.items():
            kind = "blocked" if result.error == "blocked" else "broken_link"
            reason = ERROR_TEXT.get(result.error or "http", "无法访问")
            if result.status:
                reason += f"(HTTP {result.status})"
            if result.detail in ("重定向循环", "重定向次数过多", "重定向地址无效"):
                reason += f",{result.detail}"
            elif result.error == "tls" and result.detail and result.detail.startswith("证书"):
                reason = result.detail  # e.g. 证书已过期（到期日 2024-03-01）
            for ref in referrers:
                what = ELEMENT_TEXT.get(ref.element, "链接")
                label = f"“{ref.text}”" if ref.text else ""
                where = "首页" if ref.home else "页面"
                if kind == "blocked":
                    message = f"{where}{what}{label}指向的 {target} 被拦截,无法自动检查,请人工打开确认。"
                else:
                    message = f"{where}{what}{label}无法打开:{target},{reason}。请修复或删除该{what}。"
                findings.append(
                    Finding(
                        kind,
                        ref.page,
                        message,
                        {
                            "target": target,
                            "status": result.status,
                            "error": result.error,
                            "text": ref.text,
                            "element": ref.element,
                            "home": ref.home,
                        },
                    )
                )
        return findings
