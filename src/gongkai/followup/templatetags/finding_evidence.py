"""``{% load finding_evidence %}``: ``finding|evidence_links`` gives the URLs of a finding's
evidence, its SHA-256 and fetch time (None without evidence, or without a finding)."""

from __future__ import annotations

from django import template

from gongkai.followup.evidence_views import evidence_urls

register = template.Library()


@register.filter
def evidence_links(finding) -> dict | None:
    if not finding:
        return None
    return evidence_urls(finding)
