"""An editor creates a page in Finnish in the admin, translates it into Swedish with wagtail-localize,
and publishes both; the translation report lists what is missing or out of date."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringSegment, Translation

from home.models import ContentPage
from kumppanuus.translation_report import MISSING, OUTDATED, translation_gaps
from tests.factories.home import ContentPageFactory, FooterFactory

pytestmark = pytest.mark.django_db

SWEDISH = {
    "Yhdistysavustukset": "Föreningsbidrag",
    "Haku on auki maaliskuun loppuun.": "Ansökan är öppen till slutet av mars.",
    "Kuka voi hakea?": "Vem kan ansöka?",
    "Rekisteröidyt yhdistykset.": "Registrerade föreningar.",
}


@pytest.fixture
def editor(client, staff_user_factory):
    user = staff_user_factory("Communications staff")
    client.force_login(user)
    return user


def test_editor_creates_translates_and_publishes_a_page(
    client, editor, home_fi, locale_sv, django_capture_on_commit_callbacks
):
    # 1. Create and publish the Finnish page in the admin.
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["home", "contentpage", home_fi.pk]),
        nested_form_data(
            {
                "title": "Yhdistysavustukset",
                "slug": "yhdistysavustukset",
                "intro": "Haku on auki maaliskuun loppuun.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Kuka voi hakea?", "level": "h2"}),
                        ("paragraph", rich_text("<p>Rekisteröidyt yhdistykset.</p>")),
                    ]
                ),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page_fi = ContentPage.objects.get(slug="yhdistysavustukset")
    assert page_fi.live and page_fi.locale.language_code == "fi"

    # 2. Submit it for translation into Swedish.
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page_fi.pk]), {"locales": [locale_sv.pk]}
    )
    assert response.status_code == 302
    page_sv = page_fi.get_translation(locale_sv)
    assert not page_sv.live
    translation = Translation.objects.get(source__object_id=page_fi.translation_key, target_locale=locale_sv)

    # 3. Translate every string in the wagtail-localize editor.
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    assert {segment.string.data for segment in segments} >= set(SWEDISH)
    for segment in segments:
        response = client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": SWEDISH.get(segment.string.data, segment.string.data)}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201)

    # 4. Publish the translation (wagtail-localize publishes once the transaction commits).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page_sv.pk]), {"action": "publish"})
    assert response.status_code == 302
    page_sv = Page.objects.get(pk=page_sv.pk).specific
    assert page_sv.live
    assert page_sv.title == "Föreningsbidrag"
    assert page_sv.intro == "Ansökan är öppen till slutet av mars."

    html = client.get(page_sv.url).content.decode()
    assert '<html lang="sv">' in html
    assert "Vem kan ansöka?" in html and "Registrerade föreningar." in html
    assert f'href="{page_fi.url}" lang="fi"' in html


def test_communications_staff_cannot_reach_user_management(client, editor):
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_translation_report_lists_missing_and_outdated_translations(client, editor, home_fi, locale_sv):
    only_fi = ContentPageFactory(parent=home_fi, title="Vain suomeksi", slug="vain-suomeksi")
    both = ContentPageFactory(parent=home_fi, title="Molemmat", slug="molemmat")
    both_sv = both.copy_for_translation(locale_sv)
    both_sv.save_revision().publish()
    FooterFactory()

    problems = {(gap.title, gap.language, gap.problem) for gap in translation_gaps()}
    assert ("Vain suomeksi", "sv", MISSING) in problems
    assert not any(title == "Molemmat" for title, _language, _problem in problems)
    assert any(problem == MISSING and language == "sv" for _title, language, problem in problems)  # the footer

    # The source changes after the translation: the translation is now outdated.
    both.intro = "Päivitetty"
    both.save_revision().publish()
    assert ("Molemmat", "sv", OUTDATED) in {(gap.title, gap.language, gap.problem) for gap in translation_gaps()}

    response = client.get(reverse("translation_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vain suomeksi" in html and "Molemmat" in html
    assert reverse("wagtailadmin_pages:edit", args=[only_fi.pk]) in html
    export = client.get(reverse("translation_report") + "?export=csv")
    assert export.status_code == 200
    assert "Vain suomeksi" in b"".join(export.streaming_content).decode()


def test_translation_report_is_for_translators_only(client, staff_user_factory):
    outsider = staff_user_factory()
    client.force_login(outsider)
    assert client.get(reverse("translation_report")).status_code in (302, 403)


def test_republishing_without_new_text_is_not_outdated(home_fi, locale_sv):
    page = ContentPageFactory(parent=home_fi, title="Sama teksti", slug="sama-teksti")
    page.save_revision().publish()
    page_sv = page.copy_for_translation(locale_sv)
    page_sv.save_revision().publish()
    # Published again later, e.g. by a synchronised fact or a scheduled publish, with the same text.
    page = Page.objects.get(pk=page.pk).specific
    page.show_in_menus = not page.show_in_menus
    page.save_revision().publish()
    assert not any(gap.title == "Sama teksti" for gap in translation_gaps())

    page.intro = "Uusi teksti"
    page.save_revision().publish()
    assert ("Sama teksti", "sv", OUTDATED) in {(gap.title, gap.language, gap.problem) for gap in translation_gaps()}


def test_the_report_says_how_it_differs_from_wagtail_localizes_report(client, editor):
    client.force_login(editor)
    html = client.get(reverse("translation_report")).content.decode()
    assert "Translations" in html or "Käännökset" in html
    assert "wagtail-localize" in html
