"""The first day of a real site: `start_site` makes an empty bilingual site under the municipality's name with
correct absolute links, and `load_demo` refuses to add made-up residents to it."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from engagement.feedback.models import Feedback, FeedbackTopic
from engagement.feedback.pages import FeedbackPage
from home.models import ContactPerson, HomePage, SiteSettings

pytestmark = pytest.mark.django_db

HOST = "www.testila.example"


def start(**extra):
    out = io.StringIO()
    call_command("start_site", name_fi="Testilän kunta", name_sv="Testby kommun", host=HOST,
                 email="kirjaamo@testila.example", stdout=out, **extra)
    return out.getvalue()


def test_start_site_makes_an_empty_bilingual_site_under_the_municipalitys_name(client):
    output = start()
    assert "https://www.testila.example" in output

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (HOST, 443, "https://www.testila.example")
    names = SiteSettings.for_site(site)
    assert (names.municipality_name_fi, names.municipality_name_sv) == ("Testilän kunta", "Testby kommun")
    assert sorted(HomePage.objects.values_list("title", flat=True)) == ["Testby kommun", "Testilän kunta"]

    for language, name, other in (("fi", "Testilän kunta", "Koivula"), ("sv", "Testby kommun", "Björkby")):
        home = client.get(f"/{language}/", HTTP_HOST=HOST)
        assert home.status_code == 200
        html = home.content.decode()
        assert name in html and other not in html
        feedback = FeedbackPage.objects.get(locale__language_code=language)
        assert feedback.get_full_url().startswith(f"https://{HOST}/{language}/")
        page = client.get(feedback.url, HTTP_HOST=HOST)
        assert page.status_code == 200
        topic = FeedbackTopic.objects.get(locale__language_code=language, code="saavutettavuus")
        assert topic.name in page.content.decode() and topic.is_accessibility
        assert topic.notify_email == "kirjaamo@testila.example"

    sitemap = client.get("/sitemap.xml", HTTP_HOST=HOST).content.decode()
    assert f"<loc>https://{HOST}/fi/palaute/</loc>" in sitemap
    assert f"<loc>https://{HOST}/sv/respons/</loc>" in sitemap  # both languages
    assert f"<loc>https://{HOST}/sv/</loc>" in sitemap
    assert "localhost" not in sitemap
    # Empty: no demo people, feedback or content pages.
    assert not ContactPerson.objects.exists() and not Feedback.objects.exists()
    assert FeedbackTopic.objects.filter(locale__language_code="fi").count() == 6


def test_start_site_again_only_updates_names_and_address():
    start()
    pages, topics = FeedbackPage.objects.count(), FeedbackTopic.objects.count()
    out = io.StringIO()
    call_command("start_site", name_fi="Uusi kunta", name_sv="Nya kommun", host="kunta.example", port=8000, stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://kunta.example:8000"
    assert (FeedbackPage.objects.count(), FeedbackTopic.objects.count()) == (pages, topics) == (2, 12)
    assert SiteSettings.for_site(site).municipality_name_sv == "Nya kommun"
    # The address of emails is the environment's: the command says so when they differ.
    assert "WAGTAILADMIN_BASE_URL=http://kunta.example:8000" in out.getvalue()


@pytest.mark.parametrize("host", ["https://www.testila.example", "www.testila.example:8000", "www.testila.example/fi"])
def test_start_site_wants_the_host_name_alone(host):
    with pytest.raises(CommandError):
        call_command("start_site", name_fi="A", name_sv="B", host=host, stdout=io.StringIO())


def test_load_demo_refuses_production_settings_unless_forced(settings, monkeypatch):
    from kumppanuus.management.commands import load_demo

    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="production settings"):
        call_command("load_demo", stdout=io.StringIO())
    assert not ContactPerson.objects.exists()

    loaded = []
    monkeypatch.setattr(load_demo, "DEMO_MODULES", ["kumppanuus.demo.helpers"])
    monkeypatch.setattr("kumppanuus.demo.helpers.load", lambda stdout: loaded.append(True), raising=False)
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert loaded == [True] and "demo is ready" in out.getvalue()
