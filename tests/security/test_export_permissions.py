"""Every export in the admin checks its own export permission, not only the one to view (issue 13, finding 9).

The admin's URL patterns are searched for every listing that can be downloaded (Wagtail's
SpreadsheetExportMixin with `list_export`), and the project's code for any other download, so that a
new export without the check fails here. A user who may view but not export gets no download buttons
and a 403 on `?export=`; with the export permission the download works.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from engagement.admin_exports import export_permission_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# Downloads that are not the project's personal or case data, or that another permission governs, by URL name.
EXEMPT = {
    "wagtailsearchpromotions:search_terms": "Wagtail's report of the words visitors searched for, counted: no person",
    "wagtailadmin_reports:locked_pages": "Wagtail's report of locked pages: page titles and editors",
    "wagtailadmin_reports:workflow": "Wagtail's workflow report: page titles and moderation steps",
    "wagtailadmin_reports:workflow_tasks": "Wagtail's workflow report: page titles and moderation steps",
    "wagtailadmin_reports:site_history": "Wagtail's site history, open only to those Wagtail allows to see it",
    "wagtailadmin_reports:aging_pages": "Wagtail's report of pages not updated lately: page titles",
    "translation_report": "pages and snippets missing a translation: titles only",
    "wagtailredirects:index": "redirects: old and new addresses of pages",
    "privacy_log:index": "the privacy officers' own log (address hashes); privacy.use_privacy_tools governs it",
}

# Downloads written by hand (not Wagtail listings): URL name, query, permissions to view, export permission.
CUSTOM_EXPORTS = [
    ("proposals_proposal:report", {"format": "csv"}, ["proposals.view_proposal"], "proposals.export_proposal"),
]

# Files that send a download other than an admin listing, and why (the custom exports above, or not an export).
DOWNLOAD_FILES = {
    "engagement/proposals/report.py": "the annual report CSV, in CUSTOM_EXPORTS",
    "engagement/privacy/views.py": "one person's own data for a privacy request, by privacy officers only",
    "home/views.py": "a public contact card (vCard)",
    "site/spreadsheets.py": "the one CSV writer the exports above use (csv_response), no view of its own",
}
DOWNLOAD_MARKERS = ("attachment;", "as_attachment", "text/csv", "spreadsheetml")


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern.callback


def listing_exports():
    """(URL name, model) of every admin view that offers a listing as CSV or XLSX."""
    found = []
    for route, name, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        if not route.startswith("admin/") or view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        initkwargs = getattr(callback, "view_initkwargs", {})
        if not initkwargs.get("list_export", view_class.list_export):
            continue
        if name.endswith("_results"):
            continue  # the same view's results-only URL, checked with its index below
        found.append((name, initkwargs.get("model", getattr(view_class, "model", None))))
    return found


EXPORTS = listing_exports()
CHECKED = [(name, model) for name, model in EXPORTS if name not in EXEMPT]


def test_the_search_finds_the_listings_of_personal_data():
    names = {name for name, _model in EXPORTS}
    assert {"event_signups:index", "feedback_feedback:index", "proposals_support:index"} <= names


def _user(django_user_model, permissions):
    user = django_user_model.objects.create_user("katselija", "katselija@koivula.example", "correct horse battery")
    for dotted in ["wagtailadmin.access_admin", *permissions]:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return django_user_model.objects.get(pk=user.pk)  # a fresh permission cache


def _grant(user, dotted):
    app_label, codename = dotted.split(".")
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return type(user).objects.get(pk=user.pk)


def assert_refused(response, message):
    """Wagtail answers a refused admin view with a redirect to the dashboard and a message."""
    assert response.status_code in (302, 403), message
    assert "attachment" not in response.get("Content-Disposition", ""), message


def _results_url(index_url):
    return index_url.rstrip("/") + "/results/"


@pytest.mark.parametrize("name, model", CHECKED, ids=[name for name, _model in CHECKED])
def test_every_listing_export_needs_the_export_permission(client, django_user_model, name, model):
    assert model is not None, f"{name}: a listing export without a model needs an entry in EXEMPT or a check"
    opts = model._meta
    user = _user(django_user_model, [f"{opts.app_label}.view_{opts.model_name}"])
    client.force_login(user)
    url = reverse(name)

    page = client.get(url)
    assert page.status_code == 200
    assert "export=csv" not in page.content.decode() and "export=xlsx" not in page.content.decode()
    for export_format in ("csv", "xlsx"):
        for address in (url, _results_url(url)):
            assert_refused(client.get(address, {"export": export_format}), f"{address} exports {export_format}")

    client.force_login(_grant(user, export_permission_for(model)))
    assert "export=csv" in client.get(url).content.decode()
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("name, query, view_permissions, export_permission", CUSTOM_EXPORTS)
def test_every_custom_export_needs_the_export_permission(
    client, django_user_model, name, query, view_permissions, export_permission
):
    user = _user(django_user_model, view_permissions)
    client.force_login(user)
    url = reverse(name)
    page = client.get(url)
    assert page.status_code == 200
    assert "format=csv" not in page.content.decode()
    assert_refused(client.get(url, query), f"{url} exports")

    client.force_login(_grant(user, export_permission))
    assert "format=csv" in client.get(url).content.decode()
    assert client.get(url, query).status_code == 200


def test_no_download_is_written_outside_the_known_places():
    """A new hand-written download must be added to CUSTOM_EXPORTS (with its check) or DOWNLOAD_FILES."""
    found = set()
    for folder in ("engagement", "home", "site"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            if any(marker in text for marker in DOWNLOAD_MARKERS):
                found.add(str(path.relative_to(ROOT)))
    assert found <= set(DOWNLOAD_FILES), f"downloads not accounted for: {sorted(found - set(DOWNLOAD_FILES))}"


def test_exemptions_name_existing_exports():
    names = {name for name, _model in EXPORTS}
    assert set(EXEMPT) <= names
