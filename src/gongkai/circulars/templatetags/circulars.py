"""{% circular_section period %}: the circular part of the period page (publish button, files,
charts, comparison with the previous period), so the assessment's view needs no change."""

from __future__ import annotations

from decimal import Decimal

from django import template

from gongkai.assessment import access
from gongkai.circulars.build import compare_with_previous
from gongkai.circulars.defaults import form_of
from gongkai.circulars.models import PublishedCircular
from gongkai.reports import FORMS
from gongkai.scoring.numbers import fmt

register = template.Library()


@register.inclusion_tag("circulars/period_section.html", takes_context=True)
def circular_section(context, period):
    user = context["request"].user
    record = PublishedCircular.objects.filter(period=period).first()
    files = []
    if record:
        files = [
            (index, entry)
            for index, entry in enumerate(record.files)
            if access.can_download_circular_file(user, period, entry["kind"], entry.get("unit_id"))
        ]
    ranking = access.can_view_period_ranking(user, period)
    previous, comparison = compare_with_previous(period) if ranking else (None, [])
    charts = []
    if ranking and period.scores.filter(total__isnull=False).exists():
        charts = ["score_distribution"] + (["trend"] if previous else [])
    return {
        "period": period,
        "record": record,
        "files": files,
        "can_publish": access.can_publish_period(user, period) and not period.frozen,
        "can_settings": access.can_manage_period(user, period) and not period.frozen,
        "form": FORMS[form_of(period)],
        "charts": charts,
        "previous": previous,
        "comparison": comparison,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def score(value: Decimal | None) -> str:
    """30.4000 -> "30.4", 30.0000 -> "30", None -> "—"; a positive delta keeps no sign here."""
    return fmt(value) if value is not None else "—"


@register.filter
def signed(value: Decimal | None) -> str:
    """A change: "+2.5", "-1", "0", or "—" when one side is missing."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + fmt(value)
