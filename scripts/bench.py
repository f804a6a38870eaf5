#!/usr/bin/env python
"""Benchmark: serve the demo with production settings (gunicorn, 2 sync workers) on 127.0.0.1 and load
each public page type and each form POST with wrk. Prints, per URL: requests per second, p50 and p99
latency, SQL queries once warm, HTML bytes, and throughput as a share of a plain Django view ("floor")
measured on the same server right before each URL (the machine is shared).

    python scripts/bench.py                 # uncached and with the production cache (Redis)
    python scripts/bench.py --duration 5    # shorter runs
    python scripts/bench.py --write         # also write the figures into docs/performance.md

Only loopback addresses are loaded; every run is bounded by --duration. The production cache is a
redis-server of the run's own on a free port (scripts/benchkit.py), never the machine's shared Redis.
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
from typing import NamedTuple

from benchkit import PrivateRedis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = ROOT / "var" / "bench"


def env_for(cache_url, page_cache_seconds, database_url=None, work=WORK):
    """Production settings on loopback (kumppanuus.settings.bench) on the demo's SQLite database in `work`,
    or on `database_url`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url or f"sqlite:///{work / 'db.sqlite3'}",
        "CACHE_URL": cache_url,
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "PUBLIC_FORM_RATE_LIMIT": "1000000/m",
        # Many clients behind one loopback address: the per-client and per-address limits lifted too.
        "SIGNUP_CLIENT_RATE_LIMIT": "1000000/m",
        "SIGNUP_MAX_PER_EMAIL": "1000000",
        "RECEIPT_RATE_LIMIT": "1000000/m",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env, work=WORK):
    """A fresh demo in SQLite under `work`, and the static files."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "db.sqlite3").unlink(missing_ok=True)
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
fi = Locale.objects.get(language_code="fi")
# The first page of each type in tree order, without loading every page (a city has tens of thousands).
first = {}
for pk, content_type in Page.objects.live().filter(depth__gt=1, locale=fi).order_by("path").values_list("pk", "content_type"):
    first.setdefault(content_type, pk)
for page in Page.objects.filter(pk__in=first.values()).specific().order_by("path"):
    out["pages"].append([type(page).__name__, page.url])
out["pages"].append(["SearchResults", "/fi/search/?q=kunta"])
from django.urls import reverse
from engagement.events.pages import EventIndexPage, EventPage
from engagement.proposals.models import Proposal
from engagement.proposals.pages import ProposalIndexPage
proposals = ProposalIndexPage.objects.live().filter(locale=fi).first()
proposal = Proposal.objects.published().filter(language="fi").order_by("pk").first()
if proposals and proposal:
    out["pages"].append(["Proposal", proposals.proposal_url(proposal)])
client = Client(HTTP_HOST="127.0.0.1")
event = next((page for page in EventPage.objects.live().filter(locale=fi, signup_enabled=True).order_by("path")
              if 'name="email"' in client.get(page.signup_url).content.decode()), None)
if event:
    out["pages"].append(["Sign-up form", event.signup_url])

# Each public form, filled in from its own HTML: every field gets a plausible value, the captcha the
# test-mode answer; kept only if the server accepts it (no error summary), so the POST figures are real work.
from html.parser import HTMLParser
from urllib.parse import urlencode

class FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.select, self.inside = {}, None, False
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind in ("checkbox", "radio"):
            if "required" in attrs or name not in self.fields:
                self.fields.setdefault(name, attrs.get("value", "on"))
        elif tag == "input" and kind == "hidden":
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and kind not in ("submit", "button", "file"):
            hour = 18 + 2 * sum(1 for key in self.fields if key.endswith(("start", "end")))  # an end after its start
            value = attrs.get("value") or {"email": "penkki@example.com", "url": "https://example.com/",
                                           "date": "2030-01-01", "datetime-local": f"2030-01-01T{hour}:00",
                                           "number": "1", "tel": "0401234567"}.get(kind, "Penkkitesti")
            self.fields[name] = value
        elif tag == "textarea":
            self.fields[name] = "Penkkitesti: lomakkeen kuormitus."
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and attrs.get("value") and self.select not in self.fields:
            self.fields[self.select] = attrs["value"]
    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form":
            self.inside = False

def form_body(url):
    # The form's fields filled in, urlencoded; None when the page has no form to post.
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    fields = {k: v for k, v in parser.fields.items() if k not in ("csrfmiddlewaretoken", "submission_token", "website")}
    if not fields:
        return None
    fields.update({"captcha_0": "bench", "captcha_1": "PASSED", "website": ""})
    return urlencode(fields)

from engagement.feedback.pages import FeedbackPage
candidates = [["Feedback POST", page.url] for page in FeedbackPage.objects.live().filter(locale=fi)[:1]]
if event:
    candidates.append(["Sign-up POST", event.signup_url])
if proposals and proposal:
    candidates.append(["Proposal POST", proposals.url + proposals.reverse_subpage("new")])
    open_proposal = next((item for item in Proposal.objects.published().filter(language="fi").order_by("pk")
                          if item.takes_supports), None)
    if open_proposal:
        candidates.append(["Support POST", proposals.proposal_url(open_proposal, "support")])
from engagement.directory.pages import AssociationFormPage
candidates += [["Association form POST", page.url] for page in AssociationFormPage.objects.live().filter(locale=fi)[:1]]
event_index = EventIndexPage.objects.live().filter(locale=fi).first()
if event_index:
    candidates.append(["Event submission POST", event_index.submit_url])
from uuid import uuid4
for kind, url in candidates:
    body = form_body(url)
    if body is None:
        out.setdefault("skipped", []).append([kind, url, "no form found"])
        continue
    response = client.post(url, body + f"&submission_token={uuid4()}", content_type="application/x-www-form-urlencoded")
    if response.status_code in (200, 301, 302, 303) and 'class="error-summary"' not in response.content.decode():
        out["forms"].append([kind, url, body])
    else:
        out.setdefault("skipped", []).append([kind, url, f"{response.status_code} with errors"])
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


def start_server(env, port, log=WORK / "gunicorn.log"):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "kumppanuus.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", str(log), "--no-control-socket"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ping/", timeout=1)
            return process
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start; see {log}")


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


WRK_POST = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=%(token)s"
wrk.headers["X-CSRFToken"] = "%(token)s"
-- A new token for every POST: this run's prefix, the thread's number and a counter (each thread has a Lua
-- state of its own, and math.random is seeded alike in each, so random tokens would repeat across threads
-- and runs, and a repeated token returns the form kind that first used it).
thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end
-- A new email address for every POST too (penkki@ -> penkki-<run>-<thread>-<n>@): the same address again
-- would measure the "already signed up" or "already supported" answer, not a new sign-up or support.
counter = 0
request = function()
  counter = counter + 1
  local address = string.format("penkki-%(run)s-%%x-%%x", thread_id, counter)
  local body = ("%(body)s"):gsub("penkki", address)
  body = body .. "&submission_token=" .. string.format("%(run)s-%%04x-4000-8000-%%012x", thread_id, counter)
  return wrk.format(nil, nil, nil, body)
end
"""


def run_wrk(url, duration, lua=None, threads=2, connections=8):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if lua:
        command += ["-s", lua]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "errors": int(non2xx.group(1)) if non2xx else 0,
            "output": output}


class Row(NamedTuple):
    kind: str
    path: str
    result: dict  # run_wrk's figures
    queries: int | None
    size: int | None
    floor: float  # the floor's req/s measured right before this URL

    @property
    def share(self):
        return 100 * self.result["rps"] / self.floor if self.floor else 0.0  # a floor of 0: the machine stalled


def bench(env, label, info, duration, port, forms):
    server = start_server(env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        for url in ["/ping/", *[url for _kind, url in info["pages"]]]:
            urllib.request.urlopen(base + url, timeout=10).read()  # warm up
        rows = []

        def measure(kind, url, lua=None, queries=None, size=None):
            # The floor is measured again right before each URL: the machine is shared, and a share of
            # a floor measured minutes earlier would mostly measure the neighbours.
            floor = run_wrk(base + "/ping/", max(1, duration // 2))
            result = run_wrk(base + url, duration, lua)
            rows.append(Row(kind, ("POST " if lua else "") + url, result, queries, size, floor["rps"]))

        first_floor = run_wrk(base + "/ping/", duration)
        rows.append(Row("Plain Django view (floor)", "/ping/", first_floor, None, None, first_floor["rps"]))
        for kind, url in info["pages"]:
            queries, size, status, has_form = info["measured"][url]
            measure(kind + (" (form)" if has_form else ""), url, queries=queries, size=size)
        for kind, url, body in forms:
            token = secrets.token_hex(16)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
                lua.write(WRK_POST % {"token": token, "body": body.replace('"', '\\"'), "run": secrets.token_hex(4)})
            measure(kind, url, lua=lua.name)
            os.unlink(lua.name)
        return label, rows
    finally:
        stop_server(server)


def table(label, rows):
    lines = [f"### {label}", "",
             "| page | path | req/s | p50 ms | p99 ms | SQL (warm) | HTML bytes | floor req/s | % of floor | errors |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        lines.append(
            f"| {row.kind} | `{row.path}` | {row.result['rps']:.0f} | {row.result['p50']:.1f} | {row.result['p99']:.1f} | "
            f"{'' if row.queries is None else row.queries} | {'' if row.size is None else row.size} | {row.floor:.0f} | "
            f"{row.share:.1f} % | {row.result['errors']} |"
        )
    return "\n".join(lines)


def verdict(results):
    """The issue's targets, checked against this run's figures."""
    (_label, uncached), (_label2, cached) = results
    pages = [row for row in uncached[1:] if not row.path.startswith("POST ")]
    most_queries = max(row.queries for row in pages)
    lowest = min(pages, key=lambda row: row.share)
    without_forms = [row for row in cached[1:] if not row.kind.endswith("(form)") and not row.path.startswith("POST ")]
    lowest_cached = min(without_forms, key=lambda row: row.share)
    errors = sum(row.result["errors"] for row in uncached + cached)

    def line(ok, text):
        return f"- {'met' if ok else 'NOT MET'}: {text}"

    return [
        "### Targets",
        "",
        line(most_queries <= 15, f"uncached, every public page at most 15 SQL queries (most: {most_queries})"),
        line(lowest.share >= 3,
             f"uncached, every public page at least 3 % of the floor (lowest: {lowest.kind}, {lowest.share:.1f} %)"),
        line(lowest_cached.share >= 50, "with the production cache, pages without forms at least 50 % of the floor "
                                        f"(lowest: {lowest_cached.kind}, {lowest_cached.share:.1f} %)"),
        line(errors == 0, f"no error responses ({errors})"),
        "",
    ]


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
    with PrivateRedis() as redis:  # empty at the start, and nobody else's
        cached = env_for(redis.url(), 300)
        results.append(bench(cached, "With the production cache: full-page cache in Redis", targets(cached),
                             args.duration, args.port, []))
    machine = f"{platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    report = [f"Measured {datetime.date.today().isoformat()} on {machine}; gunicorn 2 sync workers, SQLite, "
              f"wrk -t2 -c8 -d{args.duration}s on 127.0.0.1.", ""]
    for label, rows in results:
        report += [table(label, rows), ""]
    report += verdict(results)
    for kind, url, status in info.get("skipped", []):
        report += [f"Not measured: {kind} `{url}`: {status}.", ""]
    text = "\n".join(report)
    print(text)
    if args.write:
        doc = ROOT / "docs" / "performance.md"
        head = doc.read_text().split("<!-- figures -->")[0] if doc.exists() else "# Performance\n\n"
        doc.write_text(head + "<!-- figures -->\n\n" + text + "\n")


if __name__ == "__main__":
    main()
