"""Pages of the disclosure-applications register. Every view asks registers.access first; a
refusal is a 403 page in Chinese, an application outside the user's scope a 404."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts import access as base_access
from gongkai.disclosure import annual_table
from gongkai.params import id_param
from gongkai.registers import access, annual, annual_mismatch, deadlines, reply_checks, services, states
from gongkai.registers.excel import export_workbook, import_workbook
from gongkai.registers.forms import ApplicationForm, MoveForm, ReplyCheckForm
from gongkai.registers.models import OPEN_STATES, Application, ReplyCheck, ReplyDocument, State
from gongkai.registers.states import MOVES, TransitionRefused
from gongkai.registers.upload_page import upload_page
from gongkai.registry.models import Region, Unit
from gongkai.uploads import UploadError, check_uploads, download_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_param(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise BadRequest("年度应为四位数年份。")
    return int(text)


def _application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(access.visible_applications(request.user).select_related("unit"), pk=pk)


def _filtered(request: HttpRequest):
    apps = access.visible_applications(request.user).select_related("unit").prefetch_related("consultations")
    unit_id, state, year = id_param(request.GET, "unit"), request.GET.get("state", ""), _year_param(request)
    if unit_id:
        apps = apps.filter(unit_id=unit_id)
    if state in State.values:
        apps = apps.filter(state=state)
    elif state == "open":
        apps = apps.filter(state__in=OPEN_STATES)
    if year:
        apps = apps.filter(received__year=year)
    return apps, {"unit": unit_id, "state": state, "year": year}


@login_required
def register(request: HttpRequest) -> HttpResponse:
    apps, chosen = _filtered(request)
    page = Paginator(apps.order_by("-received", "unit__name", "number"), 50).get_page(request.GET.get("page"))
    today = deadlines.today()
    rows = [(app, deadlines.deadline(app, on=today)) for app in page]
    units = base_access.visible_units(request.user)
    query = request.GET.copy()
    query.pop("page", None)  # the pager adds its own
    return render(
        request,
        "registers/register.html",
        {
            "page": page,
            "rows": rows,
            "chosen": chosen,
            "states": State.values,
            "units": units if units.count() > 1 else None,
            "can_create": access.keepable_units(request.user).exists(),
            "can_import": access.can_import(request.user),
            "query": query.urlencode(),
        },
    )


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    app = _application(request, pk) if pk else None
    if app is not None and not access.can_edit_application(request.user, app):
        raise PermissionDenied("您无权修改该申请。")
    if app is None and not access.keepable_units(request.user).exists():
        raise PermissionDenied("您无权登记依申请公开申请。")
    initial = {}
    keepable = access.keepable_units(request.user)
    if app is None and keepable.count() == 1:
        initial["unit"] = keepable.first()
    form = ApplicationForm(request.POST or None, instance=app, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = [str(form.fields[name].label) for name in form.changed_data]
        services.save_application(form.save(commit=False), request.user, created=app is None, changed=changed)
        messages.success(request, f"已保存申请“{form.instance.number}”。")
        return redirect("registers:detail", pk=form.instance.pk)
    title = f"编辑申请：{app.number}" if app else "登记依申请公开申请"
    return render(request, "registers/form.html", {"form": form, "title": title, "app": app})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    can_edit = access.can_edit_application(request.user, app)
    moves = []
    if can_edit:
        moves = [
            (name, MOVES[name].label, MoveForm(action=name, initial={"on": deadlines.today()}))
            for name in states.available(app)
        ]
    return render(
        request,
        "registers/detail.html",
        {
            "app": app,
            "deadline": deadlines.deadline(app),
            "payment_due": deadlines.payment_due(app),
            "consultations": app.consultations.all(),
            "documents": app.documents.all(),
            "steps": app.steps.select_related("user"),
            "can_edit": can_edit,
            "moves": moves,
            **_reply_check_context(request, app),
        },
    )


def _reply_check_context(request: HttpRequest, app: Application) -> dict:
    """The checklist shown on the detail page: the ticks, and the form for those who may tick."""
    check = ReplyCheck.objects.filter(application=app).select_related("checked_by").first()
    rows = []
    if check is not None:
        applicable = {name for name, _ in check.applicable()}
        rows = [(label, name in applicable, getattr(check, name)) for name, label in reply_checks.ELEMENTS]
    can_check = app.state == State.REPLIED and access.can_check_reply(request.user, app)
    return {
        "reply_check": check,
        "reply_check_rows": rows,
        "reply_check_summary": reply_checks.summary(check),
        "reply_check_form": ReplyCheckForm(instance=check) if can_check else None,
    }


@login_required
@require_POST
def check_reply(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    if not access.can_check_reply(request.user, app):
        raise PermissionDenied("只有本地区的监管人员和考评人员可以核查答复书要素。")
    form = ReplyCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "答复书要素核查未保存：请检查填写的内容。")
        return redirect("registers:detail", pk=app.pk)
    data = form.cleaned_data
    try:
        check = reply_checks.save_check(app, data, user=request.user, note=data.get("note", ""))
    except reply_checks.CheckRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已保存答复书要素核查：{reply_checks.summary(check)}。")
    return redirect("registers:detail", pk=app.pk)


@login_required
@require_POST
def move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = _application(request, pk)
    if not access.can_edit_application(request.user, app):
        raise PermissionDenied("您无权办理该申请。")
    if action not in MOVES:
        raise BadRequest("未知的操作。")
    form = MoveForm(request.POST, request.FILES, action=action)
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[k].label}：{'，'.join(v)}" for k, v in form.errors.items() if k in form.fields
        )
        messages.error(request, f"“{MOVES[action].label}”未完成：{errors or '请检查填写的内容'}")
        return redirect("registers:detail", pk=app.pk)
    data = form.cleaned_data
    try:
        documents = check_uploads(data.get("files") or [])
    except UploadError as exc:
        messages.error(request, f"答复书未保存，“{MOVES[action].label}”未完成：{exc}")
        return redirect("registers:detail", pk=app.pk)
    try:
        services.transition(
            app,
            action,
            request.user,
            on=data["on"],
            result=data.get("result", ""),
            approver=data.get("approver", ""),
            note=data.get("note", ""),
            documents=documents,
        )
    except TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已记录“{MOVES[action].label}”。")
    return redirect("registers:detail", pk=app.pk)


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        ReplyDocument, pk=pk, application__in=access.visible_applications(request.user)
    )
    return download_response(record, "reply", missing="答复书文件已不存在，请联系监管人员。")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    apps, _ = _filtered(request)
    response = HttpResponse(export_workbook(apps), content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E4%BE%9D%E7%94%B3%E8%AF%B7%E5%85%AC%E5%BC%80%E7%99%BB%E8%AE%B0%E7%B0%BF.xlsx"
    )
    return response


def import_page(request: HttpRequest, importer, template: str, done: str) -> HttpResponse:
    """A register's import page: supervisors upload a workbook, ``importer`` checks and writes it
    (all or nothing); the problems are listed on ``template``, success goes to ``done``."""
    if not access.can_import(request.user):
        raise PermissionDenied("只有监管人员可以导入登记簿。")
    return upload_page(request, importer, template=template, done=done)


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    return import_page(request, import_workbook, "registers/import.html", "registers:register")


def table_scope(request: HttpRequest, what: str = "年报表三") -> tuple[QuerySet[Unit], str, Unit | Region]:
    """The units of the requested table (``what``), its title, and the unit or region it is of.
    Without a choice: the user's unit, or the region they work on (a superuser: the first top
    region)."""
    unit_id, region_id = id_param(request.GET, "unit"), id_param(request.GET, "region")
    if region_id:
        region = get_object_or_404(Region, pk=region_id)
        if not access.can_view_region_table(request.user, region):
            raise PermissionDenied(f"您无权查看该地区的{what}。")
        return annual.units_of_region(region), region.full_name, region
    if unit_id is None:
        units = base_access.visible_units(request.user)
        if units.count() != 1:
            region = base_access.scope_region(request.user)
            if region is None and request.user.is_superuser:
                region = Region.objects.filter(parent=None).first()
            if region is None or not access.can_view_region_table(request.user, region):
                raise BadRequest("请选择单位或地区。")
            return annual.units_of_region(region), region.full_name, region
        unit_id = units.first().pk
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_view_register(request.user, unit):
        raise PermissionDenied(f"您无权查看该单位的{what}。")
    return Unit.objects.filter(pk=unit.pk), unit.name, unit


@login_required
def annual_page(request: HttpRequest) -> HttpResponse:
    year = _year_param(request) or deadlines.today().year
    units, title, subject = table_scope(request)
    try:
        table = annual.build(units, year)
    except ValueError as exc:  # an application whose result or applicant type the table lacks
        raise BadRequest(f"无法生成年报表三：{exc}") from exc
    regions = base_access.visible_regions(request.user) if access.reads_regions(request.user) else None
    shown = annual_table.to_json(table)
    published = None if isinstance(subject, Region) else annual_mismatch.published_report(subject, year)
    if published is not None:
        for row in shown["rows"]:  # the report's numbers next to the register's, differences marked
            theirs = published.rows.get(row["label"]) or [0] * len(row["values"])
            row["published"] = [
                {"value": v, "differs": v != mine} for v, mine in zip(theirs, row["values"], strict=True)
            ]
    return render(
        request,
        "registers/annual.html",
        {
            "title": title,
            "year": year,
            "table": shown,
            "published": published,
            "differences": sum(c["differs"] for row in shown["rows"] for c in row.get("published", [])),
            "breaks": table.identity_breaks,
            "subject": subject,
            "is_region": isinstance(subject, Region),
            "query": request.GET.urlencode(),
            "units": base_access.visible_units(request.user),
            "regions": regions,
        },
    )


@login_required
def annual_xlsx(request: HttpRequest) -> HttpResponse:
    year = _year_param(request) or deadlines.today().year
    units, title, _ = table_scope(request)
    table = annual.build(units, year)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.xlsx"
        annual_table.write_xlsx(table, path, f"{title} {year}年度")
        data = path.read_bytes()
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="table3-{year}.xlsx"'
    return response
