"""Targeted purges of the page cache: a write clears only the cached pages that show it (all their query
strings and languages), and every other cached page stays a HIT."""

import pytest
from django.core.cache import cache
from wagtail.models import Site
from wagtail.rich_text import RichText

from engagement.consultations import services as consultation_services
from engagement.events import services as event_services
from engagement.feedback import services as feedback_services
from engagement.proposals import services as proposal_services
from home.models import SiteSettings
from kumppanuus import pagecache
from kumppanuus.translations import translate
from tests.factories.consultations import make_comment, make_consultation, make_index
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.feedback import FeedbackTopicFactory
from tests.factories.home import ContentPageFactory
from tests.factories.proposals import ProposalFactory, ProposalIndexPageFactory

pytestmark = pytest.mark.django_db


def warm(client, *urls):
    """Each URL requested until it is a HIT (a first GET stores it)."""
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url


def cache_states(client, *urls):
    return {url: client.get(url).get("X-Cache") for url in urls}


@pytest.fixture
def site(home_fi, home_sv):
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # made on first use otherwise
    section = ContentPageFactory(parent=home_fi, title="Osio", slug="osio", show_in_menus=True)
    ContentPageFactory(parent=section, title="Sisältö", slug="sisalto")
    return section


@pytest.fixture
def events(site, home_fi, locale_sv):
    index_fi = EventIndexPageFactory(parent=home_fi)
    index_sv = translate(index_fi, locale_sv, title="Evenemang", slug="evenemang")
    event_a = EventPageFactory(parent=index_fi, title="Tapahtuma A", slug="a", with_signup=True)
    event_a_sv = translate(event_a, locale_sv, title="Evenemang A", slug="a-sv")
    event_b = EventPageFactory(parent=index_fi, title="Tapahtuma B", slug="b")
    return {"index_fi": index_fi, "index_sv": index_sv, "a": event_a, "a_sv": event_a_sv, "b": event_b}


def test_a_sign_up_purges_its_event_in_both_languages_and_nothing_else(client, events):
    untouched = ["/fi/", "/fi/tapahtumat/", "/fi/tapahtumat/?page=2", "/sv/evenemang/", "/fi/tapahtumat/b/",
                 "/fi/osio/sisalto/"]
    warm(client, "/fi/tapahtumat/a/", "/sv/evenemang/a-sv/", "/fi/tapahtumat/a/?utm=x", *untouched)
    assert "10 paikkaa jäljellä" in client.get("/fi/tapahtumat/a/").content.decode()

    event_services.sign_up(events["a"], name="Aino Virtanen", email="aino@example.com", people=2)

    assert cache_states(client, "/fi/tapahtumat/a/", "/sv/evenemang/a-sv/", "/fi/tapahtumat/a/?utm=x") == {
        "/fi/tapahtumat/a/": "MISS", "/sv/evenemang/a-sv/": "MISS", "/fi/tapahtumat/a/?utm=x": "MISS",
    }
    assert "8 paikkaa jäljellä" in client.get("/fi/tapahtumat/a/").content.decode()
    assert "8 platser kvar" in client.get("/sv/evenemang/a-sv/").content.decode()
    assert cache_states(client, *untouched) == dict.fromkeys(untouched, "HIT")


def test_every_sign_up_shows_at_once(client, events):
    warm(client, "/fi/tapahtumat/a/")
    for left in (9, 8, 7):
        event_services.sign_up(events["a"], name="Aino Virtanen", email=f"aino{left}@example.com")
        response = client.get("/fi/tapahtumat/a/")
        assert response["X-Cache"] == "MISS"
        assert f"{left} paikkaa jäljellä" in response.content.decode()
        assert client.get("/fi/tapahtumat/a/")["X-Cache"] == "HIT"


def test_a_sign_up_purges_the_translation_published_and_the_path_moved_since_the_last_one(
    client, events, locale_sv
):
    """What a sign-up purges is cached with the events: a translation published after the last sign-up,
    or an event moved since, is purged by the next one all the same."""
    event_b = events["b"]
    event_b.signup_enabled, event_b.capacity = True, 10
    event_b.save_revision().publish()
    event_services.sign_up(event_b, name="Aino Virtanen", email="aino@example.com")  # its paths cached: Finnish only
    translate(event_b, locale_sv, title="Evenemang B", slug="b-sv")
    warm(client, "/fi/tapahtumat/b/", "/sv/evenemang/b-sv/")
    event_services.sign_up(event_b, name="Britt Berg", email="britt@example.com")
    assert cache_states(client, "/fi/tapahtumat/b/", "/sv/evenemang/b-sv/") == {
        "/fi/tapahtumat/b/": "MISS", "/sv/evenemang/b-sv/": "MISS"}

    event_b.refresh_from_db()
    event_b.move(events["a"], pos="last-child")  # now /fi/tapahtumat/a/b/
    warm(client, "/fi/tapahtumat/a/b/")
    event_services.sign_up(event_b.specific, name="Carl Ek", email="carl@example.com")
    assert cache_states(client, "/fi/tapahtumat/a/b/") == {"/fi/tapahtumat/a/b/": "MISS"}


def test_publishing_an_event_purges_it_its_listing_the_home_pages_and_pages_linking_to_it(client, events, site):
    linking = ContentPageFactory(
        parent=site, title="Linkki", slug="linkki",
        body=[("paragraph", RichText(f'<p><a linktype="page" id="{events["b"].pk}">B</a></p>'))],
    )
    linking.save_revision().publish()
    targets = ["/fi/tapahtumat/b/", "/fi/tapahtumat/", "/fi/tapahtumat/?page=2", "/fi/", "/sv/", "/fi/osio/linkki/"]
    untouched = ["/fi/tapahtumat/a/", "/sv/evenemang/a-sv/", "/fi/osio/sisalto/", "/fi/osio/"]
    warm(client, *targets, *untouched)

    events["b"].title = "Tapahtuma B, uusi aika"
    events["b"].save_revision().publish()

    assert cache_states(client, *targets) == dict.fromkeys(targets, "MISS")
    assert "Tapahtuma B, uusi aika" in client.get("/fi/tapahtumat/b/").content.decode()
    assert cache_states(client, *untouched) == dict.fromkeys(untouched, "HIT")


def test_unpublishing_and_deleting_an_event_purge_it_and_its_listing(client, events):
    warm(client, "/fi/tapahtumat/b/", "/fi/tapahtumat/", "/fi/osio/sisalto/")
    events["b"].unpublish()
    assert client.get("/fi/tapahtumat/b/").status_code == 404
    assert client.get("/fi/tapahtumat/")["X-Cache"] == "MISS"
    assert client.get("/fi/osio/sisalto/")["X-Cache"] == "HIT"

    warm(client, "/fi/tapahtumat/a/", "/fi/tapahtumat/")
    events["a"].delete()
    assert client.get("/fi/tapahtumat/a/").status_code == 404
    assert client.get("/fi/tapahtumat/")["X-Cache"] == "MISS"
    assert client.get("/fi/osio/sisalto/")["X-Cache"] == "HIT"


def test_a_page_of_the_main_menu_clears_everything(client, events, site):
    warm(client, "/fi/tapahtumat/a/", "/fi/osio/sisalto/")
    site.title = "Osio, uusi nimi"
    site.save_revision().publish()
    assert cache_states(client, "/fi/tapahtumat/a/", "/fi/osio/sisalto/") == {
        "/fi/tapahtumat/a/": "MISS", "/fi/osio/sisalto/": "MISS",
    }
    assert "Osio, uusi nimi" in client.get("/fi/osio/sisalto/").content.decode()


def test_a_draft_purges_nothing(client, events):
    warm(client, "/fi/tapahtumat/b/", "/fi/tapahtumat/")
    events["b"].title = "Luonnos"
    events["b"].save_revision()
    assert cache_states(client, "/fi/tapahtumat/b/", "/fi/tapahtumat/") == {
        "/fi/tapahtumat/b/": "HIT", "/fi/tapahtumat/": "HIT",
    }


@pytest.fixture
def proposals(site, home_fi):
    index = ProposalIndexPageFactory(parent=home_fi)
    return {"index": index, "x": ProposalFactory(title="Penkkejä torille"), "y": ProposalFactory(title="Lisää valoa")}


def test_a_support_purges_its_proposal_and_the_listings_once_it_counts(client, proposals):
    x, y = proposals["x"], proposals["y"]
    targets = [f"/fi/aloitteet/{x.pk}/", "/fi/aloitteet/", "/fi/aloitteet/?sort=supports", "/api/proposals/"]
    untouched = [f"/fi/aloitteet/{y.pk}/", "/fi/osio/sisalto/", "/fi/"]
    warm(client, *targets, *untouched)

    support = proposal_services.request_support(x, "Aino Virtanen", "aino@example.com", "fi")
    assert cache_states(client, *targets) == dict.fromkeys(targets, "HIT")  # not counted before it is confirmed

    assert proposal_services.confirm_support(proposal_services.make_confirm_token("s", support))[0] == "confirmed"
    assert cache_states(client, *targets) == dict.fromkeys(targets, "MISS")
    assert "1 henkilö kannattaa tätä aloitetta" in client.get(f"/fi/aloitteet/{x.pk}/").content.decode()
    assert cache_states(client, *untouched) == dict.fromkeys(untouched, "HIT")

    warm(client, *targets)
    proposal_services.withdraw_support(support)  # a conditional UPDATE: no signal, purged all the same
    assert cache_states(client, *targets) == dict.fromkeys(targets, "MISS")
    assert cache_states(client, *untouched) == dict.fromkeys(untouched, "HIT")


def test_an_agreement_counted_by_an_update_purges_its_consultation_in_both_languages(client, site, home_fi):
    index_fi, _index_sv = make_index(home_fi)
    page_fi, page_sv = make_consultation(index_fi)
    other, _other_sv = make_consultation(index_fi, slug="toinen", title="Toinen", translate=False)
    comment = make_comment(page_fi)
    targets = [page_fi.url, page_sv.url, page_fi.url + "comments/draft/", "/api/consultations/comments/"]
    untouched = [other.url, "/fi/osio/sisalto/", index_fi.url]
    warm(client, *targets, *untouched)

    assert consultation_services.agree(comment, "selain-1")

    assert cache_states(client, *targets) == dict.fromkeys(targets, "MISS")
    assert cache_states(client, *untouched) == dict.fromkeys(untouched, "HIT")


@pytest.fixture
def answered(site):
    topic = FeedbackTopicFactory(name="Kadut", code="streets")
    return topic


def test_feedback_purges_nothing_until_staff_publish_its_answer(client, answered, superuser):
    public = ["/fi/feedback/answered/", "/sv/feedback/answered/", "/open311/v2/requests.json"]
    untouched = ["/fi/osio/sisalto/", "/fi/", "/open311/v2/services.json"]
    warm(client, *public, *untouched)

    item = feedback_services.receive_feedback(
        {"topic": answered, "message": "Katuvalo on rikki.", "publish_consent": True, "email": "aino@example.com"}, "fi"
    )
    feedback_services.set_status(item, item.Status.IN_PROGRESS, superuser)
    feedback_services.answer(item, "Korjattu.", superuser, publish=False)
    assert cache_states(client, *public, *untouched) == dict.fromkeys([*public, *untouched], "HIT")

    feedback_services.answer(item, "Katuvalo on korjattu.", superuser, publish=True)
    assert cache_states(client, *public) == dict.fromkeys(public, "MISS")
    assert "Katuvalo on korjattu." in client.get("/fi/feedback/answered/?page=1").content.decode()
    assert cache_states(client, *untouched) == dict.fromkeys(untouched, "HIT")

    warm(client, *public)
    item.answer_published = False
    item.save()  # taking a published answer back purges too
    assert cache_states(client, *public) == dict.fromkeys(public, "MISS")
    assert "Katuvalo on korjattu." not in client.get("/fi/feedback/answered/?page=1").content.decode()


def test_purge_covers_every_language_host_and_query_of_a_path(client, site):
    urls = ["/fi/osio/sisalto/", "/fi/osio/sisalto/?page=2"]
    warm(client, *urls)
    warm(client, "/fi/osio/sisalto/")
    client.get("/fi/osio/sisalto/", HTTP_HOST="localhost")
    assert client.get("/fi/osio/sisalto/", HTTP_HOST="localhost")["X-Cache"] == "HIT"
    pagecache.purge("/fi/osio/sisalto/")
    assert cache_states(client, *urls) == dict.fromkeys(urls, "MISS")
    assert client.get("/fi/osio/sisalto/", HTTP_HOST="localhost")["X-Cache"] == "MISS"
    assert client.get("/fi/osio/")["X-Cache"] == "MISS"  # first visit
    assert client.get("/fi/osio/")["X-Cache"] == "HIT"


def test_a_page_target_purges_its_url_in_every_site(client, site):
    page = site.get_children().get().specific
    warm(client, "/fi/osio/sisalto/", "/fi/osio/")
    pagecache.purge(page)
    assert cache_states(client, "/fi/osio/sisalto/", "/fi/osio/") == {"/fi/osio/sisalto/": "MISS", "/fi/osio/": "HIT"}


def test_a_lost_path_version_never_revives_an_old_entry(client, site):
    warm(client, "/fi/osio/sisalto/")
    cache.delete(pagecache.path_version_key("/fi/osio/sisalto/"))  # evicted: whatever it was is unknown now
    assert client.get("/fi/osio/sisalto/")["X-Cache"] == "MISS"
    assert client.get("/fi/osio/sisalto/")["X-Cache"] == "HIT"
