#!/usr/bin/env python
"""Benchmark: serve the demo with production settings (gunicorn, 2 sync workers) on 127.0.0.1 and load
each public page type and each form POST with wrk. Prints, per URL: requests per second, p50 and p99
latency, SQL queries once warm, HTML bytes, and throughput as a share of a plain Django view ("floor")
measured on the same server in the same run.

    python scripts/bench.py                 # uncached and with the production cache (Redis)
    python scripts/bench.py --duration 5    # shorter runs
    python scripts/bench.py --write         # also write the figures into docs/performance.md

Only loopback addresses are loaded; every run is bounded by --duration.
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = ROOT / "var" / "bench"


def env_for(cache_url, page_cache_seconds):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
        "CACHE_URL": cache_url,
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "PUBLIC_FORM_RATE_LIMIT": "1000000/m",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env):
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "db.sqlite3").unlink(missing_ok=True)
    manage(env, "migrate", "--no-input")
    manage({**env, "DEBUG": "0"}, "load_demo")
    manage(env, "collectstatic", "--no-input")


def targets(env):
    """(label, method, path, body) for each public page type, the floor, and the form POSTs."""
    script = r"""
import json
from django.test import Client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Locale
out = {"pages": [], "forms": []}
seen = set()
fi = Locale.objects.get(language_code="fi")
for page in Page.objects.live().filter(depth__gt=1, locale=fi).specific().order_by("path"):
    kind = type(page).__name__
    if kind in seen:
        continue
    seen.add(kind)
    out["pages"].append([kind, page.url])
out["pages"].append(["SearchResults", "/fi/search/?q=kunta"])
from engagement.feedback.models import FeedbackPage, FeedbackTopic
feedback_page = FeedbackPage.objects.live().filter(locale=fi).first()
topic = FeedbackTopic.objects.filter(locale=fi).first()
if feedback_page and topic:
    out["forms"].append(["FeedbackPage POST", feedback_page.url,
                         f"topic={topic.pk}&message=Penkkitesti&captcha_0=bench&captcha_1=PASSED"])
client = Client(HTTP_HOST="127.0.0.1")
for kind, url in out["pages"]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    has_form = 'method="post"' in html.lower()
    out.setdefault("measured", {})[url] = [len(queries), len(response.content), response.status_code, has_form]
print(json.dumps(out))
"""
    result = subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def start_server(env, port):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "kumppanuus.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", str(WORK / "gunicorn.log")],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ping/", timeout=1)
            return process
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start; see var/bench/gunicorn.log")


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


WRK_POST = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=%(token)s"
wrk.headers["X-CSRFToken"] = "%(token)s"
counter = 0
request = function()
  counter = counter + 1
  local body = "%(body)s" .. "&submission_token=" .. string.format("%%08x-0000-4000-8000-%%012x", math.random(0, 0x7fffffff), counter)
  return wrk.format(nil, nil, nil, body)
end
"""


def run_wrk(url, duration, lua=None):
    command = ["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if lua:
        command += ["-s", lua]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "errors": int(non2xx.group(1)) if non2xx else 0}


def bench(env, label, info, duration, port, forms):
    server = start_server(env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        for url in ["/ping/", *[url for _kind, url in info["pages"]]]:
            urllib.request.urlopen(base + url, timeout=10).read()  # warm up
        rows = []
        floor = run_wrk(base + "/ping/", duration)
        rows.append(("Plain Django view (floor)", "/ping/", floor, None, None))
        for kind, url in info["pages"]:
            queries, size, status, has_form = info["measured"][url]
            rows.append((kind + (" (form)" if has_form else ""), url, run_wrk(base + url, duration), queries, size))
        for kind, url, body in forms:
            token = secrets.token_hex(16)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
                lua.write(WRK_POST % {"token": token, "body": body.replace('"', '\\"')})
            rows.append((kind, "POST " + url, run_wrk(base + url, duration, lua.name), None, None))
            os.unlink(lua.name)
        return label, floor["rps"], rows
    finally:
        stop_server(server)


def table(label, floor, rows):
    lines = [f"### {label}", "", "| page | path | req/s | p50 ms | p99 ms | SQL (warm) | HTML bytes | % of floor |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for kind, url, result, queries, size in rows:
        lines.append(
            f"| {kind} | `{url}` | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} | "
            f"{'' if queries is None else queries} | {'' if size is None else size} | {100 * result['rps'] / floor:.1f} % |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    # "Uncached": no full-page cache and no shared cache, only the site's per-process fragment caches.
    uncached = env_for("locmemcache://bench", 0)
    prepare(uncached)
    info = targets(uncached)
    results = [bench(uncached, "Uncached: no full-page cache, per-process fragment caches only", info, args.duration,
                     args.port, info["forms"])]
    cached = env_for(os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9"), 300)
    subprocess.run(["redis-cli", "-n", "9", "flushdb"], capture_output=True)
    results.append(bench(cached, "With the production cache: full-page cache in Redis", targets(cached), args.duration,
                         args.port, []))
    machine = f"{platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    report = [f"Measured {datetime.date.today().isoformat()} on {machine}; gunicorn 2 sync workers, SQLite, "
              f"wrk -t2 -c8 -d{args.duration}s on 127.0.0.1.", ""]
    for label, floor, rows in results:
        report += [table(label, floor, rows), ""]
    text = "\n".join(report)
    print(text)
    if args.write:
        doc = ROOT / "docs" / "performance.md"
        head = doc.read_text().split("<!-- figures -->")[0] if doc.exists() else "# Performance\n\n"
        doc.write_text(head + "<!-- figures -->\n\n" + text + "\n")


if __name__ == "__main__":
    main()
