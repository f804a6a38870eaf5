"""An association's event sent "in Finnish and Swedish" becomes an event page in both languages at
approval, with the Swedish (or Finnish) texts given and the organiser and category in each language;
"Request changes" lets the association send a corrected version (issue 12)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from engagement.events.pages import EventIndexPage, EventPage
from engagement.models import PageSubmission
from tests.events.conftest import translate
from tests.factories.directory import AssociationIndexPageFactory, AssociationPageFactory
from tests.factories.events import EventCategoryFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}
TEXTS = {
    "fi": {"title": "Marttojen leipäkurssi", "summary": "Opettelemme leipomaan ruisleipää.",
           "description": "Mukaan esiliina."},
    "sv": {"title": "Marthornas brödkurs", "summary": "Vi lär oss baka rågbröd.", "description": "Ta med förkläde."},
}


@pytest.fixture
def setting(home_fi, home_sv, locale_sv, index_fi, index_sv):
    directory = AssociationIndexPageFactory(parent=home_fi)
    translate(directory, locale_sv, title="Föreningar", slug="foreningar")
    association = AssociationPageFactory(parent=directory, title="Koivulan Martat ry")
    association_sv = translate(association, locale_sv, title="Björkby Marthaförening rf")
    category = EventCategoryFactory(name="Kurssit", slug="kurssit")
    category_sv = category.copy_for_translation(locale_sv)
    category_sv.name = "Kurser"
    category_sv.save()
    return {"association": association, "association_sv": association_sv, "category": category}


def data(setting, site_language, **extra):
    own, other = (site_language, "sv" if site_language == "fi" else "fi")
    start = timezone.localtime() + timedelta(days=10)
    association = setting["association"] if site_language == "fi" else setting["association_sv"]
    category = setting["category"] if site_language == "fi" else setting["category"].get_translation(association.locale)
    return {
        "association": association.pk,
        "category": category.pk,
        "language": "both",
        **TEXTS[own],
        **{f"{key}_other": value for key, value in TEXTS[other].items()},
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "place_name": "Marttala",
        "submitter_name": "Aino Martta",
        "submitter_email": "aino@example.org",
        **CAPTCHA,
        **extra,
    }


def submit_url(language):
    """The association's event form: a sub-route of the events page of `language`."""
    return EventIndexPage.objects.get(locale__language_code=language).submit_url


def test_the_old_address_of_the_form_leads_to_it(client, setting):
    response = client.get("/sv/events/submit/?submission=abc")
    assert response.status_code == 302 and response["Location"] == submit_url("sv") + "?submission=abc"
    assert client.post("/fi/events/submit/", {}).status_code == 307  # a POST is repeated, not lost


def approve(submission, user):
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve")


@pytest.mark.parametrize("site_language", ["fi", "sv"])
def test_a_bilingual_event_is_published_in_both_languages(client, setting, superuser, site_language):
    client.post(submit_url(site_language), data(setting, site_language))
    submission = PageSubmission.objects.get(kind="event")
    assert not EventPage.objects.filter(live=True).exists()
    approve(submission, superuser)

    fi = EventPage.objects.get(locale__language_code="fi")
    sv = EventPage.objects.get(locale__language_code="sv")
    assert fi.live and sv.live and fi.translation_key == sv.translation_key
    assert (fi.title, fi.intro) == (TEXTS["fi"]["title"], TEXTS["fi"]["summary"])
    assert (sv.title, sv.intro) == (TEXTS["sv"]["title"], TEXTS["sv"]["summary"])
    assert fi.start == sv.start and fi.languages == sv.languages == ["fi", "sv"]

    html_sv = client.get(sv.url).content.decode()
    assert "Björkby Marthaförening rf" in html_sv and "Kurser" in html_sv and "Ta med förkläde." in html_sv
    assert "Kommunen" not in html_sv and "Kurssit" not in html_sv and "esiliina" not in html_sv
    html_fi = client.get(fi.url).content.decode()
    assert "Koivulan Martat ry" in html_fi and "Kurssit" in html_fi and "Mukaan esiliina." in html_fi


def test_an_organiser_without_a_page_in_the_language_is_named_not_the_municipality(client, setting, index_sv):
    from tests.factories.events import EventPageFactory

    only_fi = AssociationPageFactory(parent=setting["association"].get_parent(), title="Koivulan Kuoro ry")
    event = EventPageFactory(parent=index_sv, title="Körkonsert", organiser=only_fi)
    html = client.get(event.url).content.decode()
    assert "Koivulan Kuoro ry" in html and "Kommunen" not in html


@pytest.mark.parametrize("language,link_text", [("fi", "Lisää yhdistyksesi hakemistoon"),
                                                ("sv", "Lägg till din förening i registret")])
def test_the_form_says_the_association_must_be_in_the_directory(client, setting, language, link_text):
    html = client.get(submit_url(language)).content.decode()
    with translation.override(language):
        association_form = reverse("directory:association_form")
    assert f'href="{association_form}"' in html and link_text in html


def test_request_changes_then_a_corrected_event(client, setting, superuser):
    client.post(submit_url("fi"), data(setting, "fi", language="fi"))
    submission = PageSubmission.objects.get(kind="event")
    page = submission.page
    mail.outbox.clear()
    task_state = submission.workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "reject", comment="Lisää osoite.")
    submission.refresh_from_db()
    assert submission.status == "changes"
    [message] = mail.outbox
    correction = submit_url("fi") + f"?submission={submission.token}"
    assert "Lisää osoite." in message.body and correction in message.body
    status = client.get(submission.get_status_url()).content.decode()
    assert "Lisää osoite." in status and correction in status

    form = client.get(correction).content.decode()
    assert 'value="Marttojen leipäkurssi"' in form and 'value="Marttala"' in form
    client.post(submit_url("fi"), data(setting, "fi", language="fi", address="Koulutie 1", correction=submission.token))
    submission.refresh_from_db()
    corrected = PageSubmission.objects.exclude(pk=submission.pk).get()
    assert submission.status == "superseded" and corrected.status == "in_review" and corrected.page_id == page.pk
    assert EventPage.objects.count() == 1
    assert page.specific.get_latest_revision_as_object().address == "Koulutie 1"
