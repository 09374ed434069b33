"""Pages of finding review and follow-up: the review page of a period (htmx confirm/dismiss), the
follow-up overview, a problem with its history and the unit's answer, evidence downloads, and the
unit portal. Every view asks gongkai.accounts.access first; a refusal is a 403 with a reason."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.assessment import review
from gongkai.assessment.models import Period, Score
from gongkai.followup import access, manual, services
from gongkai.followup.evidence_views import attach_runs
from gongkai.followup.forms import IssueForm, ManualProblemForm, MarkFixedForm, VerifyForm
from gongkai.followup.models import FixEvidence, Problem, ProblemEvidence
from gongkai.monitoring.models import Finding
from gongkai.params import id_param
from gongkai.uploads import download_response
from gongkai.workdays import is_estimated

PAGE_SIZE = 100


def _period(request: HttpRequest, period_id: int, allowed, reason: str) -> Period:
    period = get_object_or_404(Period, pk=period_id)
    if not allowed(request.user, period):
        raise PermissionDenied(reason)
    return period


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Unit administrators go to their portal; staff pick a period."""
    if access.can_use_unit_portal(request.user):
        return redirect("followup:portal")
    if access.role_of(request.user) is None:
        raise PermissionDenied("您的账号尚未分配角色，无权查看复核与整改。")
    periods = access.visible_periods(request.user).select_related("region")
    return render(request, "followup/index.html", {"periods": periods})


@login_required
def review_page(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id, access.can_view_followup, "您无权查看该考评期的检查发现。")
    unit = request.GET.get("unit", "")
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    rows = review.period_findings(period, id_param(request.GET, "unit"))
    counts = review.counts_by_kind(rows)
    if kind:
        rows = [r for r in rows if r.finding.kind == kind]
    if state:
        rows = [r for r in rows if r.state == state]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_runs(row.finding for row in page)
    return render(
        request,
        "followup/review.html",
        {
            "period": period,
            "page": page,
            "counts": counts,
            "units": period.memberships.select_related("unit").order_by("unit__order", "unit__name"),
            "unit": unit,
            "kind": kind,
            "state": state,
            "states": [review.UNREVIEWED, review.CONFIRMED, review.DISMISSED],
            "can_review": access.can_review_findings(request.user, period) and not period.frozen,
        },
    )


@login_required
@require_POST
def review_decide(request: HttpRequest, period_id: int, finding_id: int) -> HttpResponse:
    period = _period(
        request, period_id, access.can_review_findings, "只有本地区的监管人员和考评人员可以复核检查发现。"
    )
    finding = get_object_or_404(Finding.objects.select_related("run__site__unit"), pk=finding_id)
    reason = request.POST.get("reason", "") or (request.htmx.prompt if request.htmx else "") or ""
    try:
        row = review.review_finding(
            period, finding, request.POST.get("decision", ""), reason=reason, user=request.user
        )
        error = ""
    except review.ReviewError as exc:
        row, error = None, str(exc)
    if request.htmx:
        if row is None:
            try:
                row = review.review_row(period, finding)
            except review.ReviewError:
                row = None
        context = {"row": row, "period": period, "can_review": not period.frozen, "error": error}
        return render(request, "followup/review_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"已记录复核结论：{row.state}。")
    return redirect("followup:review", period_id=period.pk)


@login_required
def overview(request: HttpRequest, period_id: int) -> HttpResponse:
    """Counts per status and unit, overdue problems, and the 下发整改 form."""
    period = _period(request, period_id, access.can_view_followup, "您无权查看该考评期的整改情况。")
    today = timezone.localdate()
    problems = period.problems.select_related("unit")
    statuses = list(Problem.Status.values)
    per_unit: dict = {}
    for problem in problems:
        counts = per_unit.setdefault(problem.unit, Counter())
        counts[problem.status] += 1
    rows = [(u, [c[s] for s in statuses], sum(c.values())) for u, c in per_unit.items()]
    rows.sort(key=lambda r: (r[0].order, r[0].name))
    can_issue = access.can_review_findings(request.user, period)
    form = IssueForm(request.POST or None) if can_issue else None
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied("只有本地区的监管人员和考评人员可以下发整改。")
        if form.is_valid():
            try:
                created = services.issue_problems(period, form.cleaned_data["deadline"], request.user)
            except services.FollowupError as exc:
                form.add_error("deadline", str(exc))
            else:
                messages.success(request, f"已下发 {len(created)} 个整改问题。")
                return redirect("followup:overview", period_id=period.pk)
    try:
        default_deadline = services.default_deadline(period)
    except services.FollowupError:
        default_deadline = None
    return render(
        request,
        "followup/overview.html",
        {
            "period": period,
            "statuses": statuses,
            "rows": rows,
            "totals": [sum(r[1][i] for r in rows) for i in range(len(statuses))],
            "overdue": services.overdue(problems, today).order_by("deadline", "unit__order"),
            "today": today,
            "form": form,
            "default_deadline": default_deadline,
            "deadline_estimated": default_deadline is not None and is_estimated(default_deadline),
        },
    )


@login_required
def problem_detail(request: HttpRequest, problem_id: int) -> HttpResponse:
    """A problem, its history and evidence; its unit's administrators report the fix here."""
    problem = get_object_or_404(
        Problem.objects.select_related("period", "unit", "site", "finding"), pk=problem_id
    )
    if not access.can_view_problem(request.user, problem):
        raise PermissionDenied("您无权查看该整改问题（单位管理员只能查看本单位的问题）。")
    attach_runs([problem.finding])
    can_answer = access.can_answer_problem(request.user, problem) and problem.is_open
    can_verify = (
        problem.manual
        and problem.status == Problem.Status.FIXED
        and access.can_review_findings(request.user, problem.period)
    )
    if request.method == "POST" and "decision" in request.POST:
        return _verify(request, problem, can_verify)
    form = MarkFixedForm(request.POST or None, request.FILES or None) if can_answer else None
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied("只有该单位的单位管理员可以报送整改情况，且问题须处于待整改状态。")
        if form.is_valid():
            try:
                services.mark_fixed(
                    problem,
                    note=form.cleaned_data["note"],
                    files=form.cleaned_data["files"],
                    user=request.user,
                )
            except services.FollowupError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已报送整改情况，等待下次检查核验。")
                return redirect("followup:problem", problem_id=problem.pk)
    return render(
        request,
        "followup/problem.html",
        {
            "problem": problem,
            "kind_label": problem.kind_label,
            "events": problem.events.select_related("user"),
            "evidence": problem.evidence.all(),
            "issue_evidence": problem.issue_evidence.all(),
            "form": form,
            "verify_form": VerifyForm() if can_verify else None,
            "overdue": problem.is_overdue(timezone.localdate()),
        },
    )


def _verify(request: HttpRequest, problem: Problem, allowed: bool) -> HttpResponse:
    """A supervisor's verification of a problem found by hand (no audit run can verify it)."""
    if not allowed:
        raise PermissionDenied(
            "只有本地区的监管人员和考评人员可以核验人工下发问题的整改，且单位须已报送整改。"
        )
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            manual.verify_by_hand(
                problem,
                accepted=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except services.FollowupError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已记录核验结论。")
    else:
        messages.error(request, "请选择核验结论。")
    return redirect("followup:problem", problem_id=problem.pk)


@login_required
def manual_issue(request: HttpRequest, period_id: int) -> HttpResponse:
    """下发人工发现的问题: a supervisor issues a problem found by hand to a unit of the period."""
    period = _period(
        request, period_id, access.can_review_findings, "只有本地区的监管人员和考评人员可以下发整改问题。"
    )
    form = ManualProblemForm(request.POST or None, request.FILES or None, period=period)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = manual.issue_manual_problem(
                period,
                data["unit"],
                kind=data["kind"],
                message=data["message"],
                deadline=data["deadline"],
                page=data["page"],
                files=data["files"],
                user=request.user,
            )
        except services.FollowupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"已向{problem.unit.name}下发整改问题，期限 {problem.deadline:%Y-%m-%d}。"
            )
            return redirect("followup:problem", problem_id=problem.pk)
    manual_problems = period.problems.filter(manual=True).select_related("unit").order_by("-id")
    return render(
        request, "followup/manual_issue.html", {"period": period, "form": form, "problems": manual_problems}
    )


@login_required
def issue_evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(ProblemEvidence.objects.select_related("problem"), pk=evidence_id)
    if not access.can_view_problem(request.user, evidence.problem):
        raise PermissionDenied("您无权下载该问题佐证材料。")
    return download_response(evidence, "problem")


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(FixEvidence.objects.select_related("problem"), pk=evidence_id)
    if not access.can_view_problem(request.user, evidence.problem):
        raise PermissionDenied("您无权下载该整改佐证材料。")
    return download_response(evidence, "fix")


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """A unit administrator's home: open problems, published scores, the unit's registry page."""
    if not access.can_use_unit_portal(request.user):
        raise PermissionDenied("单位门户只供单位管理员使用（您无权访问）。")
    unit = request.user.profile.unit
    today = timezone.localdate()
    problems = access.visible_problems(request.user).select_related("period", "finding")
    open_problems = [(p, p.is_overdue(today)) for p in problems.filter(status__in=Problem.OPEN_STATUSES)]
    attach_runs(p.finding for p, _late in open_problems)
    published = access.visible_periods(request.user)
    scores = {s.period_id: s for s in Score.objects.filter(unit=unit, period__in=published)}
    return render(
        request,
        "followup/portal.html",
        {
            "unit": unit,
            "open_problems": open_problems,
            "waiting": problems.filter(status=Problem.Status.FIXED),
            "closed": problems.filter(status=Problem.Status.VERIFIED).order_by("-id")[:20],
            "overdue_count": sum(late for _p, late in open_problems),
            "score_rows": [(p, scores.get(p.pk)) for p in published],
            "evidence_periods": access.evidence_periods(request.user).order_by("evidence_deadline", "id"),
            "today": today,
        },
    )
