#!/usr/bin/env python
"""City-scale benchmark (issue 15): the demo plus `load_scale_data` in a PostgreSQL database of its own,
`kumppanuus_scale` on 127.0.0.1:5432, served with production settings under gunicorn.

Measures, each figure with its target and a PASS/FAIL verdict:

- the public pages of `make bench` (scripts/bench.py's page types and form POSTs) and the listings at
  their biggest, uncached, with wrk, as a share of the plain Django view (the floor) measured in the
  same run, and their SQL queries once warm;
- the staff screens, as a staff user of the group that uses them (home/groups.py, not a superuser,
  logged in with a session cookie): p50 of single requests;
- Open311 `requests.json` with and without filters, the iCal and Atom feeds: p50 of single requests;
- the figures of scripts/bench_jobs.py, bench_mixed.py and bench_varnish.py (run with the same
  database when they exist; each writes its figures as JSON).

    python scripts/bench_scale.py                  # builds the city at --scale 1.0, then measures
    python scripts/bench_scale.py --scale 0.1      # a tenth of the city (fast)
    python scripts/bench_scale.py --reuse          # keep the database when it holds this scale already
    python scripts/bench_scale.py --load-only      # build the city database only (measure later with --reuse)
    python scripts/bench_scale.py --write          # also write "City scale" into docs/performance.md

Only the database `kumppanuus_scale` is created or dropped; only loopback addresses are loaded.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402 - scripts/bench.py: the server, wrk and the public page targets

ROOT = bench.ROOT
PYTHON = bench.PYTHON
DATABASE = "kumppanuus_scale"
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_URL = f"{SERVER}/{DATABASE}"
# bench_jobs last: it erases addresses and applies retention to the city database.
SUBSCRIPTS = ("bench_mixed.py", "bench_varnish.py", "bench_jobs.py")

# Targets of issue 15.
MAX_QUERIES = 15
MIN_SHARE = 4.0  # % of the floor, uncached
STAFF_MS = 300
REPORT_MS = 2000
SECTION_START = "<!-- city-scale -->"
SECTION_END = "<!-- /city-scale -->"


# --- pure helpers (tests/operations/test_bench_scale.py) ------------------------------------------


def figure(section, name, value, unit, target=None, passed=None):
    """One figure in the shape every bench sub-script writes (contract 5)."""
    return {"section": section, "name": name, "value": value, "unit": unit, "target": target, "passed": passed}


def at_most(section, name, value, unit, limit):
    return figure(section, name, value, unit, f"≤ {limit:g} {unit}", None if value is None else value <= limit)


def at_least(section, name, value, unit, limit):
    return figure(section, name, value, unit, f"≥ {limit:g} {unit}", None if value is None else value >= limit)


def verdict(passed):
    return {True: "PASS", False: "FAIL", None: "–"}[passed]


def merge_figures(*lists):
    """The figures of several runs in one list, keeping their order; a later figure with the same
    section and name replaces an earlier one. Anything that is not a figure is left out."""
    merged = {}
    for items in lists:
        for item in items or ():
            if not isinstance(item, dict) or not {"section", "name", "value"} <= item.keys():
                continue
            full = {"unit": "", "target": None, "passed": None, **item}
            merged[(full["section"], full["name"])] = full
    return list(merged.values())


def format_value(value):
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def figures_table(figures):
    """A Markdown table of the figures with their targets and verdicts, grouped by section."""
    lines = ["| section | figure | value | target | verdict |", "| --- | --- | ---: | --- | --- |"]
    for item in figures:
        value = format_value(item["value"]) + (f" {item['unit']}" if item["unit"] and item["value"] is not None else "")
        lines.append(f"| {item['section']} | {item['name']} | {value} | {item['target'] or ''} | {verdict(item['passed'])} |")
    return "\n".join(lines)


def summary(figures):
    judged = [item for item in figures if item["passed"] is not None]
    failed = [item for item in judged if not item["passed"]]
    return f"{len(judged) - len(failed)} of {len(judged)} targets met" + (
        ": not met: " + "; ".join(f"{item['section']}: {item['name']}" for item in failed) if failed else ""
    )


def replace_section(document, text):
    """`document` with the city-scale section replaced by `text` (or added before the demo's figures,
    which scripts/bench.py rewrites, so that neither run removes the other's)."""
    block = f"{SECTION_START}\n\n{text.strip()}\n\n{SECTION_END}"
    if SECTION_START in document and SECTION_END in document:
        head, rest = document.split(SECTION_START, 1)
        return head + block + rest.split(SECTION_END, 1)[1]
    if "<!-- figures -->" in document:
        head, rest = document.split("<!-- figures -->", 1)
        return head + block + "\n\n<!-- figures -->" + rest
    return document.rstrip("\n") + "\n\n" + block + "\n"


def p50(samples):
    return statistics.median(samples) if samples else None


# --- the database ---------------------------------------------------------------------------------


def psql(sql, database="postgres"):
    result = subprocess.run(["psql", f"{SERVER}/{database}", "-tAc", sql], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def use_database(name):
    """Build or reuse `name` instead of kumppanuus_scale (e.g. a copy made with CREATE DATABASE … TEMPLATE)."""
    global DATABASE, DATABASE_URL
    DATABASE, DATABASE_URL = name, f"{SERVER}/{name}"


def loaded_marker(scale, with_city=True):
    return f"kumppanuus city scale {scale:g} loaded" if with_city else "kumppanuus demo only"


def has_scale_loader():
    return (ROOT / "site" / "management" / "commands" / "load_scale_data.py").exists()


def copy_database(template):
    """A copy of the city database `template` (built before, nobody connected to it) under DATABASE,
    with its marker, unless DATABASE exists: seconds instead of minutes of loading."""
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") == "1":
        return
    marker = psql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{template}'")
    print(f"Copying {template} to {DATABASE} …", flush=True)
    psql(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{template}"')
    psql(f"COMMENT ON DATABASE \"{DATABASE}\" IS '{marker}'")


def prepare_database(env, scale, reuse):
    """The city database: kept with --reuse when it holds this scale, else built again. Returns what it
    holds (the marker stored as the database's comment)."""
    wanted = loaded_marker(scale, has_scale_loader())
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") == "1"
    marker = exists and psql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{DATABASE}'")
    if reuse and marker == wanted:
        print(f"Reusing {DATABASE} ({marker}).", flush=True)
        bench.manage(env, "migrate", "--no-input")  # the branch may have new migrations (indexes)
        return marker
    if exists:
        psql(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}"')
    started = time.monotonic()
    bench.manage(env, "migrate", "--no-input")
    bench.manage({**env, "DEBUG": "0"}, "load_demo")
    if has_scale_loader():
        print(f"load_scale_data --scale {scale:g} …", flush=True)
        subprocess.run([PYTHON, "manage.py", "load_scale_data", "--scale", f"{scale:g}"], cwd=ROOT, env=env, check=True)
    else:
        print("No load_scale_data command on this branch: measuring the plain demo.", flush=True)
    psql("VACUUM ANALYZE", database=DATABASE)
    psql(f"COMMENT ON DATABASE \"{DATABASE}\" IS '{wanted}'")
    print(f"City database ready in {time.monotonic() - started:.0f} s.", flush=True)
    return wanted


# --- what to measure (found in the database, by a script run in manage.py shell) -------------------

TARGETS_SCRIPT = r"""
import json, secrets
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from engagement.events.models import SignUp
from engagement.events.pages import EventIndexPage, EventPage
from engagement.feedback.models import Feedback, FeedbackTopic
from engagement.proposals.models import Proposal
from engagement.proposals.pages import ProposalIndexPage
from home.models import AssociationIndexPage, ContactIndexPage

fi = Locale.objects.get(language_code="fi")
out = {"pages": [], "staff": [], "api": [], "measured": {}}
client = Client(HTTP_HOST="127.0.0.1")

# Listings at their biggest: the archive of past events, the last page of a listing, a search.
events = EventIndexPage.objects.live().filter(locale=fi).first()
if events:
    out["pages"].append(["EventIndexPage, past events", events.url + "?past=1"])
    out["pages"].append(["EventIndexPage, past events, page 40", events.url + "?past=1&page=40"])
associations = AssociationIndexPage.objects.live().filter(locale=fi).first()
if associations:
    out["pages"].append(["AssociationIndexPage, page 20", associations.url + "?page=20"])
    out["pages"].append(["AssociationIndexPage, search", associations.url + "?q=seura"])
contacts = ContactIndexPage.objects.live().filter(locale=fi).first()
if contacts:
    out["pages"].append(["ContactIndexPage, search", contacts.url + "?q=palvelu"])
proposals = ProposalIndexPage.objects.live().filter(locale=fi).first()
if proposals:
    out["pages"].append(["ProposalIndexPage, page 20", proposals.url + "?page=20"])
    biggest = (Proposal.objects.published().with_support_count().order_by("-support_total", "pk").first())
    if biggest:
        out["pages"].append([f"Proposal with the most supports ({biggest.support_total})", proposals.proposal_url(biggest)])
busiest = (SignUp.objects.values("event_key").annotate(n=Count("pk")).order_by("-n").first())
biggest_event = busiest and EventPage.objects.filter(translation_key=busiest["event_key"], locale=fi).first()
if biggest_event:
    out["pages"].append([f"EventPage with the most sign-ups ({busiest['n']})", biggest_event.url])
for kind, url in out["pages"]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    has_form = 'method="post"' in response.content.decode().lower()
    out["measured"][url] = [len(queries), len(response.content), response.status_code, has_form]

# Staff users of the groups that use each screen: not superusers, logged in with a session.
sessions = {}
def session_for(group_name):
    if group_name not in sessions:
        user, _new = get_user_model().objects.get_or_create(username=f"bench-{group_name.lower().replace(' ', '-')}")
        user.is_superuser = user.is_staff = False
        user.is_active = True
        user.set_password(secrets.token_urlsafe(16))
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions[group_name] = (session.session_key, user)
    return sessions[group_name][0]

def staff(name, group, url, target):
    out["staff"].append([name, url, session_for(group), target])

inbox = reverse("feedback_feedback:index")
topic = FeedbackTopic.objects.filter(locale=fi).annotate(n=Count("feedback")).order_by("-n").first()
staff("Feedback inbox", "Feedback handlers", inbox, 300)
staff("Feedback inbox, status received", "Feedback handlers", inbox + "?status=received", 300)
if topic:
    staff("Feedback inbox, one topic", "Feedback handlers", inbox + f"?topic={topic.pk}", 300)
staff("Feedback inbox, searched", "Feedback handlers", inbox + "?q=katu", 300)
staff("Sign-ups", "Event organisers", reverse("event_signups:index"), 300)
staff("Supports", "Moderators", reverse("proposals_support:index"), 300)
staff("Initiatives", "Moderators", reverse("proposals_proposal:index"), 300)
if events:
    staff("Page explorer under the events index", "Event organisers", reverse("wagtailadmin_explore", args=[events.pk]), 300)
if biggest_event:
    staff(f"Attendees of the biggest event ({busiest['n']} sign-ups)", "Event organisers",
          reverse("event_attendees", args=[biggest_event.pk]), 300)
last_year = timezone.localdate().year - 1
staff(f"Annual report {last_year}", "Moderators", reverse("proposals_proposal:report") + f"?year={last_year}", 2000)
for name, url, session_key, target in out["staff"]:
    user = next(user for key, user in sessions.values() if key == session_key)
    staff_client = Client(HTTP_HOST="127.0.0.1")
    staff_client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(url)
    out["measured"][url] = [len(queries), len(response.content), response.status_code, False]

# Open311 and the feeds.
requests_url = reverse("open311_requests_json")
out["api"].append(["Open311 requests.json", requests_url])
code = topic.code if topic else ""
out["api"].append(["Open311 requests.json, service_code and status", requests_url + f"?service_code={code}&status=closed"])
year_ago = (timezone.now() - timezone.timedelta(days=365)).date().isoformat()
out["api"].append(["Open311 requests.json, a month a year ago",
                   requests_url + f"?start_date={year_ago}T00:00:00Z&end_date={(timezone.now() - timezone.timedelta(days=335)).date().isoformat()}T00:00:00Z"])
out["api"].append(["iCal feed, all events", reverse("events_calendar", args=["fi"])])
out["api"].append(["Atom feed, new events", reverse("events_atom", args=["fi"])])
for name, url in out["api"]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    out["measured"][url] = [len(queries), len(response.content), response.status_code, False]
print(json.dumps(out))
"""


def city_targets(env):
    result = subprocess.run([PYTHON, "manage.py", "shell", "-c", TARGETS_SCRIPT], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- single requests --------------------------------------------------------------------------------


def time_requests(url, session_key=None, count=20):
    """Milliseconds of `count` single requests one after another (after one to warm up), and the status."""
    headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
    samples, status = [], None
    for index in range(count + 1):
        request = urllib.request.Request(url, headers=headers)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if index:
            samples.append(1000 * (time.perf_counter() - started))
    return samples, status


def single_requests(env, info, port, count):
    """Staff screens, Open311 and feeds on a server of their own."""
    server = bench.start_server(env, port)
    figures = []
    try:
        base = f"http://127.0.0.1:{port}"
        for name, url, session_key, target in info["staff"]:
            samples, status = time_requests(base + url, session_key, count)
            figures.append(timed("Staff screens", name, url, samples, status, target, info))
        for name, url in info["api"]:
            samples, status = time_requests(base + url, None, count)
            figures.append(timed("Open311 and feeds", name, url, samples, status, STAFF_MS, info))
    finally:
        bench.stop_server(server)
    return figures


def timed(section, name, url, samples, status, target, info):
    queries = info["measured"].get(url, [None])[0]
    label = f"{name} (`{url}`, {queries} SQL)" if queries is not None else f"{name} (`{url}`)"
    if status != 200:
        return figure(section, f"{label}: HTTP {status}", p50(samples), "ms p50", f"≤ {target} ms p50", False)
    return figure(section, label, round(p50(samples), 1), "ms p50", f"≤ {target} ms p50", p50(samples) <= target)


# --- public pages with wrk ----------------------------------------------------------------------------


def public_pages(env, info, duration, port):
    """bench.py's uncached run on the city database, with the city's biggest listings added."""
    label, rows = bench.bench(env, "Uncached public pages at city scale", info, duration, port, info["forms"])
    figures = []
    for row in rows[1:]:
        name = f"{row.kind} `{row.path}`"
        if row.queries is not None:
            figures.append(at_most("Public pages", f"{name}: SQL queries", row.queries, "queries", MAX_QUERIES))
        figures.append(at_least("Public pages", f"{name}: share of the floor", round(row.share, 1), "%", MIN_SHARE))
        if row.result["errors"]:
            figures.append(figure("Public pages", f"{name}: error responses", row.result["errors"], "", "0", False))
    return bench.table(label, rows), figures


# --- the other helpers' benchmarks ----------------------------------------------------------------------


def run_subscripts(duration):
    figures, notes = [], []
    for name in SUBSCRIPTS:
        script = ROOT / "scripts" / name
        if not script.exists():
            notes.append(f"scripts/{name} is not on this branch: not run.")
            continue
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            path = Path(handle.name)
        print(f"Running scripts/{name} …", flush=True)
        result = subprocess.run(
            [PYTHON, str(script), "--database-url", DATABASE_URL, "--duration", str(duration), "--json", str(path)],
            cwd=ROOT, text=True,
        )
        try:
            figures += json.loads(path.read_text() or "[]")
        except (OSError, ValueError):
            notes.append(f"scripts/{name} wrote no figures (exit {result.returncode}).")
        else:
            if result.returncode:
                notes.append(f"scripts/{name} exited with {result.returncode}.")
        path.unlink(missing_ok=True)
    return figures, notes


# --- the run ----------------------------------------------------------------------------------------------


def counts(env):
    """How big the city is: rows of the main tables."""
    tables = {
        "feedback": "feedback_feedback", "feedback events": "feedback_feedbackevent",
        "initiatives": "proposals_proposal", "supports": "proposals_support", "events (pages)": "events_eventpage",
        "sign-ups": "events_signup", "associations (pages)": "home_associationpage", "contact people": "home_contactperson",
        "outbox emails": "engagement_outgoingemail",
    }
    found = []
    for label, table in tables.items():
        try:
            found.append(f"{label} {int(psql(f'SELECT count(*) FROM {table}', database=DATABASE)):,}")
        except subprocess.CalledProcessError:
            pass
    return ", ".join(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="keep kumppanuus_scale when it holds this scale")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--requests", type=int, default=20, help="single requests per staff screen or feed")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--skip-subscripts", action="store_true", help="do not run bench_jobs/mixed/varnish")
    parser.add_argument("--load-only", action="store_true", help="build the city database and stop (then --reuse)")
    parser.add_argument("--write", action="store_true", help="write the City scale section of docs/performance.md")
    parser.add_argument("--database", default=DATABASE, help="the database to build or reuse (default %(default)s)")
    parser.add_argument("--only", default="", help="measure only the public pages whose name or path contains this")
    parser.add_argument("--from-template", default="", help="make --database as a copy of this city database first")
    args = parser.parse_args()
    use_database(args.database)
    if args.from_template:
        copy_database(args.from_template)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    env = {**bench.env_for("locmemcache://bench-scale", 0), "DATABASE_URL": DATABASE_URL}
    holds = prepare_database(env, args.scale, args.reuse)
    if args.load_only:
        return
    bench.manage(env, "collectstatic", "--no-input")
    load_before = os.getloadavg()
    print("Finding the pages to measure …", flush=True)
    info = bench.targets(env)
    city = city_targets(env)
    info["pages"] += city["pages"]
    info["measured"].update(city["measured"])
    city["measured"].update(info["measured"])
    if args.only:
        info["pages"] = [page for page in info["pages"] if args.only in " ".join(map(str, page))]
        info["forms"] = [form for form in info["forms"] if args.only in " ".join(map(str, form))]
    print("Public pages with wrk …", flush=True)
    pages_table, figures = public_pages(env, info, args.duration, args.port)
    print("Staff screens, Open311 and feeds …", flush=True)
    figures += single_requests(env, city, args.port, args.requests)
    notes = []
    if not args.skip_subscripts:
        more, notes = run_subscripts(args.duration)
        figures = merge_figures(figures, more)
    machine = f"{platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load = f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after (1 min)"
    report = [
        "## City scale",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine}; `make bench-scale` (scripts/bench_scale.py) "
        f"{'at `--scale ' + format(args.scale, 'g') + '`' if 'city' in holds else 'on the demo only (no load_scale_data)'}, PostgreSQL ({DATABASE}), gunicorn 2 sync workers, uncached "
        f"(`PAGE_CACHE_SECONDS=0`, per-process fragment caches only), wrk -t2 -c8 -d{args.duration}s, "
        f"single requests: p50 of {args.requests}; the machine is shared: {load}.",
        "",
        f"The city: {counts(env)}.",
        "",
        f"**{summary(figures)}.**",
        "",
        pages_table,
        "",
        "### Figures and targets",
        "",
        figures_table(figures),
        "",
        *[f"{note}\n" for note in notes],
        *[f"Not measured: {kind} `{url}`: {status}.\n" for kind, url, status in info.get("skipped", [])],
    ]
    text = "\n".join(report)
    print(text)
    if args.write:
        doc = ROOT / "docs" / "performance.md"
        doc.write_text(replace_section(doc.read_text(), text))


if __name__ == "__main__":
    main()
