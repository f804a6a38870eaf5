"""City-scale data (`load_scale_data`, kumppanuus.demo.scale) at --scale 0.01 on top of the demo: every count
scales, both languages are there and linked as translations, the biggest initiative and event are the
big ones, some data is already erased and some is due for erasure, the page tree is sound and the new
pages render in Finnish and Swedish."""

import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from engagement.consultations.models import Comment
from engagement.events.models import SignUp
from engagement.events.pages import EventIndexPage, EventPage
from engagement.feedback.models import Feedback, FeedbackEvent
from engagement.models import OutgoingEmail
from engagement.proposals.models import Follower, Proposal, Support
from engagement.retention import policies
from home.models import AssociationIndexPage, AssociationPage, ContactPerson
from kumppanuus.demo import scale
from kumppanuus.demo.helpers import content
from tests.conftest import data_for_module
from tests.snapshot import load_demo

pytestmark = pytest.mark.django_db

SCALE = 0.01
# (model, what one item of counts() makes of it: 2 for a page or snippet in both languages)
MODELS = [
    (ContactPerson, "contacts", 2),
    (AssociationPage, "associations", 2),
    (EventPage, "events", 2),
    (SignUp, "signups", 1),
    (Proposal, "proposals", 1),
    (Support, "supports", 1),
    (Follower, "followers", 1),
    (Feedback, "feedback", 1),
    (Comment, "comments", 1),
    (OutgoingEmail, "emails", 1),
]


def row_counts():
    return {model: model.objects.count() for model, _name, _per in MODELS}


@pytest.fixture(scope="module")
def _scale_for_module(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        load_demo()
        before = row_counts()
        output = io.StringIO()
        call_command("load_scale_data", scale=SCALE, stdout=output)
        # Every row points to rows that exist (the load writes without the ORM's checks; the constraints
        # would otherwise be checked only at a commit this module never makes).
        connection.check_constraints()
        yield {"before": before, "after": row_counts(), "output": output.getvalue()}


@pytest.fixture
def loaded(_scale_for_module, db):
    return _scale_for_module


def test_every_count_scales(loaded):
    expected = scale.counts(SCALE)
    for model, name, per_item in MODELS:
        assert loaded["after"][model] - loaded["before"][model] == expected[name] * per_item, model.__name__
    assert expected["supports"] == 10_000 and expected["events"] == 200
    # Every feedback item has its timeline, beginning with its receipt.
    assert FeedbackEvent.objects.filter(kind="received").count() >= expected["feedback"]
    assert FeedbackEvent.objects.count() > 2 * expected["feedback"]
    assert "rows/s" in loaded["output"] and "supports" in loaded["output"]


@pytest.mark.parametrize("model", [EventPage, AssociationPage, ContactPerson])
def test_both_languages_are_translations_of_each_other(loaded, model):
    keys = {
        language: set(model.objects.filter(locale__language_code=language).values_list("translation_key", flat=True))
        for language in ("fi", "sv")
    }
    assert len(keys["fi"]) > scale.counts(SCALE)["contacts"]
    assert keys["fi"] == keys["sv"]


def test_residents_write_in_both_languages(loaded):
    for model in (Feedback, Support, SignUp, Proposal):
        languages = dict(model.objects.values_list("language").annotate(n=Count("pk")))
        assert languages["fi"] > languages["sv"] > 0, model.__name__


def test_the_big_initiative_and_event_are_the_biggest(loaded):
    expected = scale.counts(SCALE)
    supports = list(Support.objects.values("proposal").annotate(n=Count("pk")).order_by("-n")[:2])
    assert supports[0]["n"] == expected["big_proposal_supports"] > supports[1]["n"]
    assert Proposal.objects.get(pk=supports[0]["proposal"]).takes_supports
    signups = list(SignUp.objects.values("event_key").annotate(n=Count("pk")).order_by("-n")[:2])
    assert signups[0]["n"] == expected["big_event_signups"] > signups[1]["n"]
    big = EventPage.objects.get(translation_key=signups[0]["event_key"], locale__language_code="fi")
    assert big.title == content("fi", "scale")["big_event"]
    assert big.start > timezone.now()
    assert SignUp.objects.filter(event_key=big.translation_key, status=SignUp.Status.WAITING).exists()


def test_some_data_is_erased_and_some_is_due_for_erasure(loaded):
    now = timezone.now()
    due = {name: policy.due(now).exists() for name, policy in policies().items()}
    for name in ("feedback-contact-details", "proposal-supporters", "proposal-followers",
                 "event-signup-personal-data", "email-outbox"):
        assert due.get(name), name
    assert Feedback.objects.filter(erased_at__isnull=False, email="").exists()
    assert Support.objects.filter(erased_at__isnull=False, email="").exists()
    assert SignUp.objects.filter(erased_at__isnull=False, email__startswith="erased-").exists()
    # Dates go back five years.
    oldest = Feedback.objects.order_by("created_at").first().created_at
    assert (now - oldest).days > 4 * 365


def test_one_address_has_data_in_every_module(loaded):
    email = scale.EVERYWHERE_EMAIL
    assert Feedback.objects.filter(email=email).exists()
    assert Support.objects.filter(email=email).exists()
    assert SignUp.objects.filter(email=email).exists()
    assert Comment.objects.filter(email=email).exists()
    assert OutgoingEmail.objects.filter(to__icontains=email).exists()


def test_the_page_tree_is_sound(loaded):
    assert Page.find_problems() == ([], [], [], [], [])
    for index in (*EventIndexPage.objects.all(), *AssociationIndexPage.objects.all()):
        assert index.numchild == index.get_children().count()
        child = index.get_children().last()
        assert child.url_path == f"{index.url_path}{child.slug}/"


@pytest.mark.parametrize("model", [EventPage, AssociationPage])
def test_new_pages_render_in_both_languages(loaded, model):
    client = Client()
    page_fi = model.objects.filter(locale__language_code="fi").order_by("-pk").first()
    for page in (page_fi, page_fi.get_translation(page_fi.locale.__class__.objects.get(language_code="sv"))):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
        listing = client.get(page.get_parent().url + "?page=2")
        assert listing.status_code == 200


def test_it_loads_only_once(loaded):
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_scale_data", scale=SCALE, stdout=io.StringIO())
    assert row_counts() == loaded["after"]


def test_zipf_split_is_skewed_deterministic_and_adds_up():
    first = scale.zipf_split(10_000, 50, random.Random(3))
    assert sum(first) == 10_000
    assert first == scale.zipf_split(10_000, 50, random.Random(3))
    assert max(first) > 5 * min(first)
    capped = scale.zip_counts(10_000, 50, random.Random(3), cap=300)
    assert sum(capped) == 10_000 and max(capped) <= 300
