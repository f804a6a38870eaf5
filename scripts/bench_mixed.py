#!/usr/bin/env python
"""Mixed load (issue 15, item 5): reads of 10 public page types with the production page cache on, while
a steady writer makes sign-ups to one event, supports to one initiative and feedback, like residents do.

    python scripts/bench_mixed.py                                   # on the demo (SQLite under var/bench/mixed/)
    python scripts/bench_mixed.py --duration 20 --json var/bench/mixed.json
    python scripts/bench_mixed.py --database-url postgres://postgres@127.0.0.1:5432/kumppanuus_scale

gunicorn (2 sync workers, `kumppanuus.settings.bench`: production with the captcha in test mode) runs
with the full-page cache on (PAGE_CACHE_SECONDS, 300 by default) in a redis-server of this run's own on
a free port of 127.0.0.1 (scripts/benchkit.py), never the machine's shared Redis.

The writer is a separate Django process (this script with `--child writer`) that writes only over HTTP
through the public forms, as a resident would: it GETs the form (CSRF cookie, captcha, one-time token),
POSTs it with the captcha's test-mode answer, and for a support also opens the confirmation link from the
email in the outbox and confirms it. It reads the database only for what a resident learns otherwise
(the email) and for the true count after a write. Writes are spread evenly over the three kinds and the
two languages at --writes-per-second (2). After each sign-up or support, it polls the event or
initiative page anonymously until the new place count or support count shows.

Phases:
1. the floor: wrk on /ping/ (a plain Django view) for half of --duration, before the writer starts,
   then the 5 pages that the writes will not touch, as long (for comparison: their share without writes);
2. with the writer writing, wrk reads the 10 pages in turn (a Lua script rotates the URLs and counts
   the X-Cache header of every response): the page cache hit rate; --duration seconds;
3. with the writer writing, wrk reads the 5 pages that the writes do not touch (without the counting,
   so as cheap for wrk as the floor), half as long: their throughput as a share of the floor;
4. the floor again once the writer has stopped; the share is taken of the mean of both floors (the
   machine is shared and its speed drifts; a floor measured during the writes would hide their cost).

Targets (issue 15): hit rate >= 95 %; untouched pages >= 60 % of the floor; a write shows on its page
within 1 s (p50 and max of the writes measured).

The writes' cost does not shrink with the machine: on a machine busy with other work the floor falls,
the 2 writes a second do not, so their share of what is left grows. The run therefore also counts the
CPU seconds of the gunicorn workers (Linux /proc) in the phases of the untouched pages: the server CPU
of one read before the writes, and of one write (with its form, confirmation and polls) in phase 3,
i.e. the workers' CPU there less the reads served at the CPU each cost before the writes. `--json PATH` writes the figures as the list that
scripts/bench_scale.py collects ({"section", "name", "value", "unit", "target", "passed"}).
Only loopback addresses are loaded; every phase is bounded by --duration.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

from bench import PYTHON, ROOT, WORK, env_for, manage, prepare, run_wrk, start_server, stop_server
from benchkit import PrivateRedis, at_least, at_most, figure, free_port, percent, percentile, table

MIXED_WORK = WORK / "mixed"
SECTION = "Mixed load"
POLL_INTERVAL = 0.02  # seconds between the anonymous reads that wait for a write to show
POLL_TIMEOUT = 10.0

# Rotates the URLs; with `count`, also counts the X-Cache header of each response (phase 1).
WRK_ROTATE = """
paths = {%(paths)s}
threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  reqs, next_one, hits, misses, others = {}, 0, 0, 0, 0
  for k, path in ipairs(paths) do reqs[k] = wrk.format("GET", path) end
end
function request()
  next_one = next_one %% #reqs + 1
  return reqs[next_one]
end
"""
WRK_COUNT = """
function response(status, headers, body)
  local seen = headers["X-Cache"] or headers["x-cache"]
  if seen == "HIT" then hits = hits + 1 elseif seen == "MISS" then misses = misses + 1 else others = others + 1 end
end
function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h, m, o = h + thread:get("hits"), m + thread:get("misses"), o + thread:get("others")
  end
  io.write(string.format("X-CACHE hits=%d misses=%d others=%d\\n", h, m, o))
end
"""


def rotate_script(paths, count):
    quoted = ", ".join(json.dumps(path) for path in paths)
    return WRK_ROTATE % {"paths": quoted} + (WRK_COUNT if count else "")


def x_cache_counts(wrk_output):
    """(hits, misses, others) from the line WRK_COUNT's done() prints."""
    found = re.search(r"X-CACHE hits=(\d+) misses=(\d+) others=(\d+)", wrk_output)
    if not found:
        raise SystemExit(f"wrk printed no X-Cache counts:\n{wrk_output}")
    return tuple(int(number) for number in found.groups())


def requests_made(wrk_output):
    """How many requests wrk completed ("12345 requests in 5.00s")."""
    found = re.search(r"(\d+) requests in ", wrk_output)
    return int(found.group(1)) if found else None


def workers_cpu(server):
    """CPU seconds (user + system) the gunicorn workers (the master's children) have used so far; None
    where /proc does not tell (not Linux)."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        ticks = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def with_cpu(server, run):
    """run() (a wrk run's figures) with the workers' CPU seconds and the wall seconds it took."""
    before, started = workers_cpu(server), time.monotonic()
    result = run()
    after = workers_cpu(server)
    return {**result, "cpu": None if None in (before, after) else after - before, "wall": time.monotonic() - started}


def cpu_per_write(calm, quiet, writes_per_second):
    """(ms of server CPU per read of the untouched pages before the writes, ms per write in phase 3, the
    writes' share of the workers' CPU in phase 3 in %): phase 3's CPU less its reads at the CPU each
    cost before the writes. Nones when the CPU was not counted."""
    calm_reads, quiet_reads = requests_made(calm["output"]), requests_made(quiet["output"])
    if None in (calm.get("cpu"), quiet.get("cpu"), calm_reads, quiet_reads) or not calm_reads or not quiet["cpu"]:
        return None, None, None
    per_read = calm["cpu"] / calm_reads
    writes = max(quiet["cpu"] - quiet_reads * per_read, 0.0)
    per_write = writes / (writes_per_second * quiet["wall"]) if writes_per_second and quiet["wall"] else None
    return per_read * 1000, None if per_write is None else per_write * 1000, percent(writes, quiet["cpu"])


# --- In the Django processes (`--child discover|writer`) -------------------------------------------

def discover():
    """The pages to read and to write to, as JSON on stdout: 10 page types in fi and sv (5 that the
    writes touch, 5 they do not), an event taking sign-ups with places left, an initiative taking
    supports, the feedback form."""
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from engagement.events.models import SignUp
    from engagement.events.pages import EventPage
    from engagement.proposals.models import Proposal
    from engagement.proposals.pages import ProposalIndexPage

    locales = {code: Locale.objects.get(language_code=code) for code in ("fi", "sv")}
    client = Client(HTTP_HOST="127.0.0.1")

    def first(model, language):
        page = Page.objects.live().filter(content_type__model=model, locale=locales[language]).order_by("path").first()
        return page.specific.url if page else None

    now = timezone.now()
    best = None
    for event in (EventPage.objects.live().filter(locale=locales["fi"], signup_enabled=True, capacity__isnull=False,
                                                  start__gt=now)
                  .order_by("-capacity", "path")[:50]):
        if event.signup_state() != "open":
            continue
        left = event.capacity - SignUp.objects.confirmed_people(event.translation_key)
        if best is None or left > best[0]:
            best = (left, event)
    if best is None:
        raise SystemExit("No upcoming event in Finnish takes sign-ups with a capacity")
    places, event = best
    event_urls = {}
    for language, locale in locales.items():
        translation = event if language == "fi" else event.get_translation_or_none(locale)
        if translation is not None and translation.live:
            event_urls[language] = {"page": translation.url, "form": translation.signup_url}

    proposal = next((item for item in Proposal.objects.published().order_by("pk")[:500] if item.takes_supports), None)
    if proposal is None:
        raise SystemExit("No initiative takes supports")
    proposal_urls = {}
    for language, locale in locales.items():
        index = ProposalIndexPage.objects.live().filter(locale=locale).first()
        if index is not None:
            proposal_urls[language] = {"page": index.proposal_url(proposal),
                                        "form": index.proposal_url(proposal, "support"), "index": index.url}

    feedback = {language: first("feedbackpage", language) for language in locales}
    pages = [  # (kind, url, touched by the writes)
        ("HomePage", first("homepage", "fi"), True),
        ("EventIndexPage", first("eventindexpage", "sv"), True),
        ("EventPage", event_urls.get("sv", event_urls["fi"])["page"], True),
        ("ProposalIndexPage", proposal_urls.get("fi", {}).get("index"), True),
        ("Proposal", proposal_urls.get("sv", proposal_urls.get("fi", {})).get("page"), True),
        ("ContentPage", first("contentpage", "sv"), False),
        ("ContactIndexPage", first("contactindexpage", "fi"), False),
        ("AssociationIndexPage", first("associationindexpage", "sv"), False),
        ("AssociationPage", first("associationpage", "fi"), False),
        ("InfluenceChannelPage", first("influencechannelpage", "sv") or first("influencechannelpage", "fi"), False),
    ]
    missing = [kind for kind, url, _touched in pages if not url]
    if missing:
        raise SystemExit(f"No page for: {', '.join(missing)}")
    for kind, url, _touched in pages:
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{kind} {url} answers {status}")
    print(json.dumps({
        "pages": pages, "event": {"pk": event.pk, "title": event.title, "places_left": places, "urls": event_urls},
        "proposal": {"pk": proposal.pk, "urls": proposal_urls}, "feedback": {k: v for k, v in feedback.items() if v},
    }))


class FormFields(HTMLParser):
    """The fields of the page's POST form that has a one-time token, filled in as a resident would:
    hidden values kept, every text field a plausible value, the email unique, boxes ticked, the first
    choice of each list."""

    def __init__(self, email):
        super().__init__(convert_charrefs=True)
        self.email, self.forms, self.form, self.select, self.textarea = email, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.form)
            return
        if self.form is None or attrs.get("disabled") is not None:
            return
        fields, name = self.form["fields"], attrs.get("name")
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and name and kind not in ("submit", "button", "image", "file", "reset"):
            if kind in ("checkbox", "radio"):
                fields.setdefault(name, attrs.get("value", "on"))
            elif kind == "hidden":
                fields[name] = attrs.get("value") or ""
            else:
                fields[name] = attrs.get("value") or {
                    "email": self.email, "url": "https://example.com/", "number": "1", "tel": "0401234567",
                    "date": "2030-01-01", "datetime-local": "2030-01-01T18:00"}.get(kind, "Sekakuorma Testaaja")
        elif tag == "textarea" and name:
            fields[name] = "Sekakuorman testi: kirjoitus lukujen lomassa."
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and attrs.get("value") and self.select not in fields:
            fields[self.select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.form = None


WRITER_REQUESTS = []  # the seconds each of the writer's requests took (forms, confirmations, polls)


def timed(call):
    started = time.monotonic()
    try:
        return call()
    finally:
        WRITER_REQUESTS.append(time.monotonic() - started)


class Resident:
    """One visitor with a cookie jar (a new one per write), on the server at `base`."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        return timed(lambda: self._open(request))

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def submit(self, path, email, token_field="submission_token"):
        """GET the form at `path`, fill it in, POST it. Returns (status, html) of the POST."""
        status, html = self.request(path)
        if status != 200:
            return status, html
        parser = FormFields(email)
        parser.feed(html)
        form = next((form for form in parser.forms if token_field in form["fields"] or not token_field), None)
        if form is None:
            return 0, f"no form at {path}"
        fields = dict(form["fields"])
        if "captcha_1" in fields or "captcha_0" in fields:
            fields["captcha_1"] = "PASSED"
        fields["website"] = ""  # the honeypot stays empty
        return self.request(form["action"] or path, fields)


def count_pattern(singular, plural):
    """A regex for a count sentence of the templates, in the active language, e.g. "(\\d+) places left."."""
    from django.utils.translation import ngettext

    forms = {ngettext(singular, plural, number) for number in (1, 2, 5, 21)}
    return re.compile("|".join(r"(\d+)".join(re.escape(part) for part in form.split("%(counter)s"))
                               for form in sorted(forms)))


def read_count(pattern, html):
    found = pattern.search(html)
    return None if found is None else int(next(group for group in found.groups() if group is not None))


def read_page(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", "replace")


def wait_until_shown(base, path, pattern, shown, start):
    """Poll `path` anonymously (no cookies) until `shown(count)`; the seconds since `start` (when the
    write returned) until a response showed it, or None on timeout."""
    while time.monotonic() - start < POLL_TIMEOUT:
        html = timed(lambda: read_page(base + path))
        count = read_count(pattern, html)
        if count is not None and shown(count):
            return time.monotonic() - start
        time.sleep(POLL_INTERVAL)
    return None


def writer(config):
    """Write at config["rate"] a second until a line arrives on stdin, then print the results as JSON."""
    from django.utils import translation

    from engagement.events.models import SignUp
    from engagement.events.pages import EventPage
    from engagement.models import OutgoingEmail
    from engagement.proposals.models import Proposal, Support
    from engagement.proposals.services import send_support_email

    base = config["base"]
    event_urls, proposal_urls, feedback_urls = config["event"]["urls"], config["proposal"]["urls"], config["feedback"]
    languages = sorted(set(event_urls) & set(proposal_urls) & set(feedback_urls)) or ["fi"]
    event = EventPage.objects.get(pk=config["event"]["pk"])
    patterns = {}
    for language in languages:
        with translation.override(language):
            patterns[language] = {
                "signup": count_pattern("%(counter)s place left.", "%(counter)s places left."),
                "support": count_pattern("%(counter)s person supports this proposal.",
                                         "%(counter)s people support this proposal."),
            }
    results = {"signup": [], "support": [], "feedback": []}  # each: {"ok", "seconds", "shown_after", "note"}
    lock = threading.Lock()

    def record(kind, **outcome):
        with lock:
            results[kind].append(outcome)

    # The count to wait for is read before the write, so that the wait starts the moment the write
    # returns: at most the places left before minus one, at least the supports before plus one (the
    # writes of one kind are 1.5 s apart, so another one rarely gets in between).
    def sign_up(language):
        email = f"sekakuorma-{uuid.uuid4().hex[:12]}@example.com"
        left = event.capacity - SignUp.objects.confirmed_people(event.translation_key) - 1
        started = time.monotonic()
        status, html = Resident(base).submit(event_urls[language]["form"], email)
        returned = time.monotonic()
        shown = None
        if status == 200 and left >= 0:
            shown = wait_until_shown(base, event_urls[language]["page"], patterns[language]["signup"],
                                     lambda count: count <= left, returned)
        signup = SignUp.objects.filter(email=email, event_key=event.translation_key).first()
        if status != 200 or signup is None:
            return record("signup", ok=False, seconds=returned - started, note=f"{status}: no sign-up stored")
        if signup.status != SignUp.Status.CONFIRMED or left < 0:
            return record("signup", ok=True, seconds=returned - started,
                          note="waiting list: no place count to wait for")
        record("signup", ok=True, seconds=returned - started, shown_after=shown)

    def support(language):
        email = f"sekakuorma-{uuid.uuid4().hex[:12]}@example.com"
        proposal = Proposal.objects.get(pk=config["proposal"]["pk"])
        resident = Resident(base)
        started = time.monotonic()
        status, html = resident.submit(proposal_urls[language]["form"], email)
        # The task worker's part (the benchmark's queue runs no tasks): compose the confirmation email.
        stored = Support.objects.filter(proposal=proposal, email=email).first()
        if stored is not None:
            send_support_email.call(stored.pk, "confirm_support", language)
        # The newest confirmation emails (a JSON `contains` lookup is not there on SQLite).
        mail = next((mail for mail in OutgoingEmail.objects.filter(template="proposals/emails/confirm_support")
                     .order_by("-pk")[:50] if email in mail.to), None)
        link = mail and re.search(r"(/(?:[a-z]{2}/)?proposals/support/confirm/[^/\s\"<>]+/)", mail.body_text)
        if status != 200 or not link:
            return record("support", ok=False, seconds=time.monotonic() - started,
                          note=f"{status}: no confirmation email")
        count = proposal.confirmed_supports().count() + 1
        # The resident opens the link from the email and confirms (a POST: links that mail scanners open
        # confirm nothing).
        status, html = resident.submit(link.group(1), email, token_field=None)
        returned = time.monotonic()
        shown = None
        if status == 200:
            shown = wait_until_shown(base, proposal_urls[language]["page"], patterns[language]["support"],
                                     lambda seen: seen >= count, returned)
        stored = Support.objects.filter(proposal=proposal, email=email, confirmed_at__isnull=False).exists()
        if status != 200 or not stored:
            return record("support", ok=False, seconds=returned - started, note=f"{status}: support not confirmed")
        record("support", ok=True, seconds=returned - started, shown_after=shown)

    def feedback(language):
        started = time.monotonic()
        status, html = Resident(base).submit(feedback_urls[language], f"sekakuorma-{uuid.uuid4().hex[:12]}@example.com")
        ok = status == 200 and 'class="error-summary"' not in html
        record("feedback", ok=ok, seconds=time.monotonic() - started, note="" if ok else f"{status}: refused")

    def guarded(work, language):
        try:
            work(language)
        except Exception as error:  # noqa: BLE001 - a failed write is a figure, not the end of the run
            record(work.__name__.replace("sign_up", "signup"), ok=False, seconds=None, note=repr(error)[:200])

    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    kinds = [sign_up, support, feedback]
    interval, number, started = 1 / max(config["rate"], 0.001), 0, time.monotonic()
    print("READY", flush=True)
    with ThreadPoolExecutor(max_workers=16) as pool:  # a slow write does not hold up the next ones
        while not stop.is_set() and config["rate"] > 0:
            work = kinds[number % len(kinds)]
            language = languages[(number // len(kinds)) % len(languages)]
            pool.submit(guarded, work, language)
            number += 1
            stop.wait(max(0.0, started + number * interval - time.monotonic()))
        writing = time.monotonic() - started
    print(json.dumps({"results": results, "started": number, "seconds": writing, "languages": languages,
                      "requests": WRITER_REQUESTS}), flush=True)


# --- The run -----------------------------------------------------------------------------------------

def child(env, role, config=None):
    return subprocess.Popen([PYTHON, __file__, "--child", role, "--config", json.dumps(config or {})], cwd=ROOT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def wrk_rotating(base, paths, duration, args, count):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(rotate_script(paths, count))
    try:
        return run_wrk(base + "/", duration, lua.name, threads=args.threads, connections=args.connections)
    finally:
        os.unlink(lua.name)


def measure(env, info, args):
    """Phases 1–4 (see the docstring of the script); returns the figures."""
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port, log=MIXED_WORK / "gunicorn.log")
    write = None
    try:
        all_paths = [url for _kind, url, _touched in info["pages"]]
        untouched = [url for _kind, url, touched in info["pages"] if not touched]
        for path in ["/ping/", *all_paths]:
            urllib.request.urlopen(base + path, timeout=30).read()  # warm up
        short = max(1, args.duration // 2)
        floors = [run_wrk(base + "/ping/", short, threads=args.threads, connections=args.connections)]
        calm = with_cpu(server, lambda: wrk_rotating(base, untouched, short, args, count=False))
        write = child(env, "writer", {**info, "base": base, "rate": args.writes_per_second})
        if write.stdout.readline().strip() != "READY":
            raise SystemExit("the writer did not start")
        time.sleep(1)  # the first writes under way
        reads = wrk_rotating(base, all_paths, args.duration, args, count=True)
        quiet = with_cpu(server, lambda: wrk_rotating(base, untouched, short, args, count=False))
        written, _ = write.communicate("stop\n", timeout=POLL_TIMEOUT + 60)
        write = None
        report = json.loads(written.strip().splitlines()[-1])
        floors.append(run_wrk(base + "/ping/", short, threads=args.threads, connections=args.connections))
    finally:
        if write is not None:
            write.kill()
        stop_server(server)
    return figures(reads, floors, quiet, report, calm, args.writes_per_second)


def figures(reads, floors, quiet, report, calm, writes_per_second):
    """The run's figures; the floor is the mean of /ping/ right before the writer starts and right after
    it stops (the writes cost the server work of their own, which a floor measured during them would
    hide; the machine is shared, so its speed drifts: both are shown)."""
    floor = sum(run["rps"] for run in floors) / len(floors)
    hits, misses, others = x_cache_counts(reads["output"])
    results = report["results"]
    shown = [item["shown_after"] for kind in ("signup", "support") for item in results[kind]
             if item.get("ok") and "shown_after" in item]
    measured = [seconds * 1000 for seconds in shown if seconds is not None]
    unseen = sum(1 for seconds in shown if seconds is None)
    failed = sum(1 for kind in results.values() for item in kind if not item.get("ok"))
    made = sum(1 for kind in results.values() for item in kind if item.get("ok"))
    worst = None if unseen or not measured else max(measured)
    per_read, per_write, writes_share = cpu_per_write(calm, quiet, writes_per_second)
    rows = [
        at_least(SECTION, "page cache hit rate, 10 page types (X-Cache)", percent(hits, hits + misses), "%", 95),
        figure(SECTION, "reads of the 10 pages", reads["rps"], "req/s"),
        figure(SECTION, "floor (/ping/) before the writes", floors[0]["rps"], "req/s"),
        figure(SECTION, "floor (/ping/) after the writes", floors[-1]["rps"], "req/s"),
        figure(SECTION, "pages the writes do not touch", quiet["rps"], "req/s"),
        at_least(SECTION, "pages the writes do not touch, share of the floor", percent(quiet["rps"], floor), "%", 60),
        figure(SECTION, "the same pages before the writes, share of the floor before", percent(calm["rps"], floors[0]["rps"]),
               "%"),
        at_most(SECTION, "write shows on its page, p50", percentile(measured, 0.5), "ms", 1000),
        at_most(SECTION, "write shows on its page, max", worst, "ms", 1000),
        figure(SECTION, "writes shown / measured", len(measured), f"of {len(shown)}"),
        figure(SECTION, "writes made (sign-ups, supports, feedback)", made, "writes"),
        figure(SECTION, "writes started per second", report["started"] / report["seconds"] if report["seconds"] else None,
               "/s"),
        figure(SECTION, "the writer's requests (forms, confirmations, polls)",
               len(report["requests"]) / report["seconds"] if report["seconds"] else None, "req/s"),
        figure(SECTION, "the writer's requests, p50", percentile([t * 1000 for t in report["requests"]], 0.5), "ms"),
        figure(SECTION, "server CPU per read of the untouched pages, before the writes", per_read, "ms"),
        figure(SECTION, "server CPU per write (its form, confirmation, polls), phase 3", per_write, "ms"),
        figure(SECTION, "the writes' share of the workers' CPU, phase 3", writes_share, "%"),
        at_most(SECTION, "failed writes and error responses",
                failed + others + reads["errors"] + quiet["errors"] + calm["errors"] + sum(run["errors"] for run in floors),
                "", 0),
    ]
    for kind in ("signup", "support", "feedback"):
        notes = sorted({item["note"] for item in results[kind] if item.get("note")})
        if notes:
            print(f"{kind}: {len(results[kind])} writes; notes: {'; '.join(notes)}")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="a prepared database (the city one); default: the demo in SQLite")
    parser.add_argument("--duration", type=int, default=20, help="seconds of phase 1 (phases 2 and 3: half)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--writes-per-second", type=float, default=2.0)
    parser.add_argument("--page-cache-seconds", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--reuse-demo", action="store_true", help="keep the demo of the last run (with its writes)")
    parser.add_argument("--port", type=int, help="gunicorn's port (default: a free one)")
    parser.add_argument("--child", choices=["discover", "writer"], help=argparse.SUPPRESS)
    parser.add_argument("--config", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import django  # noqa: PLC0415 - only the child processes are Django processes

        django.setup()
        return discover() if args.child == "discover" else writer(json.loads(args.config))
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    MIXED_WORK.mkdir(parents=True, exist_ok=True)
    with PrivateRedis() as redis:
        env = env_for(redis.url(), args.page_cache_seconds, database_url=args.database_url, work=MIXED_WORK)
        if args.database_url:
            manage(env, "collectstatic", "--no-input")
        elif not (args.reuse_demo and (MIXED_WORK / "db.sqlite3").exists()):
            prepare(env, work=MIXED_WORK)
        found = subprocess.run([PYTHON, __file__, "--child", "discover"], cwd=ROOT, env=env, capture_output=True,
                               text=True)
        if found.returncode:
            raise SystemExit(f"Finding the pages failed:\n{found.stderr[-3000:]}")
        info = json.loads(found.stdout.strip().splitlines()[-1])
        load_before = os.getloadavg()[0]
        rows = measure(env, info, args)
        rows.append(figure(SECTION, "machine load average (1 min) before / after", round(load_before, 1),
                           f"/ {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"))
    database = "PostgreSQL (--database-url)" if args.database_url else "the demo in SQLite"
    print(f"\nMixed load on {database}: gunicorn 2 sync workers, page cache {args.page_cache_seconds} s in a private "
          f"Redis; wrk -t{args.threads} -c{args.connections}, {args.duration} s of reads (phases 2 and 3: "
          f"{max(1, args.duration // 2)} s); writer: the public forms over HTTP (a separate Django process), "
          f"{args.writes_per_second:g} writes/s over sign-ups to \"{info['event']['title']}\", supports to "
          f"initiative {info['proposal']['pk']} and feedback, in {', '.join(sorted(info['feedback']))}.")
    print("Pages read: " + ", ".join(f"{kind} `{url}`{' (written to)' if touched else ''}"
                                     for kind, url, touched in info["pages"]) + "\n")
    print(table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0  # the verdicts are in the table and the JSON; a run that finished succeeded


if __name__ == "__main__":
    sys.exit(main())
