"""Fixtures of the assessment tests: periods over the sample county, real evidence files, and
contract-shaped audit results stored with monitoring.store.record_run."""

from __future__ import annotations

import io
from datetime import date

import pytest

CHECK_DATE = date(2026, 11, 20)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def make_period(region, scheme: str, *, user=None, units=None, status="草稿", name="2026年11月考评"):
    """A period through the services, as the period form creates it (default units when None)."""
    from gongkai.assessment import services
    from gongkai.assessment.models import Period

    period = Period.objects.create(
        name=name,
        kind="月度",
        scheme=scheme,
        check_date=CHECK_DATE,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        region=region,
        created_by=user,
    )
    chosen = units if units is not None else services.default_units(region, services.scheme_for(scheme))
    services.set_period_units(period, chosen, user=user, reason="新建考评期")
    if status != "草稿":
        Period.objects.filter(pk=period.pk).update(status=status)
        period.refresh_from_db()
    return period


def contract(page_root: str, findings: list[dict], *, as_of: date = CHECK_DATE, pages: int = 30) -> dict:
    """A `gongkai check` result as the audit contract shapes it."""
    return {
        "start": page_root,
        "as_of": as_of.isoformat(),
        "started_at": None,
        "finished_at": None,
        "pages_crawled": pages,
        "truncated": False,
        "error": None,
        "site": {},
        "columns": [],
        "findings": findings,
    }


def figure_bytes(fmt: str) -> bytes:
    """A real PNG or PDF file, drawn by matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    figure.add_subplot().plot([0, 1], [1, 0])
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt)
    return buffer.getvalue()
