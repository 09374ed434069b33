"""``{% load finding_evidence %}``: ``finding|evidence_links`` gives the URLs of a finding's
evidence files still on disk, its SHA-256 and fetch time (None without evidence, or without a
finding). Views listing many findings load their runs first (evidence_views.attach_runs)."""

from __future__ import annotations

from django import template

from gongkai.followup.evidence_views import evidence_urls

register = template.Library()


@register.filter
def evidence_links(finding) -> dict | None:
    if not finding:
        return None
    return evidence_urls(finding, check_files=True)
