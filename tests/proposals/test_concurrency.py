"""Many supports confirmed at the same moment on PostgreSQL all count, each exactly once."""

import threading

import pytest
from django.db import connection, connections

from engagement.proposals import services
from engagement.proposals.models import Proposal
from tests.factories.proposals import ProposalFactory, SupportFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_confirmations_all_count_once(entitled_voters, staff_user_factory):
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL=postgres://…).")
    entitled_voters(400)  # threshold 8: reached during the race, alerted once
    staff_user_factory("Moderators", email="moderaattori@koivula.example")
    proposal = ProposalFactory()
    supports = SupportFactory.create_batch(12, proposal=proposal, confirmed_at=None)
    tokens = [services.make_confirm_token("s", item) for item in supports]
    # Every link is used twice at once: twelve people each double-clicking.
    jobs = tokens + tokens
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []

    def confirm(token):
        try:
            barrier.wait(timeout=30)
            results.append(services.confirm_support(token)[0])
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(token,)) for token in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(results).count("confirmed") == 12
    assert sorted(results).count("used") == 12
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.support_count() == 12
    assert proposal.threshold_reached_at is not None
    from engagement.models import OutgoingEmail

    alerts = OutgoingEmail.objects.filter(template="proposals/emails/threshold_reached")
    assert alerts.count() == 1
