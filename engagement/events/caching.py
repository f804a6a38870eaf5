"""A cache namespace for everything public about events: any change to an event, a category or an
association bumps it, so cached listings are never stale and a warm listing costs no queries of its own.
Sign-ups change only the places of their event, which no listing, card, feed or name shows: they are
counted in a namespace of their own (`signups`), so that a sign-up leaves the rest cached (the organiser
names alone take a city's 6,000 association pages to build, about a second). Also the cached lookups the
pages, cards and feeds share, and what events purge from the page cache: a sign-up only its event's pages,
an event also its organiser's pages, the API and the feeds."""

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import AssociationPage
from kumppanuus import pagecache
from kumppanuus.caching import CacheNamespace

from .models import EventCategory, EventSignupCounter, SignUp

events = CacheNamespace("events", timeout=600, in_process_max=64)  # a busy event's paths stay in the process
cached = events.cached
# The confirmed people of each event: bumped by every sign-up, read by the event page and its form.
signups = CacheNamespace("event-signups", timeout=600)


def connect_signals():
    """From `EventsConfig.ready()`, when the page types (pages.py, which uses this module) are loaded."""
    events.invalidate_on(
        apps.get_model("events", "EventPage"), EventCategory, AssociationPage,
        signals=[page_published, page_unpublished, post_page_move],
    )
    signups.invalidate_on(SignUp)
    pagecache.declare(SignUp, signup_targets)
    pagecache.declare(apps.get_model("events", "EventPage"), event_targets)
    pagecache.declare(AssociationPage, lambda association: event_listings())
    pagecache.ignore(EventSignupCounter, "a row locked while a sign-up decides places; the sign-up itself purges")


def signup_targets(signup):
    """The event's page in every language: the only pages that show its places (the cards do not). Their
    paths are cached with the events (a page published, unpublished or moved bumps them) and kept in the
    process: a sign-up to a busy event neither looks them up nor reads them from the shared cache."""
    EventPage = apps.get_model("events", "EventPage")
    paths = events.kept_in_process(f"live-paths:{signup.event_key}", lambda: tuple(
        EventPage.objects.live().filter(translation_key=signup.event_key).values_list("url_path", flat=True)
    ))
    return [Page(url_path=path) for path in paths]  # what a purge reads of a page


def event_listings():
    """Every events page (they name organisers and categories), the API and the calendar feeds."""
    EventIndexPage = apps.get_model("events", "EventIndexPage")
    languages = [code for code, _name in settings.LANGUAGES]
    return [
        *EventIndexPage.objects.live().only("url_path"),
        reverse("events_api"),
        *(reverse(name, args=[language]) for language in languages for name in ("events_calendar", "events_atom")),
    ]


def event_targets(event):
    """On top of the page rule (the event in every language, its events page, the home pages): the
    organiser's pages (their upcoming events), the API, the feeds and the event's own .ics."""
    EventPage = apps.get_model("events", "EventPage")
    languages = [code for code, _name in settings.LANGUAGES]
    targets = event_listings()
    pks = EventPage.objects.filter(translation_key=event.translation_key).values_list("pk", flat=True)
    targets += [reverse("event_ics", args=[pk]) for pk in {event.pk, *pks}]
    if event.organiser_id:
        key = AssociationPage.objects.filter(pk=event.organiser_id).values_list("translation_key", flat=True).first()
        if key:
            targets += AssociationPage.objects.live().filter(translation_key=key).only("url_path")
            targets += [reverse("events_calendar_association", args=[language, key]) for language in languages]
    if event.category_id:
        slugs = EventCategory.objects.filter(
            translation_key__in=EventCategory.objects.filter(pk=event.category_id).values("translation_key")
        ).values_list("slug", flat=True)
        targets += [reverse("events_calendar_category", args=[language, slug]) for language in languages for slug in set(slugs)]
    return targets


def names(locale_id):
    """Category and organiser names in one language, keyed every way the pages need, cached."""

    def compute():
        categories = list(EventCategory.objects.values("pk", "slug", "name", "translation_key", "locale_id"))
        local = {c["translation_key"]: c for c in categories if c["locale_id"] == locale_id}
        organisers = list(
            AssociationPage.objects.live().select_related("locale").only(
                "id", "title", "url_path", "translation_key", "locale", "path", "depth"
            )
        )
        local_organisers = {
            page.translation_key: {"title": page.title, "url": page.get_url(), "key": str(page.translation_key)}
            for page in organisers if page.locale_id == locale_id
        }
        return {
            "categories": sorted(((c["slug"], c["name"]) for c in local.values()), key=lambda item: item[1]),
            "categories_by_id": {
                c["pk"]: local.get(c["translation_key"], c) for c in categories
            },
            # An association without a page in this language is still named, in its own language:
            # never shown as the municipality's event.
            "organisers_by_id": {
                page.pk: local_organisers.get(page.translation_key)
                or {"title": page.title, "url": page.get_url(), "key": str(page.translation_key)}
                for page in organisers
            },
        }

    # Kept in the process while the namespace's version holds: a city's 6,000 organisers take longer to
    # unpickle than the rest of an event page. Shared by the requests: never changed by its readers.
    return events.kept_in_process(f"names:{locale_id}", compute)


def confirmed_people(event_key):
    """How many people an event's confirmed sign-ups bring, cached until a sign-up changes."""
    return signups.cached(f"confirmed:{event_key}", lambda: SignUp.objects.confirmed_people(event_key))
