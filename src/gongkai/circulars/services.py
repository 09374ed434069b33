"""Publishing a period: recompute once, freeze the scores, write the circular's files, record
them, log who published, and e-mail every unit administrator their unit's result.

The files are written into a temporary folder first and moved into place inside the database
transaction that freezes the period, so a failure leaves neither a half-published period nor a
folder of files for an unpublished one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Profile, Role
from gongkai.assessment import access
from gongkai.assessment import services as assessment
from gongkai.assessment.models import Period, Score, ScoreChange
from gongkai.circulars.build import circular_for, period_unit_labels
from gongkai.circulars.files import write_circular
from gongkai.circulars.models import PublishedCircular
from gongkai.followup.services import issue_problems
from gongkai.scoring.numbers import fmt

PUBLISH_REASON = "发布通报"


class PublishError(assessment.AssessmentError):
    """A period that cannot be published; the message is Chinese."""


def circulars_root() -> Path:
    return Path(settings.DATA_DIR) / "circulars"


def period_directory(period: Period) -> Path:
    return circulars_root() / str(period.pk)


def publish(period: Period, *, user: AbstractBaseUser, pdf: bool = True) -> PublishedCircular:
    """Publish ``period`` as ``user``; raises PermissionDenied or PublishError (Chinese). ``pdf=False``
    skips the (slow) LibreOffice conversion and records why the PDF is missing."""
    if not access.can_publish_period(user, period):
        raise PermissionDenied("只有本地区的监管人员可以发布通报。")
    if period.frozen or PublishedCircular.objects.filter(period=period).exists():
        raise PublishError(f"考评期“{period.name}”已发布，不能重复发布。")
    if not period.memberships.exists():
        raise PublishError(f"考评期“{period.name}”没有考评对象，不能发布。")
    assessment.recompute(period, user=user, reason="发布前重新计算")
    unscored = list(period.scores.filter(total__isnull=True).values_list("unit__name", flat=True))
    if unscored:
        raise PublishError(f"以下单位尚无法计算得分，不能发布：{'、'.join(unscored)}")
    now = timezone.now()
    circular = circular_for(period, draft=False, on=timezone.localdate(now))
    root = circulars_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".publish-{period.pk}-", dir=root))
    target = period_directory(period)
    try:
        unit_ids = {label: unit_id for unit_id, label in period_unit_labels(period).items()}
        written = write_circular(circular, staging, pdf=pdf, unit_ids=unit_ids)
        with transaction.atomic():
            locked = Period.objects.select_for_update().get(pk=period.pk)
            if locked.frozen:
                raise PublishError(f"考评期“{period.name}”已由他人发布，不能重复发布。")
            old_status = locked.status
            # every finding that counts in the scores goes to its unit with the circular's deadline
            issue_problems(period, deadline=circular.rectification_deadline, user=user)
            Period.objects.filter(pk=period.pk).update(status=Period.Status.PUBLISHED)
            record = PublishedCircular.objects.create(
                period=period,
                published_at=now,
                published_by=user,
                title=circular.title,
                directory=str(target),
                files=written.files,
                note="\n".join(written.notes),
            )
            ScoreChange.objects.bulk_create(
                ScoreChange(
                    period=period,
                    unit_id=unit_id,
                    what="状态",
                    label="发布通报",
                    old=old_status,
                    new=Period.Status.PUBLISHED,
                    reason=f"{PUBLISH_REASON}《{circular.title}》",
                    user=user,
                )
                for unit_id in period.memberships.values_list("unit_id", flat=True)
            )
            if target.exists():  # left over by an earlier attempt whose transaction failed
                shutil.rmtree(target)
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    period.refresh_from_db()
    record.emails_sent = notify_unit_admins(period, record)
    record.save(update_fields=["emails_sent"])
    return record


def notify_unit_admins(period: Period, record: PublishedCircular) -> int:
    """One e-mail per unit administrator (with an address) of the period's units: score, rank and
    number of problems. Returns the number sent."""
    scores = {s.unit_id: s for s in Score.objects.filter(period=period)}
    labels = period_unit_labels(period)
    admins = Profile.objects.filter(role=Role.UNIT_ADMIN, unit_id__in=list(scores)).select_related("user")
    messages = []
    for profile in admins:
        if not profile.user.email:
            continue
        score = scores[profile.unit_id]
        unit = labels[profile.unit_id]
        problems = len(score.finding_ids)
        body = (
            f"{unit}：\n\n"
            f"《{record.title}》已发布。\n"
            f"本单位{period.name}得分：{fmt(score.total)}分，在“{score.category}”类中排名第{score.rank}名；"
            f"检查发现问题{problems}个。\n"
        )
        if problems:
            body += "请登录平台查看问题清单并下载整改通知，按期整改。\n"
        body += "\n（本邮件由 gongkai 政府网站与政务公开监管平台自动发送，请勿直接回复。）\n"
        messages.append(
            EmailMessage(
                subject=f"【通报】{period.name}考评结果已发布：{unit}得分{fmt(score.total)}分",
                body=body,
                to=[profile.user.email],
            )
        )
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
