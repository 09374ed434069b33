"""Who may do what: every signed-in user has one profile with a role and a scope."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", "监管人员"
    ASSESSOR = "assessor", "考评人员"
    UNIT_ADMIN = "unit_admin", "单位管理员"
    LEADER = "leader", "领导"


class Profile(models.Model):
    """A user's role. Supervisors, assessors and leaders work on a region (and all regions below
    it); a unit administrator works on one unit only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name="负责地区", null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name="所属单位", null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = "账号角色"
        verbose_name_plural = "账号角色"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"

    def clean(self) -> None:
        if self.role == Role.UNIT_ADMIN and self.unit_id is None:
            raise ValidationError({"unit": "单位管理员必须指定所属单位。"})
        if self.role != Role.UNIT_ADMIN and self.region_id is None:
            raise ValidationError({"region": "监管人员、考评人员和领导必须指定负责地区。"})
