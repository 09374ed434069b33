"""Access rules on rectification problems (the table is in gongkai.accounts.access). Extends
gongkai.assessment.access: every rule there and in gongkai.accounts.access is importable from
here too."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.assessment.access import *  # noqa: F403 - this module extends the lower rules
from gongkai.assessment.access import AnyUser, Role, profile_of, role_of, visible_regions
from gongkai.followup.models import Problem


def visible_problems(user: AnyUser) -> QuerySet[Problem]:
    """Unit administrators: their unit's problems; others: the problems of periods in scope."""
    role = role_of(user)
    if role is None:
        return Problem.objects.none()
    if role == Role.UNIT_ADMIN:
        return Problem.objects.filter(unit_id=profile_of(user).unit_id)
    return Problem.objects.filter(period__region__in=visible_regions(user))


def can_view_problem(user: AnyUser, problem: Problem) -> bool:
    """A problem, its history and its evidence files."""
    return visible_problems(user).filter(pk=problem.pk).exists()


def can_answer_problem(user: AnyUser, problem: Problem) -> bool:
    """Report a problem fixed: only the administrators of the problem's unit."""
    return role_of(user) == Role.UNIT_ADMIN and profile_of(user).unit_id == problem.unit_id
