"""Production settings: `gongkai check --deploy` with GONGKAI_HTTPS=1 passes, leaving only the two
deliberate HSTS warnings (subdomains, preload), in a fresh process so the settings are re-read."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def test_deploy_check_leaves_only_the_deliberate_warnings(tmp_path):
    env = {
        **os.environ,
        "GONGKAI_HTTPS": "1",
        "GONGKAI_DEBUG": "",
        "GONGKAI_DATA_DIR": str(tmp_path),
        "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert set(re.findall(r"\((\w+\.\w+)\)", output)) <= {"security.W005", "security.W021"}, output


def test_session_and_csrf_cookies_are_secure_under_https(tmp_path):
    env = {**os.environ, "GONGKAI_HTTPS": "1", "GONGKAI_DATA_DIR": str(tmp_path)}
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'gongkai.settings'); django.setup(); {code}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["True", "True", "True", "True"], done.stderr
