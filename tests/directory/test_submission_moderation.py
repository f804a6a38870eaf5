"""Associations' own entries through moderation: the update form shows only the live page (issue 13,
finding 5), updates are queued without touching staff work (finding 13), "Request changes" reaches the
association with its comment and a way to send a corrected version, and an entry given in both
languages is published in both directories (issue 12)."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Workflow

from engagement.models import PageSubmission
from home.models import AssociationPage
from tests.directory.test_association_form import form_url, valid_data
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
    category_sv = category.copy_for_translation(locale_sv)
    category_sv.name = "Byaföreningar"
    category_sv.save()
    return index, index_sv


@pytest.fixture
def moderator(staff_user_factory):
    return staff_user_factory("Moderators", username="moderaattori")


@pytest.fixture
def entry(directory):
    index, _index_sv = directory
    return AssociationPageFactory(
        parent=index, title="Rantalan kyläyhdistys ry", intro="Julkinen kuvaus", contact_name="Julkinen Yhteyshenkilö",
        contact_email="julkinen@example.org",
    )


def staff_draft(page, user, **changes):
    """A staff member edits the live page and sends the draft to the moderators' workflow."""
    draft = page.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(draft, field, value)
    draft.save_revision(user=user)
    Workflow.objects.get(name="Moderaattorien hyväksyntä / Moderatorernas godkännande").start(draft, user)
    page.refresh_from_db()
    return page


def test_the_update_form_shows_only_the_live_page(client, entry, superuser):
    """A pending update, a rejected one or a staff draft can hold unpublished contact details."""
    draft = entry.get_latest_revision_as_object()
    draft.intro = "Luonnoksen kuvaus"
    draft.contact_name = "Salainen Henkilö"
    draft.contact_email = "salainen@example.org"
    draft.contact_phone = "+358 50 999 8888"
    draft.save_revision(user=superuser)

    html = client.get(form_url("fi", entry.pk)).content.decode()
    assert "Julkinen kuvaus" in html and "julkinen@example.org" in html
    for unpublished in ("Luonnoksen kuvaus", "Salainen Henkilö", "salainen@example.org", "999 8888"):
        assert unpublished not in html


def test_an_update_leaves_a_staff_workflow_and_draft_alone(client, entry, superuser):
    staff_draft(entry, superuser, intro="Henkilökunnan luonnos")
    state = entry.current_workflow_state
    latest = entry.latest_revision_id

    client.post(form_url("fi", entry.pk), valid_data(name=entry.title, intro="Yhdistyksen päivitys", entry=entry.pk))

    state.refresh_from_db()
    entry.refresh_from_db()
    assert state.status == "in_progress"  # not cancelled
    assert entry.latest_revision_id == latest  # nothing built on the staff draft
    assert entry.get_latest_revision_as_object().intro == "Henkilökunnan luonnos"
    assert entry.intro == "Julkinen kuvaus"
    submission = PageSubmission.objects.get(kind="association")
    assert submission.is_queued_update and submission.status == "in_review"


def test_a_moderator_applies_a_queued_update_on_the_live_page_only_after_staff_work(
    client, entry, superuser, moderator
):
    staff_draft(entry, superuser, intro="Henkilökunnan luonnos", meeting_place="Luonnoksen paikka")
    client.post(
        form_url("fi", entry.pk),
        valid_data(name=entry.title, intro="Yhdistyksen päivitys", meeting_place="Kylätalo", entry=entry.pk),
    )
    submission = PageSubmission.objects.get(kind="association")
    client.force_login(moderator)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    review_url = reverse("submission_update_review", args=[submission.pk])
    assert review_url in dashboard
    review = client.get(review_url).content.decode()
    assert "Yhdistyksen päivitys" in review and "Julkinen kuvaus" in review
    assert "Luonnoksen paikka" not in review  # compared with the live page, not the draft

    # While the staff draft is in its workflow, applying is refused and changes nothing.
    client.post(review_url, {"action": "apply"})
    submission.refresh_from_db()
    entry.refresh_from_db()
    assert submission.status == "in_review" and entry.current_workflow_state.status == "in_progress"

    # The staff draft is approved; now the update is applied on top of the live page.
    task_state = entry.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "approve")
    mail.outbox.clear()
    client.post(review_url, {"action": "apply"})
    submission.refresh_from_db()
    entry.refresh_from_db()
    assert submission.status == "approved"
    assert entry.live and entry.intro == "Yhdistyksen päivitys" and entry.meeting_place == "Kylätalo"
    assert [m.to for m in mail.outbox] == [["maija@example.org"]]


@pytest.mark.parametrize(
    "language,word,status_text", [("fi", "Moderaattorin kommentti", "Muutoksia pyydetty"),
                                  ("sv", "Moderatorns kommentar", "Ändringar begärda")]
)
def test_request_changes_keeps_the_comment_and_offers_a_corrected_version(
    client, directory, moderator, language, word, status_text
):
    client.post(form_url(language), valid_data(name="Niittylän kyläyhdistys ry"))
    submission = PageSubmission.objects.get()
    page = submission.page
    mail.outbox.clear()

    # The moderator uses Wagtail's "Request changes" in the admin, with a comment.
    client.force_login(moderator)
    task_state = page.current_workflow_state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "Lisätkää kokoontumispaikka."},
    )
    assert response.status_code in (200, 302)
    client.logout()

    submission.refresh_from_db()
    assert submission.status == "changes" and submission.moderator_comment == "Lisätkää kokoontumispaikka."
    [message] = mail.outbox
    assert "Lisätkää kokoontumispaikka." in message.body and word in message.body
    status_html = client.get(submission.get_status_url()).content.decode()
    assert status_text in status_html and "Lisätkää kokoontumispaikka." in status_html
    assert "Ei hyväksytty" not in status_html and "Inte godkänd" not in status_html

    # The association sends a corrected version from its status page, filled in with what it sent.
    correction = form_url(language, route=("correct", [submission.token]))
    assert correction in status_html
    assert correction in message.body
    form_html = client.get(correction).content.decode()
    assert "Kylätalo, talkoot ja kesäjuhlat." in form_html and "Lisätkää kokoontumispaikka." in form_html
    client.post(
        correction,
        valid_data(
            name="Niittylän kyläyhdistys ry", meeting_place="Niittylän kylätalo, Kyläntie 3",
            submission_token="0b6e8a52-9f43-4c3e-8d43-5f1a2c3d4e5f",
        ),
    )
    submission.refresh_from_db()
    assert submission.status == "superseded"
    corrected = PageSubmission.objects.exclude(pk=submission.pk).get()
    assert corrected.page_id == page.pk and corrected.status == "in_review"
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    assert page.get_latest_revision_as_object().meeting_place == "Niittylän kylätalo, Kyläntie 3"
    assert AssociationPage.objects.count() == 1


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_an_association_given_in_both_languages_is_in_both_directories(client, directory, superuser, language):
    index, index_sv = directory
    own, other = ("fi", "sv") if language == "fi" else ("sv", "fi")
    texts = {
        "fi": {"name": "Niittylän kyläyhdistys ry", "intro": "Kylätalo ja talkoot.", "description": "Perustettu 1952.",
               "how_to_join": "Tule kyläkokoukseen."},
        "sv": {"name": "Ängsby byaförening rf", "intro": "Byagård och talko.", "description": "Grundad 1952.",
               "how_to_join": "Kom till bystämman."},
    }
    data = valid_data(**texts[own], categories=["kylat"])
    data.update({f"{key}_other": value for key, value in texts[other].items()})
    client.post(form_url(language), data)
    submission = PageSubmission.objects.get()
    page = submission.page
    task_state = page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, superuser, "approve")

    fi = AssociationPage.objects.get(locale__language_code="fi")
    sv = AssociationPage.objects.get(locale__language_code="sv")
    assert fi.live and sv.live and fi.translation_key == sv.translation_key
    assert (fi.title, fi.intro) == ("Niittylän kyläyhdistys ry", "Kylätalo ja talkoot.")
    assert (sv.title, sv.intro) == ("Ängsby byaförening rf", "Byagård och talko.")
    assert "Grundad 1952." in str(sv.body) and "Kom till bystämman." in sv.how_to_join
    assert [category.name for category in sv.categories.all()] == ["Byaföreningar"]
    assert "Ängsby byaförening rf" in client.get(index_sv.url).content.decode()
    assert "Niittylän kyläyhdistys ry" in client.get(index.url).content.decode()
