"""The daily reminder round without cron: once ``settings.REMINDER_HOUR`` has passed, ``tick`` runs
services.daily_reminders for the local date, which sends at most once a day. `gongkai serve`
starts ``start`` in a daemon thread (a county on one laptop needs nothing else); a province on
Celery runs the same round from Celery beat (``gongkai.daily_reminders``, settings
CELERY_BEAT_SCHEDULE), and the once-a-day log keeps the two from both sending."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from gongkai.followup.services import ReminderResult, daily_reminders

logger = logging.getLogger(__name__)

CHECK_EVERY = 15 * 60  # seconds between looks at the clock


def tick(now: datetime) -> ReminderResult | None:
    """The day's round when it is due at ``now`` (local time) and not done yet; else None."""
    now = timezone.localtime(now)
    if now.hour < settings.REMINDER_HOUR:
        return None
    return daily_reminders(now.date())


def start(every: float = CHECK_EVERY) -> threading.Event:
    """Look at the clock now and every ``every`` seconds in a daemon thread; set the returned
    event to stop it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                result = tick(timezone.now())
                if result is not None:
                    logger.info("整改提醒：向 %d 个单位发送了提醒邮件", len(result.sent))
            except Exception:  # a mail server down today must not stop tomorrow's round
                logger.exception("整改提醒发送失败")
            finally:
                close_old_connections()
            stop.wait(every)

    threading.Thread(target=loop, name="gongkai-reminders", daemon=True).start()
    return stop
