"""The public "add or update your association" form: valid, invalid, wrong captcha, oversized input,
the same submission twice, updates of an existing entry, in Finnish and Swedish."""

import pytest
from captcha.models import CaptchaStore
from django.core import mail

from engagement.directory.pages import AssociationFormPage
from engagement.models import PageSubmission
from home.models import AssociationPage
from tests.factories.directory import (
    AssociationCategoryFactory,
    AssociationIndexPageFactory,
    AssociationPageFactory,
    association_form_pages,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(home_fi, home_sv, locale_sv):
    index = AssociationIndexPageFactory(parent=home_fi)
    index_sv = index.copy_for_translation(locale_sv)
    index_sv.save_revision().publish()
    association_form_pages(home_fi, index)
    category = AssociationCategoryFactory(name="Kyläyhdistykset", slug="kylat")
    return index, index_sv, category


def form_url(language, entry=None, route=None):
    """The form page's address in `language`: the new entry form, an entry's update form (`entry`), or
    another route (`route`: (name, args))."""
    page = AssociationFormPage.objects.get(locale__language_code=language)
    if entry:
        route = ("update", [entry])
    return page.url + (page.reverse_subpage(route[0], args=route[1]) if route else "")


def valid_data(**overrides):
    data = {
        "name": "Niittylän kyläyhdistys ry",
        "intro": "Kylätalo, talkoot ja kesäjuhlat.",
        "description": "Yhdistys perustettiin 1952.\n\nToimimme koko kylän hyväksi.",
        "categories": ["kylat"],
        "area": "Niittylä",
        "languages": ["fi", "sv"],
        "contact_name": "Maija Mäkelä",
        "contact_email": "kyla@example.org",
        "contact_phone": "+358 40 123 4567",
        "web_address": "https://niittyla.example.org",
        "meeting_place": "Niittylän kylätalo",
        "how_to_join": "Tule kyläkokoukseen.",
        "register_number": "123.456",
        "steward_email": "hallitus@example.org",
        "submitter_name": "Maija Mäkelä",
        "submitter_email": "maija@example.org",
        "message": "",
        "website": "",
        "captcha_0": "x",
        "captcha_1": "PASSED",
        "submission_token": "6f1c2a1e-8c4b-4bb4-9a7e-0d3f2a9b1c11",
    }
    data.update(overrides)
    return data


def test_form_shows_in_both_languages(client, directory):
    html = client.get(form_url("fi")).content.decode()
    assert "Lisää yhdistyksesi hakemistoon" in html and 'name="captcha_1"' in html and "Kyläyhdistykset" in html
    html_sv = client.get(form_url("sv")).content.decode()
    assert "Lägg till din förening i registret" in html_sv


def test_valid_submission_makes_a_draft_in_moderation_and_emails_a_receipt(client, directory):
    index, _index_sv, category = directory
    response = client.post(form_url("fi"), valid_data())
    assert response.status_code == 200
    assert "Kiitos" in response.content.decode()
    page = AssociationPage.objects.get(title="Niittylän kyläyhdistys ry")
    assert not page.live and page.get_parent().pk == index.pk
    assert page.workflow_in_progress
    latest = page.get_latest_revision_as_object()
    assert latest.languages == ["fi", "sv"] and list(latest.categories.all()) == [category]
    assert "Toimimme koko kylän hyväksi." in str(latest.body)
    assert latest.website == "https://niittyla.example.org"
    submission = PageSubmission.objects.get(page=page)
    assert submission.language == "fi" and submission.kind == "association"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maija@example.org"]


def test_swedish_submission_goes_under_the_swedish_directory(client, directory):
    _index, index_sv, _category = directory
    response = client.post(form_url("sv"), valid_data(name="Ängsby byaförening rf", categories=[]))
    assert "Tack" in response.content.decode()
    page = AssociationPage.objects.get(title="Ängsby byaförening rf")
    assert page.get_parent().pk == index_sv.pk and page.locale.language_code == "sv"
    assert "Tack" in mail.outbox[0].body


def test_invalid_submission_keeps_what_was_typed_and_explains_in_the_language(client, directory):
    response = client.post(form_url("sv"), valid_data(steward_email="inte-en-adress", languages=[]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange en giltig mejladress." in html
    assert "Niittylän kyläyhdistys ry" in html  # kept
    assert not AssociationPage.objects.filter(title="Niittylän kyläyhdistys ry").exists()
    assert mail.outbox == []


def test_wrong_captcha_is_rejected(client, directory):
    store = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")  # a live picture, mistyped
    response = client.post(form_url("fi"), valid_data(captcha_0=store.hashkey, captcha_1="WRONG"))
    assert "Merkit eivät vastanneet kuvaa" in response.content.decode()
    assert not AssociationPage.objects.exists()


def test_oversized_input_is_rejected(client, directory):
    response = client.post(form_url("fi"), valid_data(intro="x" * 601, description="y" * 4001))
    html = response.content.decode()
    assert response.status_code == 200 and "enintään 600 merkkiä" in html
    assert not AssociationPage.objects.exists()


def test_the_same_submission_twice_stores_once(client, directory):
    client.post(form_url("fi"), valid_data())
    response = client.post(form_url("fi"), valid_data())
    assert response.status_code == 200
    assert AssociationPage.objects.filter(title="Niittylän kyläyhdistys ry").count() == 1
    assert PageSubmission.objects.count() == 1
    assert len(mail.outbox) == 1


def test_update_of_an_existing_entry_is_queued_and_keeps_the_live_page(client, directory):
    index, _index_sv, _category = directory
    entry = AssociationPageFactory(parent=index, title="Rantalan kyläyhdistys ry", intro="Vanha kuvaus")
    revisions = entry.revisions.count()
    html = client.get(form_url("fi", entry.pk)).content.decode()
    assert "Vanha kuvaus" in html and entry.steward_email not in html  # the upkeep address is not shown
    response = client.post(
        form_url("fi", entry.pk), valid_data(name="Rantalan kyläyhdistys ry", intro="Uusi kuvaus", entry=entry.pk)
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.live and entry.intro == "Vanha kuvaus"  # unchanged until a moderator applies it
    assert entry.revisions.count() == revisions and not entry.workflow_in_progress  # the page is not touched
    submission = PageSubmission.objects.get()
    assert submission.page_id == entry.pk and submission.is_queued_update
    assert submission.content["intro"] == "Uusi kuvaus"
    assert "maija@example.org" not in str(submission.content)  # the submitter's address stays in its own field
    assert AssociationPage.objects.count() == 1
