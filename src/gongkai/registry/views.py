"""Pages of the registry. Every view asks gongkai.accounts.access before it shows or changes
anything; a refusal is a 403 page in Chinese."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts import access
from gongkai.params import id_param
from gongkai.registry import changes, forms
from gongkai.registry.models import Column, NewMediaAccount, Person, RegistryChange, Site, Unit, UnitCategory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit_or_403(request: HttpRequest, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_view_unit(request.user, unit):
        raise PermissionDenied("您无权查看该单位。")
    return unit


def _require_edit(request: HttpRequest, unit: Unit) -> None:
    if not access.can_edit_unit_content(request.user, unit):
        raise PermissionDenied("您无权修改该单位的信息。")


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_registry(request.user):
        raise PermissionDenied("只有监管人员可以进行此操作。")


def _saved(request: HttpRequest, form) -> bool:
    """Save a valid form through registry.changes (every field change recorded; a unit
    administrator's scoring changes left pending, and said so); a duplicate the form could not
    see (another user saved the same address a moment earlier) becomes a form error, not a 500."""
    try:
        with transaction.atomic():
            pending = changes.save_tracked(form.save(commit=False), request.user)
            form.save_m2m()
    except IntegrityError:
        form.add_error(None, "保存失败：与已登记的记录重复（名称或网址已存在），请修改后再保存。")
        return False
    if pending:
        listed = "；".join(f"{c.field_label}：{c.old} → {c.new}" for c in pending)
        messages.warning(request, f"以下修改会影响考评得分，已提交监管人员审批，批准前仍按原值执行：{listed}")
    return True


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = access.visible_units(request.user).select_related("region", "category")
    q = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    region = request.GET.get("region", "")
    category_id, region_id = id_param(request.GET, "category"), id_param(request.GET, "region")
    if q:
        units = units.filter(Q(name__icontains=q) | Q(sites__url__icontains=q) | Q(sites__name__icontains=q))
    if category_id:
        units = units.filter(category_id=category_id)
    if region_id:
        chosen = access.visible_regions(request.user).filter(pk=region_id).first()
        if chosen:
            units = units.filter(region__path__startswith=chosen.path)
    units = units.annotate(
        site_count=Count("sites", distinct=True), person_count=Count("people", distinct=True)
    )
    units = units.order_by("region__path", "category__order", "order", "name")
    page = Paginator(units.distinct(), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "category": category,
        "region": region,
        "categories": UnitCategory.objects.all(),
        "regions": access.visible_regions(request.user).filter(level="county"),
    }
    template = "registry/unit_table.html" if request.htmx else "registry/unit_list.html"
    return render(request, template, context)


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_403(request, unit_id)
    return render(
        request,
        "registry/unit_detail.html",
        {
            "unit": unit,
            "sites": unit.sites.prefetch_related("columns"),
            "people": unit.people.all(),
            "accounts": unit.new_media_accounts.all(),
            "can_edit": access.can_edit_unit_content(request.user, unit),
            "pending": unit.registry_changes.filter(status=RegistryChange.Status.PENDING),
        },
    )


@login_required
def unit_edit(request: HttpRequest, unit_id: int | None = None) -> HttpResponse:
    _require_manager(request)
    unit = _unit_or_403(request, unit_id) if unit_id else None
    form = forms.UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid() and _saved(request, form):
        unit = form.instance
        messages.success(request, f"已保存单位“{unit.name}”。")
        return redirect("unit_detail", unit_id=unit.pk)
    title = f"编辑单位：{unit.name}" if unit else "新增单位"
    return render(request, "web/form.html", {"form": form, "title": title, "unit": unit})


@login_required
@require_POST
def unit_delete(request: HttpRequest, unit_id: int) -> HttpResponse:
    _require_manager(request)
    unit = _unit_or_403(request, unit_id)
    name = unit.name
    changes.delete_tracked(unit, request.user)
    messages.success(request, f"已删除单位“{name}”及其网站、栏目和责任人。")
    return redirect("unit_list")


# Child records of a unit (sites, people, new-media accounts) and of a site (columns) share one
# edit view and one delete view, configured by this table: model, form, and how to reach the unit.
CHILDREN = {
    "site": (Site, forms.SiteForm, "unit", "网站"),
    "person": (Person, forms.PersonForm, "unit", "责任人"),
    "account": (NewMediaAccount, forms.NewMediaAccountForm, "unit", "政务新媒体账号"),
    "column": (Column, forms.ColumnForm, "site", "栏目"),
}


def _child_unit(kind: str, obj) -> Unit:
    return obj.site.unit if kind == "column" else obj.unit


@login_required
def child_edit(
    request: HttpRequest, kind: str, pk: int | None = None, parent_id: int | None = None
) -> HttpResponse:
    model, form_class, parent_field, label = CHILDREN[kind]
    if pk is not None:
        obj = get_object_or_404(model, pk=pk)
        unit = _unit_or_403(request, _child_unit(kind, obj).pk)
    else:
        obj = model()
        if kind == "column":
            site = get_object_or_404(Site, pk=parent_id)
            unit = _unit_or_403(request, site.unit_id)
            obj.site = site
        else:
            unit = _unit_or_403(request, parent_id)
            obj.unit = unit
    _require_edit(request, unit)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid() and _saved(request, form):
        messages.success(request, f"已保存{label}。")
        return redirect("unit_detail", unit_id=unit.pk)
    title = f"{unit.name}：{'编辑' if pk else '新增'}{label}"
    return render(request, "web/form.html", {"form": form, "title": title, "unit": unit})


@login_required
@require_POST
def child_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _form, _parent, label = CHILDREN[kind]
    obj = get_object_or_404(model, pk=pk)
    unit = _unit_or_403(request, _child_unit(kind, obj).pk)
    _require_edit(request, unit)
    change = changes.delete_tracked(obj, request.user)
    if change.status == RegistryChange.Status.PENDING:
        messages.warning(request, f"删除{label}会影响考评得分，已提交监管人员审批，批准前该{label}仍然有效。")
    else:
        messages.success(request, f"已删除{label}。")
    return redirect("unit_detail", unit_id=unit.pk)


@login_required
def categories(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = forms.CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _saved(request, form):
        category = form.instance
        messages.success(request, f"已新增单位类别“{category.name}”。")
        return redirect("categories")
    items = UnitCategory.objects.annotate(unit_count=Count("units"))
    return render(request, "registry/categories.html", {"form": form, "items": items})


@login_required
def registry_template(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    from gongkai.registry.excel import build_template

    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%8D%95%E4%BD%8D%E7%99%BB%E8%AE%B0%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@login_required
def registry_export(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    from gongkai.registry.excel import export_workbook

    response = HttpResponse(export_workbook(access.visible_units(request.user)), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E5%8D%95%E4%BD%8D%E7%99%BB%E8%AE%B0.xlsx"
    return response


@login_required
def registry_import(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    from gongkai.registry.excel import import_workbook

    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        scope = None if request.user.is_superuser else access.scope_region(request.user)
        result = import_workbook(form.cleaned_data["file"], scope=scope)
        if result.ok:
            changes.record_import(form.cleaned_data["file"].name, result.summary(), request.user, scope)
            messages.success(request, result.summary())
            return redirect("unit_list")
    return render(request, "registry/import.html", {"form": form, "result": result})


@login_required
def registry_changes(request: HttpRequest) -> HttpResponse:
    """Supervisors: unit administrators' changes waiting for approval, and the latest decided."""
    _require_manager(request)
    pending = changes.pending_for(request.user).select_related("requested_by")
    decided = changes.decided_for(request.user).select_related("requested_by", "decided_by")[:50]
    return render(request, "registry/registry_changes.html", {"pending": pending, "decided": decided})


@login_required
@require_POST
def decide_change(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    _require_manager(request)
    change = get_object_or_404(changes.pending_for(request.user), pk=pk)
    try:
        changes.decide(change, request.user, approve=decision == "approve", note=request.POST.get("note", ""))
    except changes.ChangeError as exc:
        messages.error(request, str(exc))
    else:
        verb = "已批准并生效" if decision == "approve" else "已驳回"
        messages.success(request, f"{verb}：{change.summary}")
    return redirect("registry_changes")
