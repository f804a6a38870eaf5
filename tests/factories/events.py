"""Factories for events: categories, the events page, event pages, sign-ups."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale

from engagement.events.models import EventCategory, SignUp
from engagement.events.pages import EventIndexPage, EventPage


class EventCategoryFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Tapahtumaluokka {n}")
    slug = factory.Sequence(lambda n: f"luokka-{n}")

    class Meta:
        model = EventCategory


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tapahtumat"
    slug = "tapahtumat"
    intro = "Koivulan tapahtumat ja tilaisuudet"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Asukasilta {n}")
    intro = "Tule kertomaan, mitä kylällesi kuuluu."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    place_name = "Koivulan kunnantalo"
    address = "Kirkkotie 1, 12345 Koivula"
    languages = ["fi"]

    class Meta:
        model = EventPage

    class Params:
        with_signup = factory.Trait(signup_enabled=True, capacity=10, waiting_list=True)


class SignUpFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventPageFactory)
    event_key = factory.LazyAttribute(lambda o: o.event.translation_key)
    event_ends_at = factory.LazyAttribute(lambda o: o.event.ends_at)
    name = factory.Sequence(lambda n: f"Osallistuja {n}")
    email = factory.Sequence(lambda n: f"osallistuja{n}@example.com")

    class Meta:
        model = SignUp
