"""The annual report for the council, and the retention of supporters' personal data."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from engagement.proposals.models import Follower, ProposalState, Support
from tests.factories.proposals import FollowerFactory, ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db


def at(year, month=5):
    return timezone.make_aware(datetime.datetime(year, month, 10, 12))


@pytest.fixture
def report_data():
    accepted = ProposalFactory(
        title="Uimaranta Koivujärvelle",
        created_at=at(2025),
        state=ProposalState.objects.get(slug="accepted"),
        answer_date=datetime.date(2025, 11, 3),
        answer_decided_by="Kunnanvaltuusto",
        measures="Uimaranta rakennetaan kesäksi 2026.",
    )
    SupportFactory.create_batch(3, proposal=accepted)
    ProposalFactory(title="Kirjasto auki sunnuntaisin", created_at=at(2025, 9))
    ProposalFactory(title="Roskaposti", created_at=at(2025), moderation="rejected")
    ProposalFactory(title="Viime vuonna", created_at=at(2024))
    ProposalFactory(title="Vielä moderoitavana", created_at=at(2025, 12), pending=True)
    return accepted


def test_annual_report_lists_the_years_proposals_with_states_and_measures(client, staff_user_factory, report_data):
    client.force_login(staff_user_factory("Moderators"))
    response = client.get("/admin/proposals/proposal/report/", {"year": 2025})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uimaranta Koivujärvelle" in html and "Kirjasto auki sunnuntaisin" in html
    assert "Roskaposti" not in html and "Viime vuonna" not in html
    assert "Vielä moderoitavana" in html  # made this year, though not yet published
    assert "Uimaranta rakennetaan kesäksi 2026." in html and "Kunnanvaltuusto" in html
    printable = client.get("/admin/proposals/proposal/report/", {"year": 2025, "print": 1}).content.decode()
    assert "Uimaranta Koivujärvelle" in printable and "<table" in printable


def test_annual_report_csv(client, staff_user_factory, report_data):
    client.force_login(staff_user_factory("Moderators"))
    response = client.get("/admin/proposals/proposal/report/", {"year": 2025, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # a city's year is read in chunks, not held in memory
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 4
    first = rows[1]
    assert first[1] == "Uimaranta Koivujärvelle" and first[4] == "3"
    assert first[6] == "2025-11-03" and first[8] == "Uimaranta rakennetaan kesäksi 2026."


def test_report_needs_permission(client, staff_user_factory):
    client.force_login(staff_user_factory("Communications staff"))
    assert client.get("/admin/proposals/proposal/report/").status_code in (302, 403)


def test_retention_erases_supporters_after_the_proposal_closes(settings):
    settings.PROPOSAL_SUPPORTER_RETENTION_DAYS = 30
    old = ProposalFactory(closed_at=timezone.now() - datetime.timedelta(days=31))
    recent = ProposalFactory(closed_at=timezone.now() - datetime.timedelta(days=5))
    open_one = ProposalFactory()
    for proposal in (old, recent, open_one):
        SupportFactory.create_batch(2, proposal=proposal)
        FollowerFactory(proposal=proposal)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "proposal-supporters: 2 would be erased" in out.getvalue()
    assert Support.objects.exclude(email="").count() == 6
    call_command("apply_retention", stdout=io.StringIO())
    assert list(Support.objects.filter(proposal=old).values_list("name", "email")) == [("", ""), ("", "")]
    assert old.support_count() == 2  # the count stays
    assert Support.objects.filter(proposal=recent).exclude(email="").count() == 2
    assert not Follower.objects.filter(proposal=old).exists()
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "proposal-supporters: 0 would be erased" in out.getvalue()
