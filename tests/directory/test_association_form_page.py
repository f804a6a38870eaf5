"""The association form as a page (AssociationFormPage, issue 14): its routes in both languages, the
directory's links to it, and the old addresses (`associations/submit/`, `associations/confirm/<key>/`)
that emails already sent still use."""

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone, translation

from engagement.directory.services import CONFIRMATION_SALT
from engagement.models import PageSubmission
from home.models import AssociationConfirmation, AssociationPage
from tests.directory.test_association_form import valid_data
from tests.factories.directory import (
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
    form_fi, form_sv = association_form_pages(home_fi, index)
    entry = AssociationPageFactory(parent=index, title="Rantalan kyläyhdistys ry", intro="Julkinen kuvaus")
    return {"index": index, "index_sv": index_sv, "form_fi": form_fi, "form_sv": form_sv, "entry": entry}


def old_address(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language,heading", [("fi", "Lisää yhdistyksesi hakemistoon"),
                                              ("sv", "Lägg till din förening i registret")])
def test_the_form_route_in_both_languages(client, directory, language, heading):
    page = directory[f"form_{language}"]
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200 and heading in html and 'name="captcha_1"' in html
    assert page.url.startswith(f"/{language}/")
    assert "no-cache" in response["Cache-Control"]  # a new captcha and submission token each time


def test_a_valid_post_makes_a_submission_under_the_directory_of_the_language(client, directory):
    response = client.post(directory["form_sv"].url, valid_data(name="Ängsby byaförening rf", categories=[]))
    assert response.status_code == 200 and "Tack" in response.content.decode()
    submission = PageSubmission.objects.get()
    assert submission.kind == "association" and submission.language == "sv"
    assert submission.page.get_parent().pk == directory["index_sv"].pk
    assert len(mail.outbox) == 1


def test_an_invalid_post_keeps_the_input(client, directory):
    response = client.post(directory["form_fi"].url, valid_data(steward_email="ei-osoite"))
    html = response.content.decode()
    assert response.status_code == 200 and "Niittylän kyläyhdistys ry" in html and "Kylätalo, talkoot" in html
    assert not PageSubmission.objects.exists()


def test_the_update_route_fills_in_the_live_entry_and_an_unknown_entry_is_404(client, directory):
    form, entry = directory["form_fi"], directory["entry"]
    html = client.get(form.entry_update_url(entry.pk)).content.decode()
    assert "Julkinen kuvaus" in html and "Rantalan kyläyhdistys ry" in html
    assert client.get(form.url + form.reverse_subpage("update", args=[999999])).status_code == 404


def test_an_unknown_correction_token_is_404(client, directory):
    form = directory["form_fi"]
    assert client.get(form.url + form.reverse_subpage("correct", args=["x" * 32])).status_code == 404


def test_the_directory_and_an_entry_link_to_the_form_page_of_their_language(client, directory):
    html = client.get(directory["index"].url).content.decode()
    assert f'href="{directory["form_fi"].url}"' in html
    html_sv = client.get(directory["index_sv"].url).content.decode()
    assert f'href="{directory["form_sv"].url}"' in html_sv
    entry_html = client.get(directory["entry"].url).content.decode()
    assert f'href="{directory["form_fi"].entry_update_url(directory["entry"].pk)}"' in entry_html


def test_without_a_form_page_the_directory_shows_no_form_link(client, home_fi):
    index = AssociationIndexPageFactory(parent=home_fi)
    entry = AssociationPageFactory(parent=index)
    html = client.get(index.url).content.decode()
    assert "Lisää tai päivitä yhdistyksesi tiedot" not in html
    assert client.get(entry.url).status_code == 200
    assert client.get(old_address("fi", "directory:association_form")).status_code == 404


def test_the_old_confirmation_link_redirects_to_the_confirm_route(client, directory):
    entry = directory["entry"]
    # A link as sent before the form was a page: the signed key as it is, colons and all.
    signed = signing.dumps({"k": str(entry.translation_key), "r": int(timezone.now().timestamp()) - 60},
                           salt=CONFIRMATION_SALT)
    response = client.get(old_address("fi", "directory:association_confirm", signed))
    assert response.status_code == 302
    form = directory["form_fi"]
    assert response["Location"].startswith(form.url + "confirm/")
    asked = client.get(response["Location"])
    assert asked.status_code == 200 and "Rantalan kyläyhdistys ry" in asked.content.decode()
    assert client.post(response["Location"]).status_code == 200
    assert AssociationConfirmation.objects.get(translation_key=entry.translation_key).confirmed_at is not None


def test_the_old_form_address_redirects_with_its_entry_and_submission(client, directory):
    form_sv, entry = directory["form_sv"], directory["entry"]
    response = client.get(old_address("sv", "directory:association_form"))
    assert (response.status_code, response["Location"]) == (302, form_sv.url)
    response = client.get(old_address("sv", "directory:association_form") + f"?entry={entry.pk}")
    assert response["Location"] == form_sv.entry_update_url(entry.pk)
    token = "a" * 32
    response = client.get(old_address("fi", "directory:association_form") + f"?submission={token}")
    assert response["Location"] == directory["form_fi"].url + f"correct/{token}/"
    assert AssociationPage.objects.count() == 1


def test_editors_choose_the_form_page_of_the_directory_in_the_admin(client, directory, superuser):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[directory["index"].pk])).content.decode()
    assert 'name="form_page"' in html and directory["form_fi"].title in html
    # The form page can be added under the home page, once.
    home = directory["index"].get_parent()
    add = reverse("wagtailadmin_pages:add", args=["directory", "associationformpage", home.pk])
    assert client.get(add).status_code in (302, 403)  # there already is one under this home page
