"""Production settings as a server reads them (a new process each): HTTPS redirects except for the load
balancers' /health/ and /ping/, HSTS without includeSubDomains and preload unless asked for, no demo."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
print(json.dumps({
    "ping": client.get("/ping/").status_code,
    "page": [client.get("/fi/").status_code, client.get("/fi/").headers.get("Location")],
    "hsts": client.get("/ping/", secure=True).headers.get("Strict-Transport-Security"),
    "demo": settings.DEMO_CONTENT_ALLOWED,
}))
"""


def production(**extra):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        **extra,
    }
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults():
    found = production()
    assert found["ping"] == 200  # exempt from the HTTPS redirect, like /health/
    assert found["page"] == [301, "https://testserver/fi/"]
    assert found["hsts"] == "max-age=31536000"
    assert found["demo"] is False


def test_hsts_subdomains_and_preload_only_when_asked_for():
    found = production(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
    assert found["hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_python_m_kumppanuus_runs_commands_with_production_settings():
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "kunta.example"}
    result = subprocess.run(
        [sys.executable, "-m", "kumppanuus", "shell", "--no-imports", "-c",
         "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG, settings.TASKS['default']['BACKEND'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["kumppanuus.settings.production", "False", "django_tasks_db.DatabaseBackend"]
