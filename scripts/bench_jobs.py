#!/usr/bin/env python
"""Benchmark of the data jobs: the privacy tools (find, export and erase of an address with data in every
module, through the admin views as a member of "Privacy officers") and `apply_retention` over the whole
database (wall time and peak memory of the command, run in a subprocess).

    python scripts/bench_jobs.py                      # on the demo, built in SQLite under var/bench/jobs/
    python scripts/bench_jobs.py --database-url postgres://postgres@127.0.0.1:5432/kumppanuus_scale
    python scripts/bench_jobs.py --json var/bench/jobs.json --retention-dry-run

Two addresses are searched (find timed 20 times, p50 against the target) and exported (5 times):
- a resident with an item or two in every module, made through the modules' own services (feedback, a
  proposal, a support and a follow, a sign-up to an event with free places, a consultation comment, an
  association entry sent in; their receipts are the emails). It is then erased, and so is a fresh one
  for each further erase, so an erase only ever erases the bench's own residents;
- on a city database its busiest resident (kumppanuus.demo.scale.EVERYWHERE_EMAIL, thousands of items),
  with what it lacks of a module added the same way; on the demo, another bench address. Never erased.
The bench adds a privacy officer (bench-jobs-officer); its searches stay in the privacy log until
retention removes them. The machine's load average is reported with the figures: on a shared machine
every figure grows with it.

apply_retention really erases what is past retention (the city set holds such rows for it) unless
--retention-dry-run; the table says which happened. Its peak memory (maximum RSS, from the kernel, of the
command's own process) is compared with the same command doing almost nothing (one empty policy, dry
run): batches keep the difference small whatever the size of the data. Uses no Redis (a local memory
cache) and touches no database but the one given.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = ROOT / "var" / "bench" / "jobs"

FIND_TARGET_MS = 300
RETENTION_TARGET_S = 120
RETENTION_MEMORY_GROWTH_TARGET_MB = 100
MODULES = ("feedback", "proposals", "events", "consultations", "directory")
# The privacy kinds that hold each module's data (engagement/<module>/privacy.py).
MODULE_KINDS = {
    "feedback": ("feedback",),
    "proposals": ("proposals", "supports", "follows"),
    "events": ("signups",),
    "consultations": ("consultation_comments",),
    "directory": ("associations",),
}


def env_for(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings.bench",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "CACHE_URL": "locmemcache://bench-jobs",
        "PAGE_CACHE_SECONDS": "0",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "CONN_MAX_AGE": "0",
        # Tasks run at once, as a worker would: the seeded residents' emails are composed (and "sent" to
        # dummymail), so that the privacy find, export and erase meet them in the outbox.
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def build_demo():
    """The demo in a fresh SQLite database under var/bench/jobs/; returns its URL."""
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "db.sqlite3"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    env = env_for(url)
    print("Building the demo in", database, flush=True)
    manage(env, "migrate", "--no-input")
    manage({**env, "DEBUG": "0"}, "load_demo")
    return url


# --- The privacy tools (run inside Django, in a child process: `--phase privacy`) ----------------------


def privacy_phase(find_repeats, export_repeats, erase_repeats):
    """Times the admin's privacy views; prints one JSON line of results."""
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.test.utils import override_settings

    from engagement.privacy import data

    # The bench has not run collectstatic: the admin's static links are made without the manifest.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        user = _officer(Group)
        client = Client()
        client.force_login(user)
        out = {"load_before": os.getloadavg()[0]}

        # A resident with one or two items in each module (their receipts in the outbox): find and export,
        # then erased, like a fresh one for each further erase.
        erase_ms, confirm_ms, left, erased_rows, modules = [], [], 0, 0, []
        for number in range(max(erase_repeats, 1)):
            fresh = f"bench.poisto.{secrets.token_hex(4)}@example.com"
            _seed(fresh, MODULES)
            modules.append(len(MODULES) - len(missing_modules(data.find(fresh))))
            if number == 0:
                out["typical_rows"] = sum(data.counts(data.find(fresh)).values())
                out["typical_find_ms"] = _time(lambda fresh=fresh: _post(client, "/admin/privacy/", fresh, 200), find_repeats)
                out["typical_export_ms"] = _time(
                    lambda fresh=fresh: _post(client, "/admin/privacy/export/", fresh, 200), export_repeats
                )
            started = time.perf_counter()
            response = _post(client, "/admin/privacy/erase/", fresh, 200)
            confirm_ms.append((time.perf_counter() - started) * 1000)
            fingerprint = response.context_data["fingerprint"]
            erased_rows += response.context_data["total"]
            started = time.perf_counter()
            _post(client, "/admin/privacy/erase/", fresh, 302, confirm="yes", fingerprint=fingerprint)
            erase_ms.append((time.perf_counter() - started) * 1000)
            left += sum(data.counts(data.find(fresh)).values())
        out.update(erase_ms=erase_ms, erase_confirm_ms=confirm_ms, erase_left=left, erase_rows=erased_rows,
                   erase_modules=min(modules))

        # The city's busiest resident (load_scale_data's EVERYWHERE_EMAIL), or on the demo a bench address:
        # what a module lacks for it is added. Searched and exported, never erased.
        address, existing = _search_address(data)
        out["busy_added_modules"] = _seed(address, missing_modules(data.find(address)))
        found = data.counts(data.find(address))
        out["busy_address"] = "the city's busiest resident" if existing else "a bench address"
        out["busy_counts"] = found
        out["busy_modules"] = len(MODULES) - len(missing_modules(data.find(address)))
        out["busy_rows"] = sum(found.values())
        out["busy_find_ms"] = _time(lambda: _post(client, "/admin/privacy/", address, 200), find_repeats)
        out["busy_export_ms"] = _time(lambda: _post(client, "/admin/privacy/export/", address, 200), export_repeats)
        out["load_after"] = os.getloadavg()[0]
    print(json.dumps(out))


def _officer(Group):
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="bench-jobs-officer", defaults={"is_staff": True, "email": "bench-jobs@example.invalid"}
    )
    user.groups.add(Group.objects.get(name="Privacy officers"))
    return user


def _search_address(data):
    from kumppanuus.demo.scale import EVERYWHERE_EMAIL

    if sum(data.counts(data.find(EVERYWHERE_EMAIL)).values()):
        return EVERYWHERE_EMAIL, True
    return "bench.asukas@example.com", False


def missing_modules(found):
    return [module for module in MODULES if not any(found.get(kind) for kind in MODULE_KINDS[module])]


def _post(client, path, email, status, **extra):
    response = client.post(path, {"email": email, **extra})
    if response.status_code != status:
        raise RuntimeError(f"POST {path} answered {response.status_code}, expected {status}")
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _time(call, repeats):
    call()  # warm
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _seed(address, modules):
    """Data of `address` in each of `modules`, made through the modules' own services (emails included)."""
    from django.utils import timezone, translation
    from wagtail.models import Locale

    from engagement.consultations.pages import ConsultationPage
    from engagement.consultations.services import submit_comment
    from engagement.directory.services import create_association_submission
    from engagement.events.pages import EventPage
    from engagement.events.services import SignUpRefused, sign_up
    from engagement.feedback.models import FeedbackTopic
    from engagement.feedback.services import receive_feedback
    from engagement.moderation import make_page
    from engagement.proposals import services as proposal_services
    from engagement.proposals.models import Proposal
    from home.models import AssociationIndexPage

    name = f"Penkki Testaaja {secrets.token_hex(3)}"  # unique: the erase blanks the person's names elsewhere
    now = timezone.now()
    finnish = Locale.objects.get(language_code="fi")
    made = []
    with translation.override("fi"):
        if "feedback" in modules:
            topic = FeedbackTopic.objects.filter(locale=finnish).order_by("pk").first()
            receive_feedback({"topic": topic, "message": "Penkki on rikki.", "name": name, "email": address,
                              "phone": "040 000 0000", "wants_reply": True}, "fi")
            made.append("feedback")
        if "proposals" in modules:
            proposal_services.receive_proposal({"title": "Penkkejä torille", "summary": "Lisää penkkejä.",
                                                "text": "Torilla ei ole penkkejä.", "proposer_name": name,
                                                "proposer_email": address}, "fi")
            open_ones = Proposal.objects.filter(moderation=Proposal.Moderation.PUBLISHED, closed_at__isnull=True)
            target = next((p for p in open_ones.select_related("state").order_by("pk")[:50] if p.takes_supports), None)
            if target is not None:
                # Left unconfirmed: it counts for nothing, and the erase deletes it.
                proposal_services.request_support(target, name, address, "fi")
                proposal_services.request_follow(target, address, "fi")
            made.append("proposals")
        if "events" in modules:
            for page in EventPage.objects.live().filter(signup_enabled=True, start__gt=now).order_by("start")[:200]:
                places = page.places_left()
                if places is not None and places < 5:
                    continue  # erasing gives the place up: never move anyone up from a waiting list
                try:
                    sign_up(page, name=name, email=address, language="fi")
                except SignUpRefused:
                    continue
                made.append("events")
                break
        if "consultations" in modules:
            for consultation in ConsultationPage.objects.live().order_by("pk"):
                if consultation.is_open(now):
                    submit_comment(consultation, text="Hyvä suunnitelma.", language="fi", nickname=name, email=address)
                    made.append("consultations")
                    break
        if "directory" in modules:
            index = AssociationIndexPage.objects.filter(locale=finnish).first()
            association = {
                "name": f"Penkkiyhdistys {secrets.token_hex(3)}", "intro": "Penkit kuntoon.", "description": "",
                "categories": [], "area": "Keskusta", "languages": ["fi"], "contact_name": name,
                "contact_email": address, "contact_phone": "040 000 0000", "web_address": "",
                "meeting_place": "", "how_to_join": "", "register_number": "", "steward_email": address,
                "submitter_name": name, "submitter_email": address, "message": "",
            }
            submission = create_association_submission(association, index=index, entry=None, locale=finnish)
            # The task worker makes the entry's draft page within seconds (the bench runs none): make it
            # here, as the worker would, so that the entry holds the person's contact details.
            make_page(submission.pk)
            made.append("directory")
    return made


# --- apply_retention in a subprocess -------------------------------------------------------------------


def run_measured(env, args, echo):
    """Run `manage.py *args`; returns (seconds, peak RSS in MB of that process, output)."""
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip())
        if echo and "CAPTCHA_TEST_MODE" not in line:  # the bench settings' captcha test mode warns
            print("   ", line.rstrip()[:150], flush=True)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n" + "\n".join(lines[-20:]))
    return seconds, usage.ru_maxrss / 1024, lines


# --- Report --------------------------------------------------------------------------------------------


def figure(section, name, value, unit, target=None, passed=None):
    return {"section": section, "name": name, "value": round(value, 1), "unit": unit, "target": target,
            "passed": passed}


def p50(values):
    return statistics.median(values) if values else 0.0


def report(privacy, retention, dry_run):
    target = f"≤ {FIND_TARGET_MS} ms"
    typical, busy = p50(privacy["typical_find_ms"]), p50(privacy["busy_find_ms"])
    repeats, exports = len(privacy["typical_find_ms"]), len(privacy["typical_export_ms"])
    rows = [
        figure("privacy", f"find p50 of {repeats}, a resident in every module ({privacy['typical_rows']} items)",
               typical, "ms", target, typical <= FIND_TARGET_MS),
        figure("privacy", f"export p50 of {exports}, the same resident", p50(privacy["typical_export_ms"]), "ms"),
        figure("privacy", f"erase confirmation page p50 of {len(privacy['erase_confirm_ms'])}",
               p50(privacy["erase_confirm_ms"]), "ms"),
        figure("privacy", f"erase p50 of {len(privacy['erase_ms'])} (a fresh resident each)", p50(privacy["erase_ms"]), "ms"),
        figure("privacy", "modules with data for each erased resident", privacy["erase_modules"], "modules",
               f"{len(MODULES)}", privacy["erase_modules"] == len(MODULES)),
        figure("privacy", "items found again after the erasures", privacy["erase_left"], "items", "0",
               privacy["erase_left"] == 0),
        figure("privacy", f"find p50 of {repeats}, {privacy['busy_address']} ({privacy['busy_rows']} items)",
               busy, "ms", target, busy <= FIND_TARGET_MS),
        figure("privacy", f"export p50 of {exports}, {privacy['busy_address']}", p50(privacy["busy_export_ms"]), "ms"),
        figure("privacy", f"modules with data for {privacy['busy_address']}", privacy["busy_modules"], "modules",
               f"{len(MODULES)}", privacy["busy_modules"] == len(MODULES)),
    ]
    growth = retention["peak_mb"] - retention["baseline_mb"]
    rows += [
        figure("retention", "apply_retention" + (" --dry-run" if dry_run else "") + " wall time",
               retention["seconds"], "s", f"≤ {RETENTION_TARGET_S} s", retention["seconds"] <= RETENTION_TARGET_S),
        figure("retention", "rows erased" if not dry_run else "rows due (dry run: none erased)", retention["rows"], "rows"),
        figure("retention", "wall time of the command doing almost nothing (start-up)", retention["baseline_seconds"], "s"),
        figure("retention", "peak RSS", retention["peak_mb"], "MB"),
        figure("retention", "peak RSS of the command doing almost nothing", retention["baseline_mb"], "MB"),
        figure("retention", "peak RSS above that", growth, "MB", f"≤ {RETENTION_MEMORY_GROWTH_TARGET_MB} MB",
               growth <= RETENTION_MEMORY_GROWTH_TARGET_MB),
        figure("machine", "load average (1 min) before / after the privacy timings",
               max(privacy["load_before"], privacy["load_after"]), "procs"),
    ]
    return rows


def print_table(rows):
    print()
    print(f"{'section':10} {'figure':58} {'value':>10} {'unit':8} {'target':>10}  verdict")
    for row in rows:
        verdict = {True: "PASS", False: "FAIL", None: ""}[row["passed"]]
        print(f"{row['section']:10} {row['name'][:58]:58} {row['value']:>10} {row['unit']:8} {row['target'] or '':>10}  {verdict}")


def erased_rows(lines, dry_run):
    word = "would be erased" if dry_run else "erased ("
    total = 0
    for line in lines:
        if ": " in line and word in line:
            count = line.split(": ", 1)[1].split(" ", 1)[0]
            total += int(count) if count.isdigit() else 0
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="The database to measure (default: the demo in SQLite).")
    parser.add_argument("--duration", type=float, default=None, help="Accepted for the bench contract; unused.")
    parser.add_argument("--json", help="Write the figures to this file.")
    parser.add_argument("--repeats", type=int, default=20, help="Timed finds (default 20).")
    parser.add_argument("--export-repeats", type=int, default=5, help="Timed exports of each address (default 5).")
    parser.add_argument("--erase-repeats", type=int, default=3, help="Erasures, each of a fresh address (default 3).")
    parser.add_argument("--retention-dry-run", action="store_true", help="Only count what retention would erase.")
    parser.add_argument("--phase", choices=["privacy"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "privacy":
        sys.path.insert(0, str(ROOT))
        privacy_phase(args.repeats, args.export_repeats, args.erase_repeats)
        return

    url = args.database_url or build_demo()
    env = env_for(url)
    print("Privacy tools: find, export and erase through the admin views", flush=True)
    result = subprocess.run([PYTHON, __file__, "--phase", "privacy", "--repeats", str(args.repeats),
                             "--export-repeats", str(args.export_repeats), "--erase-repeats", str(args.erase_repeats)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"The privacy phase failed:\n{result.stderr[-3000:]}")
    privacy = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"  searched {privacy['busy_address']}: {privacy['busy_counts']}"
          + (f" (added for the bench: {', '.join(privacy['busy_added_modules'])})" if privacy["busy_added_modules"] else ""))

    print("apply_retention" + (" --dry-run" if args.retention_dry_run else "") + ":", flush=True)
    baseline_s, baseline_mb, _lines = run_measured(
        env, ["apply_retention", "--dry-run", "--only", "sign-in-attempts"], False
    )
    seconds, peak_mb, lines = run_measured(
        env, ["apply_retention", *(["--dry-run"] if args.retention_dry_run else [])], True
    )
    rows_erased = erased_rows(lines, args.retention_dry_run)
    if args.retention_dry_run:
        print(f"  dry run: nothing erased ({rows_erased} rows are due)")
    else:
        print(f"  apply_retention ERASED {rows_erased} rows past their retention in this database")
    retention = {"seconds": seconds, "peak_mb": peak_mb, "baseline_mb": baseline_mb, "rows": rows_erased,
                 "baseline_seconds": baseline_s}

    rows = report(privacy, retention, args.retention_dry_run)
    print_table(rows)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2, ensure_ascii=False))
        print(f"\nFigures written to {args.json}")


if __name__ == "__main__":
    main()
