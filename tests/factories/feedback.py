"""Factories for feedback: the feedback page, topics (with Swedish translations) and feedback."""

import factory
import wagtail_factories
from wagtail.models import Locale

from engagement.feedback.models import Feedback, FeedbackTopic, Open311ApiKey
from engagement.feedback.pages import FeedbackPage
from kumppanuus.translations import translate


class FeedbackPageFactory(wagtail_factories.PageFactory):
    title = "Anna palautetta"
    slug = "palaute"
    intro = "Kerro, mitä mieltä olet kunnan palveluista."

    class Meta:
        model = FeedbackPage


class FeedbackTopicFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Aihe {n}")
    code = factory.Sequence(lambda n: f"aihe-{n}")
    notify_email = "kirjaamo@koivula.example"
    reply_days = 10

    class Meta:
        model = FeedbackTopic


def translate_topic(topic, name, locale="sv"):
    """The Swedish translation of a topic, as wagtail-localize would make it."""
    return translate(topic, locale, name=name)


class FeedbackFactory(factory.django.DjangoModelFactory):
    topic = factory.SubFactory(FeedbackTopicFactory)
    message = "Koivulan torin katuvalo on ollut rikki viikon."
    place = "Koivulan tori"
    name = "Aino Virtanen"
    email = "aino@example.com"
    phone = "040 123 4567"
    language = "fi"

    class Meta:
        model = Feedback


class Open311ApiKeyFactory(factory.django.DjangoModelFactory):
    name = "Koivula app"

    class Meta:
        model = Open311ApiKey
