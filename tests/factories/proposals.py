"""Factories for proposals: the index page, themes, proposals and supports."""

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale

from engagement.proposals.models import (
    Follower,
    Proposal,
    ProposalState,
    ProposalTheme,
    Support,
)
from engagement.proposals.pages import ProposalIndexPage


class ProposalIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aloitteet"
    slug = "aloitteet"
    intro = "Tee aloite ja kannata muiden aloitteita."

    class Meta:
        model = ProposalIndexPage


class ProposalThemeFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Teema {n}")
    slug = factory.Sequence(lambda n: f"teema-{n}")

    class Meta:
        model = ProposalTheme


class ProposalFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Aloite numero {n}")
    summary = "Koivulan torille lisää penkkejä."
    text = "Torilla ei ole tarpeeksi istumapaikkoja ikääntyneille."
    language = "fi"
    proposer_name = "Maija Meikäläinen"
    proposer_email = factory.Sequence(lambda n: f"ehdottaja{n}@example.com")
    state = factory.LazyFunction(lambda: ProposalState.objects.get(slug="published"))
    moderation = Proposal.Moderation.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Proposal

    class Params:
        pending = factory.Trait(
            moderation=Proposal.Moderation.PENDING,
            state=factory.LazyFunction(lambda: ProposalState.objects.get(slug="received")),
            published_at=None,
        )


class SupportFactory(factory.django.DjangoModelFactory):
    proposal = factory.SubFactory(ProposalFactory)
    name = factory.Sequence(lambda n: f"Kannattaja {n}")
    email = factory.Sequence(lambda n: f"kannattaja{n}@example.com")
    language = "fi"
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Support


class FollowerFactory(factory.django.DjangoModelFactory):
    proposal = factory.SubFactory(ProposalFactory)
    email = factory.Sequence(lambda n: f"seuraaja{n}@example.com")
    language = "fi"
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Follower
