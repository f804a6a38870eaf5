"""Issue 12, staff: what a member of "Moderators" meets in the admin (never a superuser): the 2 %
threshold in figures, choosing a state without renaming it, visible publish and reject buttons, the
submissions list with its links and no token, and publishing only in the moderated sections."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page

from engagement.models import PageSubmission
from engagement.moderation import submit_page_for_moderation
from tests.factories.directory import AssociationIndexPageFactory, AssociationPage
from tests.factories.proposals import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client, staff_user_factory):
    user = staff_user_factory("Moderators", email="moderaattori@koivula.example")
    client.force_login(user)
    return user


def confirmed_supports(proposal, count):
    for _ in range(count):
        SupportFactory(proposal=proposal, confirmed_at=timezone.now())


def test_threshold_in_figures_on_the_dashboard_the_admin_and_the_public_page(
    client, moderator, entitled_voters, index_fi
):
    entitled_voters(500)  # 2 %: 10 supports
    reached_at = timezone.make_aware(datetime(2026, 10, 3, 12, 0))
    reached = ProposalFactory(title="Uimahalli auki sunnuntaisin", threshold_reached_at=reached_at)
    confirmed_supports(reached, 11)
    gathering = ProposalFactory(title="Penkkejä torille")
    confirmed_supports(gathering, 4)

    dashboard = client.get("/admin/").content.decode()
    assert "11 kerätty, 10 tarvitaan, saavutettu 3.10.2026" in dashboard
    assert "4 kerätty, 10 tarvitaan" in dashboard

    edit = client.get(f"/admin/proposals/proposal/edit/{reached.pk}/").content.decode()
    assert "11 kerätty, 10 tarvitaan" in edit and "saavutettu 3.10.2026" in edit

    public = client.get(f"{index_fi.url}{reached.pk}/").content.decode()
    assert "11 / 10 tarvittavasta kannatuksesta" in public and "3.10.2026" in public


def test_choosing_a_state_offers_no_way_to_rename_it(client, moderator):
    proposal = ProposalFactory()
    response = client.get(f"/admin/proposals/proposal/edit/{proposal.pk}/")
    widget = response.context["form"].fields["state"].widget
    assert widget.__class__.__name__ == "Select"
    html = response.content.decode()
    assert "/admin/snippets/proposals/proposalstate/edit/" not in html


def test_publish_and_reject_are_visible_buttons(client, moderator):
    pending = ProposalFactory(title="Odottava aloite", pending=True)
    publish = f"/admin/proposals/proposal/publish/{pending.pk}/"
    reject = f"/admin/proposals/proposal/reject/{pending.pk}/"
    for url in ("/admin/proposals/proposal/", f"/admin/proposals/proposal/edit/{pending.pk}/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for action in (publish, reject):
            link = soup.find("a", href=action)
            assert link is not None, (url, action)
            assert "button" in link.get("class", []), (url, link)
            # Not inside one of Wagtail's "more" dropdown menus.
            assert not link.find_parent(attrs={"data-controller": "w-dropdown"}), (url, link)


def test_submissions_list_links_page_changes_and_approval_and_shows_no_token(client, moderator, home_fi):
    index = AssociationIndexPageFactory(parent=home_fi)
    page = AssociationPage(title="Koivulan Kyläyhdistys", slug="kylayhdistys", live=False, intro="Kylän yhdistys")
    index.add_child(instance=page)
    submission = submit_page_for_moderation(
        page, kind="association", submitter_name="Aino", submitter_email="aino@example.org", language="fi"
    )
    html = client.get("/admin/page_submissions/").content.decode()
    assert f"/admin/pages/{page.pk}/edit/" in html
    assert f"/admin/pages/{page.pk}/revisions/{submission.revision_id}/view/" in html
    assert "Hyväksy tai hylkää" in html
    assert submission.token not in html
    inspect = client.get(f"/admin/page_submissions/inspect/{submission.pk}/").content.decode()
    assert submission.token not in inspect
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert PageSubmission.objects.get().status == "in_review"


def test_moderators_may_publish_below_their_sections_only(moderator, home_fi):
    directory = AssociationIndexPageFactory(parent=home_fi)
    association = AssociationPage(title="Kuoro", slug="kuoro", intro="Laulamme.")
    directory.add_child(instance=association)
    assert association.permissions_for_user(moderator).can_publish()
    assert not home_fi.permissions_for_user(moderator).can_publish()
    assert not home_fi.permissions_for_user(moderator).can_edit()
    assert not Page.get_first_root_node().permissions_for_user(moderator).can_publish_subpage()
