"""The privacy tools in the admin: permission, search, export, the two-step erase, the log, languages."""

import hashlib
import json

import pytest
from django.contrib.auth.models import Group
from django.core.serializers import serialize
from django.test import Client
from wagtail.models import ModelLogEntry

from engagement.feedback.models import Feedback
from engagement.privacy import data
from engagement.privacy.models import PrivacyLogEntry
from engagement.privacy.registry import kinds
from tests.factories import admin_language

from .conftest import PERSON

pytestmark = pytest.mark.django_db

SEARCH, EXPORT, ERASE, LOG = "/admin/privacy/", "/admin/privacy/export/", "/admin/privacy/erase/", "/admin/privacy/log/"
OTHER_GROUPS = ["Communications staff", "Moderators", "Feedback handlers", "Event organisers"]


def confirm_data(email=PERSON):
    return {"email": email, "confirm": "yes", "fingerprint": data.fingerprint(data.find(email))}


def test_privacy_officers_group_has_the_permission(officer):
    assert Group.objects.filter(name="Privacy officers").exists()
    assert officer.has_perm("privacy.use_privacy_tools")


@pytest.mark.parametrize("group", OTHER_GROUPS)
def test_other_staff_get_403_and_change_nothing(client, staff_user_factory, world, group):
    user = staff_user_factory(group)
    assert user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    assert client.get(SEARCH).status_code == 403
    assert client.post(SEARCH, {"email": PERSON}).status_code == 403
    assert client.post(EXPORT, {"email": PERSON}).status_code == 403
    assert client.post(ERASE, confirm_data()).status_code == 403
    assert client.get(LOG).status_code in (302, 403)
    assert SEARCH not in client.get("/admin/").content.decode()
    assert Feedback.objects.get(pk=world["feedback_fi"].pk).email
    assert not PrivacyLogEntry.objects.exists()


def test_menu_shows_the_tools_to_officers_and_superusers(client, officer, superuser):
    for user in (officer, superuser):
        client.force_login(user)
        html = client.get("/admin/").content.decode()
        assert SEARCH in html and LOG in html


def test_search_shows_counts_per_kind_with_links_and_logs_a_hash(client, officer, world):
    client.force_login(officer)
    response = client.post(SEARCH, {"email": " Aino.Virtanen@EXAMPLE.com"})
    assert response.status_code == 200
    html = response.content.decode()
    found = data.find(PERSON)
    for kind in kinds():
        assert f'id="kind-{kind.key}"' in html
        assert f"({len(found[kind.key])})" in html
    assert f'href="/admin/feedback/inbox/handle/{world["feedback_fi"].pk}/"' in html
    assert "040 111 2222" not in html  # titles and dates, not every detail
    entry = PrivacyLogEntry.objects.get()
    assert (entry.action, entry.user, entry.email_hash) == ("search", officer, data.email_hash(PERSON))
    assert entry.counts == data.counts(found)
    assert ModelLogEntry.objects.filter(action="privacy.search", user=officer, data__email_hash=data.email_hash(PERSON)).exists()


def test_export_is_one_utf8_json_file_grouped_by_kind(client, officer, world):
    client.force_login(officer)
    response = client.post(EXPORT, {"email": PERSON.upper()})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "Männistön".encode() in response.content  # UTF-8, not \u escapes
    export = json.loads(response.content.decode("utf-8"))
    assert set(export["counts"]) == {kind.key for kind in kinds()}
    assert {item["language"] for item in export["feedback"]} == {"fi", "sv"}
    assert all(item["created_at"] for item in export["proposals"])
    assert PrivacyLogEntry.objects.get().action == "export"
    assert client.get(EXPORT).status_code == 405


def test_erase_needs_the_confirmation_post(client, officer, world):
    client.force_login(officer)
    before = data.counts(data.find(PERSON))
    # A GET never erases, whatever it carries.
    response = client.get(ERASE, confirm_data())
    assert response.status_code == 302
    # The first POST only lists what will be erased.
    response = client.post(ERASE, {"email": PERSON})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="confirm" value="yes"' in html and str(kinds()[0].erase_text) in html
    assert data.counts(data.find(PERSON)) == before
    assert not PrivacyLogEntry.objects.filter(action="erase").exists()
    # The confirmation erases, in one go.
    response = client.post(ERASE, confirm_data())
    assert response.status_code == 302 and response["Location"] == SEARCH
    assert sum(data.counts(data.find(PERSON)).values()) == 0
    entry = PrivacyLogEntry.objects.get(action="erase")
    assert entry.counts == before and entry.email_hash == data.email_hash(PERSON)
    assert ModelLogEntry.objects.filter(action="privacy.erase").count() == 1
    # Again: nothing left, nothing changed, still logged.
    response = client.post(ERASE, {"email": PERSON, "confirm": "yes", "fingerprint": data.fingerprint(data.find(PERSON))})
    assert response.status_code == 302
    assert PrivacyLogEntry.objects.filter(action="erase").latest("pk").total == 0


def test_erase_refuses_when_the_data_changed_after_the_list(client, officer, world):
    client.force_login(officer)
    stale = confirm_data()
    world["follower"].delete()
    response = client.post(ERASE, stale)
    assert response.status_code == 200  # the list again, with a warning
    assert Feedback.objects.get(pk=world["feedback_fi"].pk).email
    assert not PrivacyLogEntry.objects.filter(action="erase").exists()


def test_posts_need_the_csrf_token(officer, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    for url, payload in ((SEARCH, {"email": PERSON}), (EXPORT, {"email": PERSON}), (ERASE, confirm_data())):
        assert client.post(url, payload).status_code == 403, url
    assert Feedback.objects.get(pk=world["feedback_fi"].pk).email
    assert not PrivacyLogEntry.objects.exists()


def test_log_never_holds_the_email(client, officer, world):
    client.force_login(officer)
    client.post(SEARCH, {"email": PERSON})
    client.post(EXPORT, {"email": PERSON})
    client.post(ERASE, {"email": PERSON})
    client.post(ERASE, confirm_data())
    actions = list(PrivacyLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["search", "export", "search", "erase"]
    stored = serialize("json", PrivacyLogEntry.objects.all()) + serialize("json", ModelLogEntry.objects.filter(action__startswith="privacy."))
    assert data.email_hash(PERSON) in stored
    assert "virtanen" not in stored.lower()
    assert hashlib.sha256(PERSON.encode()).hexdigest() not in stored  # a guess cannot be checked


def test_log_lists_entries_read_only_with_filters(client, officer, superuser, world):
    client.force_login(officer)
    client.post(SEARCH, {"email": PERSON})
    client.post(ERASE, confirm_data())
    html = client.get(LOG).content.decode()
    assert data.email_hash(PERSON)[:16] in html and "tietosuoja" in html
    html = client.get(LOG, {"action": "erase"}).content.decode()
    assert html.count(data.email_hash(PERSON)[:16]) == 1
    assert client.get(LOG, {"created_at_after": "2000-01-01", "created_at_before": "2000-01-02"}).status_code == 200
    entry = PrivacyLogEntry.objects.first()
    assert client.get(f"{LOG}inspect/{entry.pk}/").status_code == 200
    assert client.get(f"{LOG}edit/{entry.pk}/").status_code in (302, 403, 404)
    assert client.post(f"{LOG}delete/{entry.pk}/").status_code in (302, 403, 404)
    assert PrivacyLogEntry.objects.filter(pk=entry.pk).exists()
    assert client.get(f"{LOG}new/").status_code in (302, 403, 404)


@pytest.mark.parametrize(
    "language, words",
    [
        ("fi", ["Tietosuojatyökalut", "Hae henkilön tiedot", "Palaute", "Vie JSON-tiedostona", "Poista…"]),
        ("sv", ["Dataskyddsverktyg", "Sök en persons uppgifter", "Respons", "Exportera som JSON", "Radera…"]),
    ],
)
def test_admin_pages_speak_finnish_and_swedish(client, officer, world, language, words):
    admin_language(officer, language)
    client.force_login(officer)
    html = client.post(SEARCH, {"email": PERSON}).content.decode()
    for word in words:
        assert word in html, word
    confirm = client.post(ERASE, {"email": PERSON}).content.decode()
    assert {"fi": "Kyllä, poista", "sv": "Ja, radera"}[language] in confirm
    log = client.get(LOG).content.decode()
    assert {"fi": "Tietosuojaloki", "sv": "Dataskyddslogg"}[language] in log
