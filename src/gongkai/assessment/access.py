"""Access rules on assessment periods, scores, circulars and the review of a period's findings
(the table is in gongkai.accounts.access). Extends gongkai.accounts.access: every rule there is
importable from here too."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts.access import *  # noqa: F403 - this module extends the registry's rules
from gongkai.accounts.access import AnyUser, Role, Unit, can_view_unit, profile_of, role_of, visible_regions
from gongkai.assessment.models import Period


# assessment periods and scores ---------------------------------------------------------------
def visible_periods(user: AnyUser) -> QuerySet[Period]:
    """Supervisors, assessors and leaders: periods of their regions; unit administrators: the
    published periods their unit takes part in."""
    role = role_of(user)
    if role is None:
        return Period.objects.none()
    if role == Role.UNIT_ADMIN:
        return Period.objects.filter(status=Period.Status.PUBLISHED, units=profile_of(user).unit_id)
    return Period.objects.filter(region__in=visible_regions(user))


def _period_in_region(user: AnyUser, period: Period) -> bool:
    return visible_regions(user).filter(pk=period.region_id).exists()


def can_view_period_ranking(user: AnyUser, period: Period) -> bool:
    """The ranking of all units and the audit log of a period."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR, Role.LEADER) and _period_in_region(user, period)


def can_manage_periods(user: AnyUser) -> bool:
    return role_of(user) == Role.SUPERVISOR


def can_manage_period(user: AnyUser, period: Period) -> bool:
    """Edit a period, recompute its scores."""
    return can_manage_periods(user) and _period_in_region(user, period)


def can_enter_scores(user: AnyUser, period: Period) -> bool:
    """Manual scores with evidence, metric imports."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR) and _period_in_region(user, period)


def can_view_unit_score(user: AnyUser, period: Period, unit: Unit) -> bool:
    """A unit's score page and its evidence files."""
    if not period.memberships.filter(unit=unit).exists():
        return False
    if role_of(user) == Role.UNIT_ADMIN:
        return period.status == Period.Status.PUBLISHED and profile_of(user).unit_id == unit.pk
    return can_view_period_ranking(user, period) and can_view_unit(user, unit)


# circulars (通报) ------------------------------------------------------------------------------
def can_publish_period(user: AnyUser, period: Period) -> bool:
    """Publish a period: freezes its scores and issues the circular."""
    return can_manage_period(user, period)


def can_download_circular_file(user: AnyUser, period: Period, kind: str, unit_id: int | None = None) -> bool:
    """A file of a period's circular (``kind`` as in circulars.files: circular, pdf, tables, table,
    problems, chart, notice; ``unit_id`` for a notice: the id, never the name, since two units of
    one period may share a name). Unit administrators: only the circular and their own unit's
    notice, of published periods their unit takes part in."""
    if role_of(user) == Role.UNIT_ADMIN:
        unit = profile_of(user).unit
        if unit is None or period.status != Period.Status.PUBLISHED:
            return False
        if not period.memberships.filter(unit=unit).exists():
            return False
        return kind in ("circular", "pdf") or (
            kind == "notice" and unit_id is not None and unit_id == unit.pk
        )
    return can_view_period_ranking(user, period)


# finding review and follow-up (整改) ----------------------------------------------------------
def can_review_findings(user: AnyUser, period: Period) -> bool:
    """Confirm or dismiss a period's findings, issue problems from them."""
    return role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR) and _period_in_region(user, period)


def can_view_followup(user: AnyUser, period: Period) -> bool:
    """A period's review page (read) and follow-up overview: counts per status and unit."""
    return can_view_period_ranking(user, period)


# 佐证材料 units upload themselves (issue 16.6) ------------------------------------------------
def evidence_periods(user: AnyUser) -> QuerySet[Period]:
    """Unit administrators: the periods collecting evidence (a deadline set, not published) that
    their unit takes part in."""
    if role_of(user) != Role.UNIT_ADMIN or profile_of(user).unit_id is None:
        return Period.objects.none()
    return Period.objects.filter(evidence_deadline__isnull=False, units=profile_of(user).unit_id).exclude(
        status=Period.Status.PUBLISHED
    )


def can_upload_unit_evidence(user: AnyUser, period: Period, unit: Unit) -> bool:
    """Upload evidence for a unit: only its own administrators, while the period collects it
    (late uploads are taken, marked 逾期)."""
    return (
        role_of(user) == Role.UNIT_ADMIN
        and profile_of(user).unit_id == unit.pk
        and evidence_periods(user).filter(pk=period.pk).exists()
    )


def can_view_unit_evidence(user: AnyUser, period: Period, unit: Unit) -> bool:
    """A unit's uploaded evidence files: its administrators (periods their unit takes part in),
    and those who see the period's ranking and the unit (leaders read only)."""
    if not period.memberships.filter(unit=unit).exists():
        return False
    if role_of(user) == Role.UNIT_ADMIN:
        return profile_of(user).unit_id == unit.pk
    return can_view_period_ranking(user, period) and can_view_unit(user, unit)


def can_view_evidence_overview(user: AnyUser, period: Period) -> bool:
    """Per item, which units uploaded evidence, on time or late."""
    return can_view_period_ranking(user, period)


def can_accept_late_evidence(user: AnyUser, period: Period) -> bool:
    """Accept a late file so that it counts: the period's supervisors."""
    return can_manage_period(user, period)


# year and region roll-ups ----------------------------------------------------------------------
def can_view_rollup(user: AnyUser, region) -> bool:
    """The year roll-up of a region (read only): supervisors, assessors and leaders of the region
    or a region above it; never unit administrators (it ranks every unit)."""
    return (
        role_of(user) in (Role.SUPERVISOR, Role.ASSESSOR, Role.LEADER)
        and visible_regions(user).filter(pk=region.pk).exists()
    )


def rollup_regions(user: AnyUser):
    """Regions whose roll-up the user may open."""
    if role_of(user) not in (Role.SUPERVISOR, Role.ASSESSOR, Role.LEADER):
        return visible_regions(user).none()
    return visible_regions(user)
