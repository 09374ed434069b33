"""API endpoints of assessment periods, scores (with the engine's trace) and audit findings.

Who may read what is exactly what the pages allow (gongkai.accounts.access): period rankings and
findings of all units for supervisors, assessors and leaders of the region; a unit's score for
them and for the unit's administrator once the period is published; a site's findings, and the
evidence behind a finding (screenshot, page as fetched, headers), for whoever may view its unit.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.assessment import access, services
from gongkai.assessment.models import Period
from gongkai.followup import evidence_views
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.params import ApiId
from gongkai.registry.models import Site, Unit

router = Router()


class PeriodOut(Schema):
    id: int
    name: str
    kind: str
    scheme: str
    region: str
    check_date: date
    start: date
    end: date
    status: str
    units: int


class ScoreOut(Schema):
    unit_id: int
    unit: str
    category: str
    total: Decimal | None
    rank: int | None
    passed: bool | None
    vetoed: bool
    veto_reasons: list[str]
    error: str


class ScoreDetailOut(ScoreOut):
    period_id: int
    computed_at: datetime
    trace: dict[str, Any]
    finding_ids: list[int]


class CaptureOut(Schema):
    """Where one capture of a finding's page is served (paths of this API; null when not kept)."""

    screenshot: str | None
    html: str | None
    headers: str | None
    sha256: str
    fetched_at: str


class EvidenceOut(CaptureOut):
    """The evidence behind a finding; ``recapture``: the second capture taken before a
    single-item veto (unreachable home page, a message unanswered over 3 months), else null."""

    recapture: CaptureOut | None = None


class FindingOut(Schema):
    id: int
    run_id: int
    site_id: int
    unit_id: int
    kind: str
    page: str
    message: str
    data: dict[str, Any]
    evidence: EvidenceOut | None = None


class SiteFindingsOut(Schema):
    site_id: int
    run_id: int | None
    as_of: date | None
    pages_crawled: int | None
    findings: list[FindingOut]


def _period_out(period: Period) -> dict[str, Any]:
    return {
        "id": period.pk,
        "name": period.name,
        "kind": period.kind,
        "scheme": period.scheme,
        "region": period.region.full_name,
        "check_date": period.check_date,
        "start": period.start,
        "end": period.end,
        "status": period.status,
        "units": period.memberships.count(),
    }


def _score_out(score) -> dict[str, Any]:
    return {
        "unit_id": score.unit_id,
        "unit": score.unit.name,
        "category": score.category,
        "total": score.total,
        "rank": score.rank,
        "passed": score.passed,
        "vetoed": score.vetoed,
        "veto_reasons": score.veto_reasons,
        "error": score.error,
    }


def _evidence_out(finding: Finding) -> dict[str, Any] | None:
    links = evidence_views.evidence_urls(finding, "api:finding_evidence")
    if links is None:
        return None
    second = links.pop("recapture")
    out = _capture_out(links)
    if second is not None:
        out["recapture"] = _capture_out(second)
    return out


def _capture_out(links: dict[str, Any]) -> dict[str, Any]:
    """One capture of the page's evidence URLs as the API gives it: the fetch time as stored."""
    links.pop("gone")
    when = links["fetched_at"]
    return {**links, "fetched_at": when.isoformat() if isinstance(when, datetime) else str(when or "")}


def _finding_out(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.pk,
        "run_id": finding.run_id,
        "site_id": finding.run.site_id,
        "unit_id": finding.run.site.unit_id,
        "kind": finding.kind,
        "page": finding.page,
        "message": finding.message,
        "data": finding.data,
        "evidence": _evidence_out(finding),
    }


def _visible_period(request: HttpRequest, period_id: int) -> Period:
    period = get_object_or_404(Period.objects.select_related("region"), pk=period_id)
    if not access.visible_periods(request.user).filter(pk=period.pk).exists():
        raise HttpError(403, "无权查看该考评期。")
    return period


def _ranking_period(request: HttpRequest, period_id: int) -> Period:
    period = get_object_or_404(Period, pk=period_id)
    if not access.can_view_period_ranking(request.user, period):
        raise HttpError(403, "无权查看该考评期全部单位的得分和检查发现。")
    return period


@router.get("/periods", response=list[PeriodOut], summary="考评期列表（仅限本人可见范围）", tags=["考评"])
def list_periods(request: HttpRequest):
    periods = access.visible_periods(request.user).select_related("region", "region__parent")
    return [_period_out(p) for p in periods]


@router.get("/periods/{period_id}", response=PeriodOut, summary="考评期详情", tags=["考评"])
def get_period(request: HttpRequest, period_id: ApiId):
    return _period_out(_visible_period(request, period_id))


@router.get(
    "/periods/{period_id}/scores", response=list[ScoreOut], summary="考评期各单位得分与排名", tags=["考评"]
)
def period_scores(request: HttpRequest, period_id: ApiId):
    period = _ranking_period(request, period_id)
    scores = period.scores.select_related("unit").order_by("category", "rank", "unit__order", "unit__name")
    return [_score_out(s) for s in scores]


@router.get(
    "/periods/{period_id}/units/{unit_id}/score",
    response=ScoreDetailOut,
    summary="单位得分及计算过程（每一项扣分的依据）",
    tags=["考评"],
)
def unit_score(request: HttpRequest, period_id: ApiId, unit_id: ApiId):
    period = get_object_or_404(Period, pk=period_id)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_view_unit_score(request.user, period, unit):
        raise HttpError(403, "无权查看该单位在本考评期的得分（单位管理员只能查看本单位已发布的得分）。")
    score = period.scores.select_related("unit").filter(unit=unit).first()
    if score is None:
        raise HttpError(404, "该单位在本考评期尚无得分。")
    return {
        **_score_out(score),
        "period_id": period.pk,
        "computed_at": score.computed_at,
        "trace": score.trace,
        "finding_ids": score.finding_ids,
    }


@router.get(
    "/periods/{period_id}/findings",
    response=list[FindingOut],
    summary="考评期各单位计入评分的检查发现（已排除误报）",
    tags=["检查"],
)
def period_findings(
    request: HttpRequest, period_id: ApiId, unit: ApiId | None = None, kind: str | None = None
):
    period = _ranking_period(request, period_id)
    memberships = period.memberships.all()
    if unit is not None:
        memberships = memberships.filter(unit_id=unit)
    inputs = services.audit_inputs([m.unit_id for m in memberships], period.check_date)
    ids = [pk for audit in inputs.values() for pk in audit.finding_ids]
    rows = Finding.objects.filter(pk__in=ids).select_related("run__site")
    if kind:
        rows = rows.filter(kind=kind)
    return [_finding_out(f) for f in rows.order_by("run__site__unit_id", "run_id", "position")]


@router.get(
    "/sites/{site_id}/findings",
    response=SiteFindingsOut,
    summary="网站最近一次完成的检查发现的问题",
    tags=["检查"],
)
def site_findings(request: HttpRequest, site_id: ApiId):
    site = get_object_or_404(Site.objects.select_related("unit"), pk=site_id)
    if not access.can_view_unit(request.user, site.unit):
        raise HttpError(403, "无权查看该网站。")
    run = AuditRun.objects.filter(site=site, status=AuditRun.Status.DONE).order_by("-as_of", "-id").first()
    findings = list(run.findings.select_related("run__site")) if run else []
    return {
        "site_id": site.pk,
        "run_id": run.pk if run else None,
        "as_of": run.as_of if run else None,
        "pages_crawled": run.pages_crawled if run else None,
        "findings": [_finding_out(f) for f in findings],
    }


@router.get(
    "/findings/{finding_id}/evidence/{kind}",
    summary="检查发现的证据文件：screenshot（PNG 截图）、html（网页原文）、headers（应答头），后两者为纯文本下载",
    tags=["检查"],
    url_name="finding_evidence",
    response={200: None},
)
def finding_evidence(request: HttpRequest, finding_id: ApiId, kind: str):
    finding = get_object_or_404(Finding.objects.select_related("run__site"), pk=finding_id)
    if not access.can_view_finding(request.user, finding):
        raise HttpError(403, "无权查看该检查发现的证据（单位管理员只能查看本单位的检查证据）。")
    try:
        path = evidence_views.evidence_path(finding, kind)
    except evidence_views.EvidenceMissing as missing:
        return evidence_views.secured(JsonResponse({"detail": str(missing)}, status=404))
    return evidence_views.evidence_response(finding, kind, path)
