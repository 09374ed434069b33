"""Celery tasks of the follow-up: the daily reminder round, scheduled by Celery beat
(settings.CELERY_BEAT_SCHEDULE) on a deployment with Redis."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from gongkai.followup.services import daily_reminders


@shared_task(name="gongkai.daily_reminders", ignore_result=True)
def send_daily_reminders() -> None:
    daily_reminders(timezone.localdate())
