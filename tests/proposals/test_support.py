"""Supporting a proposal: confirmation links, one support per email, withdrawal, the 2 % threshold."""

import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from engagement.models import OutgoingEmail
from engagement.proposals import services
from engagement.proposals.caching import proposals as namespace
from engagement.proposals.models import Support
from tests.factories.proposals import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def support(client, index, proposal, email="liisa@example.com", name="Liisa Laine"):
    return client.post(f"{index.url}{proposal.pk}/support/", {"name": name, "email": email, **CAPTCHA})


def confirm_link(message):
    return re.search(r"https?://testserver(/\w\w/proposals/support/confirm/[^/\s]+/)", message.body).group(1)


def test_support_counts_only_after_confirmation(client, index_fi):
    proposal = ProposalFactory()
    response = support(client, index_fi, proposal)
    assert response.status_code == 200
    assert proposal.support_count() == 0
    [message] = mail.outbox
    assert message.to == ["liisa@example.com"]
    link = confirm_link(message)
    assert link.startswith("/fi/")
    assert client.get(link).status_code == 200  # GET shows a button, changes nothing
    assert proposal.support_count() == 0
    assert client.post(link).status_code == 200
    assert proposal.support_count() == 1
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert "1 henkilö kannattaa tätä aloitetta." in html


def test_swedish_supporter_gets_a_swedish_link(client, index_sv):
    proposal = ProposalFactory()
    support(client, index_sv, proposal)
    assert confirm_link(mail.outbox[0]).startswith("/sv/")
    assert "Bekräfta ditt stöd" in mail.outbox[0].subject
    assert Support.objects.get().language == "sv"


def test_reused_link_counts_once(client, index_fi):
    proposal = ProposalFactory()
    support(client, index_fi, proposal)
    link = confirm_link(mail.outbox[0])
    client.post(link)
    response = client.post(link)
    assert "Linkkiä on jo käytetty" in response.content.decode()
    assert proposal.support_count() == 1


def test_forged_link_is_refused(client, index_fi):
    proposal = ProposalFactory()
    support(client, index_fi, proposal)
    link = confirm_link(mail.outbox[0])
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert client.post(forged).status_code == 400
    other = signing.TimestampSigner(salt="wrong").sign_object({"k": "s", "id": Support.objects.get().pk, "n": "x"})
    assert client.post(f"/fi/proposals/support/confirm/{other}/").status_code == 400
    assert proposal.support_count() == 0


def test_expired_link_is_refused(client, index_fi):
    proposal = ProposalFactory()
    support(client, index_fi, proposal)
    link = confirm_link(mail.outbox[0])
    with override_settings(PROPOSAL_CONFIRM_LINK_MAX_AGE=-1):
        response = client.post(link)
    assert response.status_code == 400
    assert "vanhentunut" in response.content.decode()
    assert proposal.support_count() == 0


def test_one_support_per_email(client, index_fi):
    proposal = ProposalFactory()
    support(client, index_fi, proposal, email="liisa@example.com")
    client.post(confirm_link(mail.outbox[0]))
    support(client, index_fi, proposal, email="LIISA@example.com")
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert proposal.support_count() == 1
    assert "Kannatat jo tätä aloitetta" in mail.outbox[-1].subject


def test_database_refuses_a_second_support_of_the_same_email():
    proposal = ProposalFactory()
    SupportFactory(proposal=proposal, email="sama@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(proposal=proposal, name="Toinen", email="sama@example.com")


def test_withdrawal(client, index_fi):
    proposal = ProposalFactory()
    item = SupportFactory(proposal=proposal)
    url = f"/fi/proposals/support/withdraw/{item.token}/"
    assert client.get(url).status_code == 200
    assert proposal.support_count() == 1
    client.post(url)
    assert proposal.support_count() == 0
    # Supporting again after withdrawing needs a new confirmation.
    support(client, index_fi, proposal, email=item.email)
    assert proposal.support_count() == 0
    client.post(confirm_link(mail.outbox[-1]))
    assert proposal.support_count() == 1


def test_threshold_alerts_staff_once_with_the_councils_deadline(client, index_fi, entitled_voters, staff_user_factory):
    entitled_voters(100)  # threshold: 2 supports
    staff_user_factory("Moderators", email="moderaattori@koivula.example")
    proposal = ProposalFactory()
    SupportFactory(proposal=proposal)
    services.check_threshold(proposal)
    assert not [m for m in mail.outbox if "moderaattori@koivula.example" in m.to]
    support(client, index_fi, proposal)
    client.post(confirm_link(mail.outbox[-1]))
    proposal.refresh_from_db()
    assert proposal.threshold_reached_at is not None
    deadline = proposal.council_deadline
    alerts = [m for m in mail.outbox if "moderaattori@koivula.example" in m.to]
    assert len(alerts) == 1
    assert deadline.strftime("%-d.%-m.%Y") in alerts[0].body
    services.check_threshold(proposal)
    assert len([m for m in mail.outbox if "moderaattori@koivula.example" in m.to]) == 1
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert '<progress max="100" value="100"' in html


def test_threshold_shows_on_the_dashboard(client, entitled_voters, staff_user_factory):
    from django.utils import timezone

    proposal = ProposalFactory(title="Kuntalaisaloite uimahallista", threshold_reached_at=timezone.now())
    user = staff_user_factory("Moderators")
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "Kuntalaisaloite uimahallista" in html
    assert proposal.council_deadline.strftime("%-d.%-m.%Y") in html


def test_unconfirmed_supports_do_not_count(index_fi):
    proposal = ProposalFactory()
    SupportFactory.create_batch(2, proposal=proposal, confirmed_at=None)
    SupportFactory(proposal=proposal)
    assert proposal.support_count() == 1


def test_decided_proposal_cannot_be_supported(client, index_fi):
    from engagement.proposals.models import ProposalState

    proposal = ProposalFactory(state=ProposalState.objects.get(slug="not-accepted"))
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert "/support/" not in html
    response = support(client, index_fi, proposal)
    assert response.status_code == 302
    assert not Support.objects.exists()


def test_only_the_newest_confirmation_link_works(client, index_fi):
    proposal = ProposalFactory()
    support(client, index_fi, proposal)
    old_link = confirm_link(mail.outbox[0])
    support(client, index_fi, proposal)
    new_link = confirm_link(mail.outbox[1])
    assert client.post(old_link).status_code == 200
    assert proposal.support_count() == 0
    client.post(new_link)
    assert proposal.support_count() == 1


def test_a_support_waiting_for_confirmation_leaves_the_cached_proposal_warm(client, index_fi):
    """Issue 15: only supports that count are shown, so a support POST (new or renewed, unconfirmed) does
    not bump the proposals' cache namespace; confirming it does."""
    proposal = ProposalFactory()
    client.get(f"{index_fi.url}{proposal.pk}/")
    version = namespace.version()
    support(client, index_fi, proposal)
    support(client, index_fi, proposal, name="Liisa L.")  # asked again before confirming: a new link
    services.request_follow(proposal, "seuraaja@example.com", "fi")  # no page shows followers
    assert namespace.version() == version
    stored = Support.objects.get(proposal=proposal)
    assert stored.name == "Liisa L." and stored.confirmed_at is None
    assert client.post(confirm_link(mail.outbox[0])).status_code == 200  # the old link no longer works
    assert proposal.support_count() == 0
    assert client.post(confirm_link(mail.outbox[1])).status_code == 200
    assert proposal.support_count() == 1 and namespace.version() != version
    html = client.get(f"{index_fi.url}{proposal.pk}/").content.decode()
    assert "1 henkilö kannattaa tätä aloitetta." in html


def test_a_withdrawn_support_asked_again_is_renewed_and_counts_once_confirmed(client, index_fi):
    proposal = ProposalFactory()
    supporter = SupportFactory(proposal=proposal, email="liisa@example.com", withdrawn_at=timezone.now())
    assert not supporter.counts
    support(client, index_fi, proposal)
    assert "Kannatat jo" not in mail.outbox[-1].subject
    client.post(confirm_link(mail.outbox[-1]))
    assert proposal.support_count() == 1


def test_the_confirmation_link_is_composed_by_the_worker_in_the_language_asked(client, index_fi, index_sv, queued):
    """The request stores the support and queues its email in the same transaction (as on production's
    database queue); the worker composes it. Asking again in Swedish answers in Swedish."""
    proposal = ProposalFactory()
    support(client, index_fi, proposal)
    stored = Support.objects.get()
    assert not OutgoingEmail.objects.exists()
    support(client, index_sv, proposal, email="LIISA@example.com")  # again, in Swedish, still unconfirmed
    tasks = DBTaskResult.objects.filter(task_path=services.send_support_email.module_path).order_by("enqueued_at")
    assert [task.args_kwargs["args"] for task in tasks] == [[stored.pk, "confirm_support", "fi"],
                                                            [stored.pk, "confirm_support", "sv"]]
    assert services.send_support_email.call(stored.pk, "confirm_support", "sv") is True  # the worker
    call_command("send_pending_emails")
    [message] = mail.outbox
    assert "Bekräfta ditt stöd" in message.subject and confirm_link(message).startswith("/sv/")
    assert client.post(confirm_link(message)).status_code == 200 and proposal.support_count() == 1
    assert services.send_support_email.call(stored.pk + 1000, "confirm_support", "fi") is False
