"""Residents find things by clicking: a crawl of the loaded demo from each home page, by links only.

The crawl follows every same-site `<a href>` (no forms, no typed URLs) breadth first, as a person
clicking would, and records how many clicks each page is from the home page of its language. It
asserts the click depths of issue 12 and that every live page of the language can be reached.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.snapshot import load_demo

# Same-site paths the crawl does not follow: files, feeds, the admin, downloads.
SKIP_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/captcha/", "/api/", "/events/",
                 "/open311/", "/sitemap.xml", "/health/", "/ping/")
SKIP_SUFFIXES = (".ics", ".atom", ".vcf", ".json", ".xml", "/vcard/")
CRAWL_LIMIT = 1500  # URLs per language, query strings included: far above the demo's size


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html, base):
    """The same-site links of a page, as paths with their query strings, fragments dropped."""
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "#", "javascript:")):
            continue
        url = urlsplit(urljoin("http://testserver" + base, href))
        if url.netloc != "testserver":
            continue
        if url.path.startswith(SKIP_PREFIXES) or url.path.endswith(SKIP_SUFFIXES):
            continue
        links.append(url.path + (f"?{url.query}" if url.query else ""))
    return links


def crawl(client, start):
    """{path: fewest clicks from `start`} of every HTML page reached by following links, breadth first.

    Links with query strings (filters, later pages of a listing) are followed too; a path keeps the
    fewest clicks it was reached in. Links to the other language are left to that language's crawl.
    """
    depths = {start: 0}
    seen = {start}
    queue = deque([(start, 0)])
    while queue:
        url, depth = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_of(response.content.decode(), url):
            if not link.startswith(start) or link in seen:
                continue
            assert len(seen) < CRAWL_LIMIT, f"the crawl of {start} does not end: {link}"
            seen.add(link)
            depths.setdefault(link.split("?", 1)[0], depth + 1)
            queue.append((link, depth + 1))
    return depths


def _targets(language):
    """{what: path} of the places a resident looks for, in the demo of `language`."""
    from django.utils import translation

    from engagement.directory.pages import AssociationFormPage
    from engagement.events.pages import EventPage
    from engagement.feedback.pages import FeedbackPage
    from engagement.proposals.pages import ProposalIndexPage
    from home.models import AssociationIndexPage, ContactIndexPage, InfluenceChannelIndexPage

    def url(model, **filters):
        page = model.objects.live().filter(locale__language_code=language, **filters).first()
        assert page is not None, f"the demo has no live {model.__name__} in {language}"
        return page.url

    from engagement.events.pages import EventIndexPage

    initiatives = ProposalIndexPage.objects.live().get(locale__language_code=language)
    # Every event whose sign-up form takes sign-ups now, on whichever page of the events list it falls.
    sign_up_events = [
        event for event in EventPage.objects.live().public().filter(locale__language_code=language, signup_enabled=True)
        if event.signup_state() == "open"
    ]
    from engagement.events.pages import PER_PAGE

    listed = list(
        EventPage.objects.published().filter(locale__language_code=language).upcoming()
        .order_by("start").values_list("pk", flat=True)
    )
    beyond_first_page = [event for event in sign_up_events if event.pk in listed[PER_PAGE:]]
    assert beyond_first_page, "the demo should have a sign-up event past the first page of the events list"
    # The follow form of every open initiative, and the support form of those not decided yet.
    from engagement.proposals.models import Proposal

    followable = [proposal for proposal in Proposal.objects.published().select_related("state") if proposal.is_open]
    supportable = [proposal for proposal in followable if proposal.takes_supports]
    assert supportable, "the demo has no initiative to support"
    with translation.override(language):
        event_submission_form = EventIndexPage.objects.live().get(locale__language_code=language).submit_url
    return {
        "two": {
            "feedback form": url(FeedbackPage),
            "initiatives": initiatives.url,
            "new initiative form": initiatives.url + initiatives.reverse_subpage("new"),
            "events": url(EventIndexPage),
            "associations": url(AssociationIndexPage),
            "influence channels": url(InfluenceChannelIndexPage),
            "contact people": url(ContactIndexPage),
        },
        "three": {
            **{f"sign-up form of {event.title}": event.signup_url for event in sign_up_events},
            **{
                f"support form of {proposal.title}": initiatives.url + initiatives.reverse_subpage("support", args=[proposal.pk])
                for proposal in supportable
            },
            **{
                f"follow form of {proposal.title}": initiatives.url + initiatives.reverse_subpage("follow", args=[proposal.pk])
                for proposal in followable
            },
            "association form": url(AssociationFormPage),
            "event submission form": event_submission_form,
        },
    }


@pytest.fixture(scope="module")
def _demo_crawl_for_module(django_db_setup, django_db_blocker):
    """Load the demo once, crawl it from both home pages, and roll it all back after the module."""
    from django.db import transaction
    from django.test import Client
    from wagtail.models import Page

    result = {}
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        client = Client()
        for language in ("fi", "sv"):
            live = {
                page.url for page in Page.objects.live().public().filter(locale__language_code=language, depth__gt=1)
            }
            result[language] = {"depths": crawl(client, f"/{language}/"), "live": live, **_targets(language)}
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def demo_crawl(_demo_crawl_for_module, db):
    return _demo_crawl_for_module


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_live_page_is_reachable_by_links(demo_crawl, language):
    result = demo_crawl[language]
    missing = sorted(result["live"] - set(result["depths"]))
    assert not missing, f"live pages that no link from /{language}/ leads to: {missing}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_residents_reach_forms_and_listings_in_two_clicks(demo_crawl, language):
    result = demo_crawl[language]
    too_far = {
        what: result["depths"].get(path, "never")
        for what, path in result["two"].items()
        if result["depths"].get(path, 99) > 2
    }
    assert not too_far, f"more than 2 clicks from /{language}/: {too_far}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_form_page_is_at_most_three_clicks_from_home(demo_crawl, language):
    result = demo_crawl[language]
    forms = {**result["three"], **{k: v for k, v in result["two"].items() if "form" in k}}
    too_far = {what: result["depths"].get(path, "never") for what, path in forms.items() if result["depths"].get(path, 99) > 3}
    assert not too_far, f"more than 3 clicks from /{language}/: {too_far}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_live_pages_of_a_language_have_distinct_titles(demo_crawl, language):
    from collections import Counter

    from wagtail.models import Page

    titles = Counter(Page.objects.live().filter(locale__language_code=language, depth__gt=1).values_list("title", flat=True))
    assert not [title for title, count in titles.items() if count > 1]


@pytest.mark.parametrize(
    ("language", "query", "model"),
    [
        ("fi", "palaute", "feedback.FeedbackPage"),
        ("sv", "respons", "feedback.FeedbackPage"),
        ("fi", "aloite", "proposals.ProposalIndexPage"),
        ("sv", "initiativ", "proposals.ProposalIndexPage"),
    ],
)
def test_search_puts_the_form_first(client, demo_crawl, language, query, model):
    import re

    from django.apps import apps

    page = apps.get_model(model).objects.get(locale__language_code=language)
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    results = re.findall(r'<h2><a href="([^"]+)">', html)
    assert results and results[0] == page.url, results
    assert results.count(page.url) == 1
