"""The full-page cache (kumppanuus.pagecache): anonymous GETs of pages without per-visitor content are
served from the cache, and anything a page shows changing makes them fresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Site

from home.models import ContactPerson, SiteSettings
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory
from tests.factories.home import ContentPageFactory, FooterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home_fi):
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # made on first use otherwise
    return ContentPageFactory(parent=home_fi, title="Vanha otsikko", slug="sivu", show_in_menus=True)


def get_twice(client, url):
    first = client.get(url)
    second = client.get(url)
    return first, second


def test_second_anonymous_get_is_a_hit_without_sql(client, page):
    first = client.get("/fi/sivu/")
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/fi/sivu/")
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"


def test_languages_hosts_and_queries_are_separate_entries(client, page, home_sv):
    client.get("/fi/")
    assert client.get("/sv/")["X-Cache"] == "MISS"
    assert '<html lang="sv">' in client.get("/sv/").content.decode()
    assert client.get("/fi/?sivu=2")["X-Cache"] == "MISS"
    assert client.get("/fi/", HTTP_HOST="localhost")["X-Cache"] == "MISS"


def test_publishing_a_change_clears_the_cache(client, page):
    get_twice(client, "/fi/sivu/")
    page.title = "Uusi otsikko"
    page.save_revision().publish()
    response = client.get("/fi/sivu/")
    assert response["X-Cache"] == "MISS"
    assert "Uusi otsikko" in response.content.decode()


def test_unpublishing_clears_the_cache(client, page):
    get_twice(client, "/fi/sivu/")
    page.unpublish()
    assert client.get("/fi/sivu/").status_code == 404


def test_moving_a_page_clears_its_parent_menu(client, page, home_fi):
    other = ContentPageFactory(parent=home_fi, title="Toinen", slug="toinen")
    get_twice(client, "/fi/toinen/")
    page.move(other, pos="last-child")
    assert client.get("/fi/sivu/")["Location"] == "/fi/toinen/sivu/"  # Wagtail's automatic redirect
    assert client.get("/fi/toinen/sivu/").status_code == 200
    nav = client.get("/fi/toinen/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
    assert "Vanha otsikko" not in nav


def test_a_snippet_change_clears_every_page_that_shows_it(client, page, locale_fi):
    footer = FooterFactory(locale=locale_fi, text="<p>Ensimmäinen alatunniste</p>")
    assert "Ensimmäinen alatunniste" in get_twice(client, "/fi/sivu/")[1].content.decode()
    footer.text = "<p>Toinen alatunniste</p>"
    footer.save()
    response = client.get("/fi/sivu/")
    assert "Toinen alatunniste" in response.content.decode()


def test_a_contact_person_change_clears_the_cache(client, page):
    get_twice(client, "/fi/sivu/")
    ContactPerson.objects.create(name="Maija Meikäläinen", role="Osallisuuskoordinaattori", locale=page.locale)
    assert client.get("/fi/sivu/")["X-Cache"] == "MISS"


def test_bookkeeping_writes_leave_the_cache_alone(client, page):
    from captcha.models import CaptchaStore

    get_twice(client, "/fi/sivu/")
    CaptchaStore.generate_key()
    assert client.get("/fi/sivu/")["X-Cache"] == "HIT"


def test_pages_with_a_form_and_captcha_are_never_cached(client, home_fi):
    FeedbackTopicFactory()
    FeedbackPageFactory(parent=home_fi, slug="palaute")
    first, second = get_twice(client, "/fi/palaute/")
    assert 'name="captcha_1"' in second.content.decode()
    assert "X-Cache" not in first and "X-Cache" not in second
    assert first.content != second.content  # a new captcha and a new submission token each time


def test_signed_in_staff_never_read_or_fill_the_cache(client, page, superuser):
    client.get("/fi/sivu/")  # cached for anonymous visitors
    client.force_login(superuser)
    response = client.get("/fi/sivu/")
    assert "X-Cache" not in response
    client.logout()
    client.cookies.clear()
    assert client.get("/fi/sivu/")["X-Cache"] == "HIT"


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, page):
    client.get("/fi/sivu/")
    client.cookies["sessionid"] = "anything"
    assert "X-Cache" not in client.get("/fi/sivu/")


def test_errors_posts_and_excluded_paths_are_not_cached(client, page):
    assert "X-Cache" not in client.get("/fi/ei-ole/")
    assert "X-Cache" not in client.get("/fi/ei-ole/")
    assert "X-Cache" not in client.get("/health/")
    assert "X-Cache" not in client.get("/ping/")
    assert "X-Cache" not in client.get("/fi/sivu/?" + "x=1&" * 200)


@override_settings(PAGE_CACHE_SECONDS=0)
def test_it_can_be_turned_off(client, page):
    first, second = get_twice(client, "/fi/sivu/")
    assert "X-Cache" not in second


def test_a_render_racing_a_publish_is_not_kept(client, page):
    """A response rendered from the state before a change must not be served after it: the entry is
    stored under the version read before rendering."""
    from kumppanuus import pagecache

    version_before = pagecache.pages.version()
    client.get("/fi/sivu/")
    pagecache.pages.bump()
    assert pagecache.pages.version() != version_before
    assert client.get("/fi/sivu/")["X-Cache"] == "MISS"


def test_what_staff_see_is_never_stored_for_visitors(client, page, superuser):
    client.force_login(superuser)
    client.get("/fi/sivu/")
    client.logout()
    client.cookies.clear()
    response = client.get("/fi/sivu/")
    assert response["X-Cache"] == "MISS"
    assert "wagtail-userbar" not in response.content.decode()


@override_settings(PAGE_CACHE_SECONDS=0)
def test_navigation_and_footer_are_cached_fragments_per_language(client, page, home_sv, locale_fi, locale_sv):
    """Below the page cache, every page's frame (menu, footer) is built once per language."""
    FooterFactory(locale=locale_fi, text="<p>Alatunniste</p>")
    FooterFactory(locale=locale_sv, text="<p>Sidfot</p>")

    def footer_queries(url):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return [q for q in queries if "home_footer" in q["sql"]], html

    built, html = footer_queries("/fi/sivu/")
    assert built and "Alatunniste" in html and "Vanha otsikko" in html.split('class="main-nav"')[1]
    reused, html = footer_queries("/fi/")
    assert reused == [] and "Alatunniste" in html
    built_sv, html_sv = footer_queries("/sv/")
    assert built_sv and "Sidfot" in html_sv and "Alatunniste" not in html_sv


@override_settings(PAGE_CACHE_SECONDS=300, FRONTEND_CACHE_SECONDS=120)
def test_what_the_cache_stores_is_public_for_a_proxy_too(client, page):
    first, second = get_twice(client, "/fi/sivu/")
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert first["Cache-Control"] == second["Cache-Control"] == "public, max-age=0, s-maxage=120"


def test_the_proxy_keeps_pages_as_long_as_the_page_cache_by_default(client, page, settings):
    settings.FRONTEND_CACHE_SECONDS = None
    assert client.get("/fi/sivu/")["Cache-Control"] == f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS}"


def test_forms_staff_errors_and_uncached_paths_stay_private(client, page, home_fi, superuser):
    FeedbackTopicFactory()
    FeedbackPageFactory(parent=home_fi, slug="palaute")
    form = client.get("/fi/palaute/")["Cache-Control"]
    assert "private" in form and "public" not in form
    for response in (client.get("/fi/ei-ole/"), client.get("/health/"), client.get("/fi/sivu/?" + "x=1&" * 200)):
        assert "public" not in response["Cache-Control"]
        assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    client.force_login(superuser)
    staff = client.get("/fi/sivu/")
    assert "public" not in staff.get("Cache-Control", "") and "private" in staff["Cache-Control"]
    assert "public" not in client.get("/admin/")["Cache-Control"]


@override_settings(PAGE_CACHE_SECONDS=0)
def test_nothing_is_public_when_the_page_cache_is_off(client, page):
    assert "public" not in client.get("/fi/sivu/")["Cache-Control"]
