"""The private links in emails live only as long as they are needed, and the outbox hides their keys from
staff who do not need them (issue 13, finding 8)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from engagement.emails import send_templated_email
from engagement.events.models import SignUp
from engagement.links import mask_private_links
from engagement.models import OutgoingEmail, PageSubmission
from engagement.proposals.models import Proposal, Support
from tests.factories.events import EventIndexPageFactory, EventPageFactory, SignUpFactory
from tests.factories.proposals import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db



@pytest.fixture
def index_fi(home_fi):
    return EventIndexPageFactory(parent=home_fi)


EXPIRED = {"fi": "Linkki ei ole enää voimassa", "sv": "Länken fungerar inte längre"}


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def assert_expired(response, language):
    assert response.status_code == 410
    assert EXPIRED[language] in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# --- Cancelling a sign-up: until the event has ended ---------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_cancel_link_expires_when_the_event_has_ended(client, index_fi, language):
    event = EventPageFactory(parent=index_fi, with_signup=True, start=timezone.now() - timedelta(hours=5))
    signup = SignUpFactory(event=event, language=language)
    address = url(language, "events:cancel", signup.token)
    assert_expired(client.get(address), language)
    assert_expired(client.post(address), language)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED


def test_cancel_link_works_until_then(client, index_fi):
    event = EventPageFactory(parent=index_fi, with_signup=True, start=timezone.now() + timedelta(days=1))
    signup = SignUpFactory(event=event)
    address = url("fi", "events:cancel", signup.token)
    assert client.get(address).status_code == 200
    client.post(address)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED


# --- Withdrawing a support: until the proposal is closed -----------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_withdraw_link_expires_when_the_proposal_is_closed(client, language):
    support = SupportFactory(proposal=ProposalFactory(closed_at=timezone.now() - timedelta(days=1)), language=language)
    address = url(language, "proposals:withdraw_support", support.token)
    assert_expired(client.get(address), language)
    assert_expired(client.post(address), language)
    assert Support.objects.get(pk=support.pk).withdrawn_at is None


def test_withdraw_link_works_while_the_proposal_is_open(client):
    support = SupportFactory()
    address = url("fi", "proposals:withdraw_support", support.token)
    assert client.get(address).status_code == 200
    client.post(address)
    assert Support.objects.get(pk=support.pk).withdrawn_at is not None


# --- The proposer's private page: edits until moderation, the page a while after ------------------------------


def test_private_page_edits_while_pending(client):
    proposal = ProposalFactory(pending=True, created_at=timezone.now() - timedelta(days=90))
    response = client.get(url("fi", "proposals:private", proposal.private_token))
    assert response.status_code == 200 and 'name="title"' in response.content.decode()


def test_private_page_shows_the_decision_for_a_while(client, settings):
    settings.PRIVATE_LINK_DAYS_AFTER_DECISION = 30
    proposal = ProposalFactory(published_at=timezone.now() - timedelta(days=29))
    response = client.get(url("fi", "proposals:private", proposal.private_token))
    assert response.status_code == 200 and 'name="title"' not in response.content.decode()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_private_page_expires_after_the_decision(client, settings, language):
    settings.PRIVATE_LINK_DAYS_AFTER_DECISION = 30
    published = ProposalFactory(published_at=timezone.now() - timedelta(days=31))
    assert_expired(client.get(url(language, "proposals:private", published.private_token)), language)
    rejected = ProposalFactory(
        moderation=Proposal.Moderation.REJECTED, published_at=None, closed_at=timezone.now() - timedelta(days=31)
    )
    assert_expired(client.post(url(language, "proposals:private", rejected.private_token), {"title": "x"}), language)


# --- Managing an association's event: until the event, or a while after it was turned down ---------------------


def submission(page, status=PageSubmission.Status.APPROVED, decided_days_ago=None, token="t" * 43):
    return PageSubmission.objects.create(
        page=page, kind="event", title=page.title, submitter_name="Aino Martta", submitter_email="aino@example.org",
        language="fi", token=token, status=status,
        decided_at=timezone.now() - timedelta(days=decided_days_ago) if decided_days_ago is not None else None,
    )


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_manage_link_expires_when_the_event_has_passed(client, index_fi, language):
    page = EventPageFactory(parent=index_fi, start=timezone.now() - timedelta(days=2))
    managed = submission(page)
    address = url(language, "events:manage_submission", managed.token)
    assert_expired(client.get(address), language)
    assert_expired(client.post(address, {"action": "cancel"}), language)
    page.refresh_from_db()
    assert page.live
    assert PageSubmission.objects.get(pk=managed.pk).status == PageSubmission.Status.APPROVED


def test_manage_link_expires_a_while_after_rejection(client, index_fi, settings):
    settings.PRIVATE_LINK_DAYS_AFTER_DECISION = 30
    page = EventPageFactory(parent=index_fi, live=False)
    recent = submission(page, PageSubmission.Status.REJECTED, decided_days_ago=3, token="a" * 43)
    old = submission(page, PageSubmission.Status.REJECTED, decided_days_ago=31, token="b" * 43)
    assert client.get(url("fi", "events:manage_submission", recent.token)).status_code == 200
    assert_expired(client.get(url("fi", "events:manage_submission", old.token)), "fi")


def test_manage_link_works_before_the_event(client, index_fi):
    page = EventPageFactory(parent=index_fi)
    managed = submission(page)
    assert client.get(url("fi", "events:manage_submission", managed.token)).status_code == 200


# --- The outbox hides the keys of private links ---------------------------------------------------------------


def test_masking_hides_every_private_link_and_nothing_else(index_fi, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.koivula.example"
    signup = SignUpFactory(event=EventPageFactory(parent=index_fi, with_signup=True))
    support = SupportFactory()
    base = settings.WAGTAILADMIN_BASE_URL
    text = (
        f"Peru: {base}{url('fi', 'events:cancel', signup.token)}\n"
        f"Återta: {base}{url('sv', 'proposals:withdraw_support', support.token)}\n"
        f"Tapahtuma: {base}{index_fi.url}\n"
    )
    masked = mask_private_links(text)
    assert str(signup.token) not in masked and str(support.token) not in masked
    assert f"{base}/fi/events/cancel/" in masked and f"{base}{index_fi.url}" in masked


def test_outbox_shows_links_only_with_the_permission(client, index_fi, staff_user_factory):
    signup = SignUpFactory(event=EventPageFactory(parent=index_fi, with_signup=True))
    from engagement.events.services import send_signup_email

    email = send_signup_email(signup, "confirmed")
    assert str(signup.token) in email.body_text
    inspect = reverse("outbox:inspect", args=[email.pk])

    officer = staff_user_factory("Privacy officers")
    client.force_login(officer)
    html = client.get(inspect).content.decode()
    assert "/events/cancel/" in html and str(signup.token) not in html

    officer.user_permissions.add(Permission.objects.get(codename="view_email_links"))
    client.force_login(type(officer).objects.get(pk=officer.pk))
    assert str(signup.token) in client.get(inspect).content.decode()


def test_any_token_route_is_a_private_link():
    """A new link with a key (a URL pattern with `token`) is hidden without being listed anywhere."""
    from django.urls import URLResolver, get_resolver

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    token_routes = [route for route in routes(get_resolver().url_patterns) if "<" in route and "token>" in route]
    assert len(token_routes) >= 6
    for route in token_routes:
        path = "/" + re.sub(r"\^?fi/|\^?sv/", "fi/", route)
        path = re.sub(r"<uuid:token>", "0f6b1e9e-4d1c-4a5e-9b7e-2f7a3c1d9e11", path)
        path = re.sub(r"<(str:)?token>", "S3cr3tT0k3nValue", path)
        path = re.sub(r"<[^>]+>", "MQ", path)  # other parts, e.g. a user id
        sample = f"https://www.koivula.example{path}"
        assert "0f6b1e9e" not in mask_private_links(sample) and "S3cr3t" not in mask_private_links(sample), route


def test_outbox_keeps_other_emails_readable(client, staff_user_factory):
    email = send_templated_email(
        to=["aino@example.org"], template="proposals/emails/rejected",
        context={"proposal": ProposalFactory(), "reason": "Ei kunnan asia."}, language="fi",
    )
    officer = staff_user_factory("Privacy officers")
    client.force_login(officer)
    assert "Ei kunnan asia." in client.get(reverse("outbox:inspect", args=[email.pk])).content.decode()
    assert OutgoingEmail.objects.count() == 1
