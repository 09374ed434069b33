"""Every edit of the registry, recorded field by field (who, when, old → new) as a RegistryChange
and as an audit-log event; edits by a unit administrator that change scores wait for a
supervisor's approval, the old value in force until then.

A unit administrator could otherwise switch off its own site, or delete it, and the next
recomputation would score the unit as if the site's findings had never been made. Scoring reads
the registry as it is, so the only safe place to stop that is the edit itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai.accounts import access
from gongkai.oversight.events import record as record_event
from gongkai.oversight.models import Event
from gongkai.registry.models import (
    Column,
    NewMediaAccount,
    Person,
    Region,
    RegistryChange,
    Site,
    Unit,
    UnitCategory,
)

# model -> (key, Chinese name)
KINDS: dict[type[models.Model], tuple[str, str]] = {
    Unit: ("unit", "单位"),
    Site: ("site", "网站"),
    Column: ("column", "栏目"),
    Person: ("person", "责任人"),
    NewMediaAccount: ("account", "政务新媒体账号"),
    Region: ("region", "地区"),
    UnitCategory: ("category", "单位类别"),
}
MODELS = {key: model for model, (key, _) in KINDS.items()}
# fields whose change changes a unit's score: what is audited (site on/off, addresses) and how it
# is scored (category, column type and update window)
SCORING_FIELDS: dict[str, set[str]] = {
    "unit": {"category", "active"},
    "site": {"active", "url"},
    "column": {"column_type", "window_days", "url"},
}
# records whose creation or deletion changes scores (a deleted site is no longer audited)
SCORING_RECORDS = {"unit", "site", "column"}
WHOLE_RECORD = ""
CREATED, DELETED = "（新增）", "（已删除）"


class ChangeError(Exception):
    """A pending change that cannot be applied; the message is Chinese."""


def _fields(obj: models.Model) -> list[models.Field]:
    return [f for f in obj._meta.concrete_fields if f.editable and not f.primary_key]


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field name -> stored value (a foreign key as its id)."""
    return {f.name: getattr(obj, f.attname) for f in _fields(obj)}


def display(obj: models.Model, name: str, value: Any) -> str:
    """A value as people read it: 是/否, the related record's name, the choice's label."""
    field = obj._meta.get_field(name)
    if value is None or value == "":
        return ""
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def unit_of(obj: models.Model) -> Unit | None:
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Column):
        return obj.site.unit
    return getattr(obj, "unit", None)


def label_of(obj: models.Model) -> str:
    kind = KINDS[type(obj)][1]
    name = getattr(obj, "name", "") or str(obj)
    unit = unit_of(obj)
    owner = f"（{unit.name}）" if unit is not None and not isinstance(obj, Unit) else ""
    return f"{kind}“{name}”{owner}"


def needs_approval(user: AbstractBaseUser, key: str, field: str) -> bool:
    """A unit administrator's change of a scoring field (or deletion of a scoring record,
    ``field`` = "") waits for a supervisor; supervisors' own edits apply at once. New records
    apply at once: a new site or column only adds what is audited."""
    if access.can_manage_registry(user):
        return False
    if field == WHOLE_RECORD:
        return key in SCORING_RECORDS
    return field in SCORING_FIELDS.get(key, set())


def _is_scoring(key: str, field: str) -> bool:
    return key in SCORING_RECORDS if field == WHOLE_RECORD else field in SCORING_FIELDS.get(key, set())


def _event(changes: list[RegistryChange], user: AbstractBaseUser | None, verb: str, how: str = "") -> None:
    if not changes:
        return
    first = changes[0]
    unit = first.unit
    text = "；".join(c.summary for c in changes)
    record_event(
        Event.Kind.REGISTRY,
        f"{verb}（{how or first.via}）：{text}",
        user=user,
        region=unit.region if unit is not None else getattr(first, "_region", None),
    )


def _change(obj: models.Model, user, via: str, **values: Any) -> RegistryChange:
    key = KINDS[type(obj)][0]
    unit = unit_of(obj)
    change = RegistryChange(
        unit=unit,
        unit_name=unit.name if unit is not None else "",
        model=key,
        object_id=obj.pk,
        object_label=label_of(obj),
        scoring=_is_scoring(key, values.get("field", WHOLE_RECORD)),
        requested_by=user if user is not None and user.is_authenticated else None,
        via=via,
        **values,
    )
    if isinstance(obj, Region):
        change._region = obj
    return change


def save_tracked(obj: models.Model, user: AbstractBaseUser, *, via: str = "网页") -> list[RegistryChange]:
    """Save ``obj`` (changed in memory, e.g. by ``form.save(commit=False)``) and record each field
    that changed. Scoring fields a unit administrator changed keep their stored value and become
    pending changes, which are returned (the caller tells the user)."""
    key = KINDS[type(obj)][0]
    now = timezone.now()
    created = obj.pk is None
    stored = None if created else type(obj)._default_manager.filter(pk=obj.pk).first()
    before = snapshot(stored) if stored is not None else {}
    after = snapshot(obj)
    pending_fields = [
        name
        for name, value in after.items()
        if not created and before.get(name) != value and needs_approval(user, key, name)
    ]
    # the old value holds until a supervisor approves
    new_values = {name: after[name] for name in pending_fields}
    for name in pending_fields:
        setattr(obj, obj._meta.get_field(name).attname, before[name])
    obj.save()
    rows: list[RegistryChange] = []
    if created:
        rows.append(
            _change(obj, user, via, field=WHOLE_RECORD, field_label="", old="", new=CREATED, effective_at=now)
        )
    else:
        for f in _fields(obj):
            if before.get(f.name) == after[f.name]:
                continue
            pending = f.name in new_values
            rows.append(
                _change(
                    obj,
                    user,
                    via,
                    field=f.name,
                    field_label=str(f.verbose_name),
                    old=display(obj, f.name, before.get(f.name)),
                    new=display(obj, f.name, after[f.name]),
                    new_value=after[f.name] if pending else None,
                    status=RegistryChange.Status.PENDING if pending else RegistryChange.Status.APPLIED,
                    effective_at=None if pending else now,
                )
            )
    for row in rows:
        row.save()
    applied = [r for r in rows if r.status == RegistryChange.Status.APPLIED]
    pending = [r for r in rows if r.status == RegistryChange.Status.PENDING]
    _event(applied, user, "修改登记信息" if not created else "新增登记信息")
    _event(pending, user, "提交待审批的登记信息修改")
    return pending


def delete_tracked(obj: models.Model, user: AbstractBaseUser, *, via: str = "网页") -> RegistryChange:
    """Delete ``obj`` and record it; a unit administrator's deletion of a site or column is
    recorded as pending instead and the record stays until a supervisor approves."""
    key, _kind = KINDS[type(obj)]
    pending = needs_approval(user, key, WHOLE_RECORD)
    change = _change(
        obj,
        user,
        via,
        field=WHOLE_RECORD,
        field_label="",
        old="",
        new=DELETED,
        status=RegistryChange.Status.PENDING if pending else RegistryChange.Status.APPLIED,
        effective_at=None if pending else timezone.now(),
    )
    with transaction.atomic():
        change.save()
        if not pending:
            obj.delete()
            # the record is gone (a deleted unit's changes lose their unit, SET_NULL); the labels
            # keep what it was
            RegistryChange.objects.filter(pk=change.pk).update(object_id=None)
            change.object_id = None
    _event([change], user, "提交待审批的删除" if pending else "删除登记信息")
    return change


def record_import(filename: str, summary: str, user: AbstractBaseUser, region: Region | None) -> None:
    """An Excel import, in the audit log as one event (its rows are too many to list)."""
    record_event(Event.Kind.REGISTRY, f"Excel导入《{filename}》：{summary}", user=user, region=region)


def pending_for(user: AbstractBaseUser) -> models.QuerySet[RegistryChange]:
    """Pending changes a supervisor may decide: those of the units they can see."""
    rows = RegistryChange.objects.filter(status=RegistryChange.Status.PENDING)
    if not access.can_manage_registry(user):
        return rows.none()
    if user.is_superuser:
        return rows
    return rows.filter(unit__in=access.visible_units(user))


def decided_for(user: AbstractBaseUser) -> models.QuerySet[RegistryChange]:
    """Approved and rejected changes of the units a supervisor can see, latest first."""
    rows = RegistryChange.objects.filter(
        status__in=(RegistryChange.Status.APPROVED, RegistryChange.Status.REJECTED)
    ).order_by("-decided_at", "-id")
    if user.is_superuser:
        return rows
    return (
        rows.filter(unit__in=access.visible_units(user)) if access.can_manage_registry(user) else rows.none()
    )


def decide(change: RegistryChange, user: AbstractBaseUser, *, approve: bool, note: str = "") -> None:
    """Approve (apply the new value, or delete the record) or reject a pending change."""
    if not pending_for(user).filter(pk=change.pk).exists():
        raise PermissionDenied("只有本地区的监管人员可以审批该修改，或该修改已处理。")
    now = timezone.now()
    with transaction.atomic():
        locked = RegistryChange.objects.select_for_update().get(pk=change.pk)
        if locked.status != RegistryChange.Status.PENDING:
            raise ChangeError("该修改已由他人处理。")
        if approve:
            _apply(locked)
        locked.status = RegistryChange.Status.APPROVED if approve else RegistryChange.Status.REJECTED
        locked.decided_by, locked.decided_at, locked.decision_note = user, now, note.strip()[:200]
        locked.effective_at = now if approve else None
        locked.save()
    verb = "批准登记信息修改" if approve else "驳回登记信息修改"
    requester = locked.requested_by.username if locked.requested_by else "未知用户"
    _event([locked], user, verb, f"{requester}于{timezone.localtime(locked.requested_at):%Y-%m-%d %H:%M}提交")
    change.refresh_from_db()


def _apply(change: RegistryChange) -> None:
    model = MODELS[change.model]
    obj = model._default_manager.filter(pk=change.object_id).first()
    if obj is None:
        raise ChangeError(f"{change.object_label}已不存在，该修改无法生效。")
    if change.field == WHOLE_RECORD:
        obj.delete()
        change.object_id = None
        return
    field = obj._meta.get_field(change.field)
    if display(obj, change.field, getattr(obj, field.attname)) != change.old:
        raise ChangeError(f"{change.object_label}的{change.field_label}已被修改过，请驳回后重新提交。")
    setattr(obj, field.attname, change.new_value)
    try:
        with transaction.atomic():
            obj.full_clean(validate_unique=True)
            obj.save(update_fields=[change.field])
    except IntegrityError:
        raise ChangeError(
            f"{change.object_label}的{change.field_label}与已登记的记录重复，无法生效。"
        ) from None
    except Exception as exc:  # ValidationError: the value is no longer valid (e.g. a deleted category)
        messages = getattr(exc, "messages", [str(exc)])
        raise ChangeError(f"{change.object_label}的修改无法生效：{'；'.join(messages)}") from None


def scoring_changes_since(unit_id: int, since: datetime | None) -> list[RegistryChange]:
    """Scoring changes of the unit that took effect after ``since`` (the previous computation),
    oldest first; nothing for a first computation (``since`` None)."""
    if since is None:
        return []
    return list(
        RegistryChange.objects.filter(
            unit_id=unit_id,
            scoring=True,
            status__in=(RegistryChange.Status.APPLIED, RegistryChange.Status.APPROVED),
            effective_at__gt=since,
        ).order_by("effective_at", "id")
    )


def trace_entry(change: RegistryChange) -> dict[str, str]:
    """What the score trace keeps of a registry change."""
    who = change.requested_by.username if change.requested_by else ""
    approver = change.decided_by.username if change.decided_by else ""
    return {
        "at": timezone.localtime(change.effective_at).strftime("%Y-%m-%d %H:%M"),
        "change": change.summary,
        "by": who,
        "approved_by": approver,
    }
