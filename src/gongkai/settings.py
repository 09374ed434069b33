"""Django settings for gongkai.

Everything a deployment changes comes from the environment:
- GONGKAI_DATA_DIR: where the SQLite database, uploads and generated files live (default ./data)
- DATABASE_URL: e.g. postgres://user@127.0.0.1:5432/gongkai; SQLite in the data directory if unset
- REDIS_URL: e.g. redis://127.0.0.1:6379/0; background work runs in-process if unset
- GONGKAI_SECRET_KEY, GONGKAI_DEBUG, GONGKAI_ALLOWED_HOSTS, GONGKAI_HTTPS
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use the configured key, or one generated once and kept in the data directory."""
    if os.environ.get("GONGKAI_SECRET_KEY"):
        return os.environ["GONGKAI_SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("GONGKAI_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
    if h.strip()
]
HTTPS = os.environ.get("GONGKAI_HTTPS", "") == "1"

INSTALLED_APPS = [
    "gongkai.accounts",  # first, so that its createsuperuser replaces Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "gongkai.registry",
    "gongkai.web",
    "gongkai.api",
    "gongkai.monitoring",
    "gongkai.review",
    "gongkai.assessment",
    "gongkai.circulars",
    "gongkai.followup",
    "gongkai.oversight",
    "gongkai.registers",
]

MIDDLEWARE = [
    "gongkai.web.security_headers.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongkai.accounts.lockout.SigninLockoutMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.accounts.context.role",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}",
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.accounts.passwords.ChineseMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.passwords.ChineseCommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# The only language: LocaleMiddleware would otherwise follow the browser's Accept-Language and
# show Django's own messages (password rules, form errors) in English to an English browser.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# whitenoise serves straight from the apps' static folders: no collectstatic step for a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (evidence, imports) live outside any web root and are served only by views
# that check permissions.
MEDIA_ROOT = DATA_DIR / "uploads"
MAX_UPLOAD_BYTES = int(os.environ.get("GONGKAI_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Evidence behind findings (issue 18): every audit of a registered site keeps the pages with a
# finding as fetched (HTML, response headers, SHA-256, screenshot) under DATA_DIR/evidence
# (gongkai.monitoring.evidence_files); `gongkai evidence prune` deletes what is older than
# EVIDENCE_KEEP_DAYS, except what still backs an open problem or a published circular.
EVIDENCE = os.environ.get("GONGKAI_EVIDENCE", "1") != "0"
EVIDENCE_KEEP_DAYS = int(os.environ.get("GONGKAI_EVIDENCE_KEEP_DAYS", "730"))
# Seconds before a home page that did not open is tried once more, before the unreachable veto
# (gongkai.audit.recapture; AuditConfig.veto_recheck_delay for registered sites).
VETO_RECHECK_DELAY = float(os.environ.get("GONGKAI_VETO_RECHECK_DELAY", "30"))
# Seconds before the first retry of a transient failure (timeout, refused connection, 5xx), doubled
# after each (AuditConfig.retry_backoff for registered sites).
RETRY_BACKOFF = float(os.environ.get("GONGKAI_RETRY_BACKOFF", "1"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions and CSRF as Django recommends; the Secure flags follow GONGKAI_HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# E-mail to unit administrators (publication of circulars): printed on the console by default.
EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 3600
    # plain-HTTP requests that reach us anyway are sent to HTTPS; `gongkai check --deploy` then
    # leaves two deliberate warnings: HSTS for subdomains (W005) and preload (W021) are decisions
    # for the owner of the whole domain, not for one application on it.
    SECURE_SSL_REDIRECT = True

REDIS_URL = os.environ.get("REDIS_URL", "")
# Background audits (gongkai.jobs): Celery on Redis when REDIS_URL is set, else threads in-process.
CELERY_BROKER_URL = REDIS_URL or None
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("GONGKAI_CELERY_QUEUE", "gongkai")
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The daily reminder round (整改提醒) at this local hour: from Celery beat (`celery -A gongkai.celery
# beat`) on a deployment with Redis, and from a thread of `gongkai serve` (gongkai.followup.clock);
# it runs once a day whichever clock comes first.
REMINDER_HOUR = 8
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "gongkai.daily_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=0),
        "options": {"queue": CELERY_TASK_DEFAULT_QUEUE},
    },
}

# One sign-in lockout for web login, admin login and API-token creation (gongkai.accounts.lockout):
# SIGNIN_MAX_FAILURES per account, SIGNIN_MAX_ADDRESS_FAILURES per address, SIGNIN_WINDOW_SECONDS.
AUTHENTICATION_BACKENDS = ["gongkai.accounts.lockout.LockoutModelBackend"]
# Sign-in rate limiting counts failures in the cache: the database cache, so that every web
# process shares the counts (`gongkai createcachetable` is run by migrate's post-migrate hook).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gongkai_cache",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Information submissions (信息报送): an item submitted more than this many calendar days after the
# event or publication date it gives is flagged late (gongkai.tallies.submissions.LATE_AFTER_DAYS).
SUBMISSION_LATE_DAYS = int(os.environ.get("GONGKAI_SUBMISSION_LATE_DAYS", "3"))
# Messages (网民留言): working days a 留言, 投诉 or 建议 may take where no region sets its own limit
# (registers.MessageLimit); 找错 3 and 咨询 5 are fixed (gongkai.tallies.messages).
MESSAGE_LIMIT_DAYS = int(os.environ.get("GONGKAI_MESSAGE_LIMIT_DAYS", "15"))
