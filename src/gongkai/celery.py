"""The Celery application: ``celery -A gongkai.celery worker --pool solo -c 1``.

Configured from Django's settings (the CELERY_* names in gongkai/settings.py); the broker is
``REDIS_URL``. Tasks are found in the ``tasks`` modules of the installed apps and in gongkai/after_audit.py.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# the audit job's task lives above the apps, where autodiscovery does not look
app.conf.imports = ("gongkai.after_audit",)


@worker_ready.connect
def _recover_interrupted_jobs(**kwargs: object) -> None:
    """A worker that starts marks the jobs of dead workers 已中断 (gongkai/after_audit.py)."""
    from gongkai.after_audit import recover_interrupted_jobs

    recover_interrupted_jobs()
