"""Factories for content pages and snippets."""

import factory
import wagtail_factories
from wagtail.models import Locale

from home.models import ContentPage, Footer, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Koivula"
    intro = "Tervetuloa"

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sisältösivu {n}")
    intro = "Johdanto"

    class Meta:
        model = ContentPage


class FooterFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    text = "<p>Koivulan kunta</p>"

    class Meta:
        model = Footer
