"""What every page request no longer asks the database once warm (issue 15: home/middleware.py, the
`layout` namespace in home/caching.py, home/rich_text.py), and that each cached answer follows the changes
that alter it."""

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction, Site

from engagement.events.pages import EventIndexPage
from home.middleware import _localized_home
from home.models import ContentPage, SiteSettings
from home.models.routing import serves_itself
from tests.factories.home import ContentPageFactory, FooterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_page(home_fi):
    FooterFactory()
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # made now, not by the first request (a bump)
    return ContentPageFactory(parent=home_fi, title="Tietosuoja", slug="tietosuoja")


def test_a_content_page_makes_1_query_once_warm(client, settings, content_page, django_assert_num_queries):
    """The page itself: no site, locale, home page, page type, view restriction or breadcrumb query
    (uncached: the page cache off, as in `make bench-scale`)."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/fi/tietosuoja/")
    with django_assert_num_queries(1):
        response = client.get("/fi/tietosuoja/")
    assert response.status_code == 200


def test_a_view_restriction_added_after_the_page_was_served_applies_at_once(client, content_page):
    assert client.get("/fi/tietosuoja/").status_code == 200
    restriction = PageViewRestriction.objects.create(page=content_page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/fi/tietosuoja/")
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get("/fi/tietosuoja/").status_code == 200


def test_a_restriction_on_an_ancestor_covers_the_pages_below(client, content_page):
    child = ContentPageFactory(parent=content_page, title="Rekisteri", slug="rekisteri")
    assert client.get("/fi/tietosuoja/rekisteri/").status_code == 200
    PageViewRestriction.objects.create(page=content_page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(child.url).status_code == 302


def test_a_new_alias_of_a_restricted_page_is_restricted(client, home_fi, content_page):
    PageViewRestriction.objects.create(page=content_page, restriction_type=PageViewRestriction.LOGIN)
    other = ContentPageFactory(parent=home_fi, title="Muu", slug="muu")
    assert client.get("/fi/muu/").status_code == 200  # the restricted paths are cached now
    content_page.create_alias(parent=other, update_slug="alias")
    assert client.get("/fi/muu/alias/").status_code == 302


def test_a_site_change_is_followed(client, content_page):
    assert client.get("/fi/tietosuoja/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "muu.example", False
    site.save()
    assert client.get("/fi/tietosuoja/").status_code == 404
    assert client.get("/fi/tietosuoja/", HTTP_HOST="muu.example").status_code == 200


def test_the_home_page_routed_through_is_current_and_loads_what_was_not_cached(rf, home_fi, content_page):
    """Routing below the home page reads its routing fields from the cache; a field it did not cache is
    read from the database when asked for, and a published change replaces the cached fields."""
    site = Site.objects.get(is_default_site=True)
    with translation.override("fi"):
        home = _localized_home(site, only_to_route=True)
        assert (home.pk, home.path, home.title) == (home_fi.pk, home_fi.path, home_fi.title)
        assert home.intro == home_fi.intro and home.first_published_at == home_fi.first_published_at
        home_fi.title = "Koivulan kunta"
        home_fi.save_revision().publish()
        assert _localized_home(site, only_to_route=True).title == "Koivulan kunta"
        route = _localized_home(site, only_to_route=True).route(rf.get("/fi/tietosuoja/"), ["tietosuoja"])
    assert route.page.pk == content_page.pk and route.page.get_parent().title == "Koivulan kunta"


def test_breadcrumbs_follow_a_published_title(client, content_page):
    ContentPageFactory(parent=content_page, title="Rekisteri", slug="rekisteri")
    assert ">Tietosuoja</a>" in client.get("/fi/tietosuoja/rekisteri/").content.decode()
    content_page.title = "Tietosuojaseloste"
    content_page.save_revision().publish()
    crumbs = client.get("/fi/tietosuoja/rekisteri/").content.decode().split('class="breadcrumbs"')[1]
    assert ">Tietosuojaseloste</a>" in crumbs.split("</nav>")[0]


def test_rich_text_links_to_pages_follow_a_slug_change_and_the_language(client, home_fi, locale_sv, content_page):
    linked = ContentPageFactory(parent=home_fi, title="Palaute", slug="palaute")
    body = [("paragraph", f'<p><a linktype="page" id="{linked.pk}">Anna palautetta</a></p>')]
    page = ContentPageFactory(parent=home_fi, title="Linkit", slug="linkit", body=body)
    assert 'href="/fi/palaute/"' in client.get("/fi/linkit/").content.decode()
    linked.slug = "anna-palautetta"
    linked.save_revision().publish()
    assert 'href="/fi/anna-palautetta/"' in client.get("/fi/linkit/").content.decode()
    linked_sv = linked.copy_for_translation(locale_sv)
    linked_sv.slug = "respons"
    linked_sv.save_revision().publish()
    page_sv = page.copy_for_translation(locale_sv)
    page_sv.save_revision().publish()
    assert 'href="/sv/respons/"' in client.get(f"/sv/{page_sv.slug}/").content.decode()


def test_the_home_page_makes_1_query_once_warm(client, settings, content_page, django_assert_num_queries):
    """Its own row only: the frame, the rich text's links and the upcoming events come from caches."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/fi/")
    with django_assert_num_queries(1):
        response = client.get("/fi/")
    assert response.status_code == 200


@pytest.mark.parametrize("below", ["", "rekisteri/"], ids=["the page", "a page routed through it"])
def test_a_page_is_found_at_its_new_address_only(client, home_fi, content_page, below):
    """The page asked for, or one the request passes through (made from the cached routing fields), follows
    a published slug change and a move."""
    if below:
        ContentPageFactory(parent=content_page, title="Rekisteri", slug="rekisteri")
    other = ContentPageFactory(parent=home_fi, title="Muu", slug="muu")
    assert client.get(f"/fi/tietosuoja/{below}").status_code == 200
    content_page.slug = "yksityisyys"
    content_page.save_revision().publish()
    assert client.get(f"/fi/tietosuoja/{below}").status_code == 404
    assert client.get(f"/fi/yksityisyys/{below}").status_code == 200
    content_page.move(other, pos="last-child")
    assert client.get(f"/fi/yksityisyys/{below}").status_code == 301  # Wagtail's redirect to where it went
    assert client.get(f"/fi/muu/yksityisyys/{below}").status_code == 200


def test_a_page_below_another_makes_1_query_once_warm(client, settings, content_page, django_assert_num_queries):
    """The page a request only passes through is made from its routing fields in the cache: no query."""
    settings.PAGE_CACHE_SECONDS = 0
    ContentPageFactory(parent=content_page, title="Rekisteri", slug="rekisteri")
    client.get("/fi/tietosuoja/rekisteri/")
    with django_assert_num_queries(1):
        response = client.get("/fi/tietosuoja/rekisteri/")
    assert response.status_code == 200 and ">Tietosuoja</a>" in response.content.decode()


def test_a_page_answering_with_its_own_sub_route_is_read_whole():
    """Only a page that leads on to a page below it is made from the cached routing fields; one that
    shows one of its own sub-routes (the events page's submission form) needs all its fields."""
    assert serves_itself(EventIndexPage, ["submit"])
    assert not serves_itself(EventIndexPage, ["kylailta"])
    assert not serves_itself(EventIndexPage, ["kylailta", "signup"])
    assert not serves_itself(ContentPage, ["submit"])


def test_the_home_page_the_routes_and_the_frame_are_kept_in_the_process(client, home_fi, content_page, monkeypatch):
    """Every page request reads them: once warm, only the layout's version comes from the shared cache
    for them, not the entries (home/caching.py `layout`, kept_in_process)."""
    from django.core.cache import cache

    from home.caching import layout

    ContentPageFactory(parent=content_page, title="Rekisteri", slug="rekisteri")
    site = Site.objects.get(is_default_site=True)
    assert client.get("/fi/tietosuoja/rekisteri/").status_code == 200
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs))
    assert client.get("/fi/tietosuoja/rekisteri/").status_code == 200
    kept = [f"localized-root:{site.pk}:fi", f"route:{home_fi.pk}:tietosuoja", f"route:{content_page.pk}:rekisteri",
            f"frame:{site.pk}:fi"]
    assert all(key in layout.in_process for key in kept)
    assert not {layout.key(key) for key in kept} & set(reads)
