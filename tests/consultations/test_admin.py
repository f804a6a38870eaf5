"""The moderators' queue in the admin: a moderator (in the Moderators group, not a superuser) finds
comments with the filters and the search, approves, rejects and replies; staff without the permission
get 403; the commenter's email is only for those allowed to see it; the dashboard panel."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from engagement.consultations.models import Comment, SectionSummary
from engagement.consultations.pages import ConsultationPage
from home.groups import COMMUNICATIONS_STAFF, MODERATORS
from tests.factories import admin_language
from tests.factories.consultations import make_comment, make_consultation

pytestmark = pytest.mark.django_db

INDEX = "consultations_comment:index"


@pytest.fixture
def moderator(staff_user_factory):
    user = staff_user_factory(MODERATORS)
    assert not user.is_superuser
    return user


@pytest.fixture
def comments(consultation):
    page_fi, page_sv = consultation
    sections = list(page_fi.sections.all())
    return {
        "pending": make_comment(page_fi, sections[0], status=Comment.Status.PENDING, text="Lisää tontteja rantaan.",
                                nickname="Kyläläinen", email="asukas@example.com"),
        "published": make_comment(page_fi, sections[1], text="Väylä on tarpeen."),
        "swedish": make_comment(page_sv, list(page_sv.sections.all())[1], status=Comment.Status.PENDING,
                                text="Leden behövs verkligen."),
        "reported": make_comment(page_fi, sections[2], status=Comment.Status.HIDDEN, text="Asiaton kommentti.",
                                 reports_count=3),
    }


def listed(client, **query):
    response = client.get(reverse(INDEX), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_moderator_finds_comments_with_filters_and_search(client, moderator, comments, consultation):
    client.force_login(moderator)
    body = listed(client)
    assert all(comment.text in body for comment in comments.values())
    body = listed(client, status="pending")
    assert "Lisää tontteja rantaan." in body and "Leden behövs verkligen." in body and "Väylä on tarpeen." not in body
    body = listed(client, language="sv")
    assert "Leden behövs verkligen." in body and "Lisää tontteja rantaan." not in body
    body = listed(client, reported="true")
    assert "Asiaton kommentti." in body and "Väylä on tarpeen." not in body
    # A section of the Finnish page finds the comments on the same section in Swedish too.
    traffic_fi = consultation[0].sections.all()[1]
    body = listed(client, section=traffic_fi.pk)
    assert "Väylä on tarpeen." in body and "Leden behövs verkligen." in body and "Lisää tontteja" not in body
    body = listed(client, consultation=consultation[1].pk)
    assert "Lisää tontteja rantaan." in body and "Leden behövs verkligen." in body
    body = listed(client, q="tontteja")
    assert "Lisää tontteja rantaan." in body and "Väylä on tarpeen." not in body
    # The email is not a search key for a moderator (no permission to see emails).
    assert "Lisää tontteja rantaan." not in listed(client, q="asukas@example.com")


def test_a_moderator_approves_rejects_and_replies(client, moderator, comments):
    client.force_login(moderator)
    pending = comments["pending"]
    url = reverse("consultations_comment:edit", args=[pending.pk])
    body = client.get(url).content.decode()
    assert "Lisää tontteja rantaan." in body and "Hyväksy ja julkaise" in body and 'value="approve"' in body
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 302 and response["Location"] == reverse(INDEX) + "?status=pending"
    pending.refresh_from_db()
    assert (pending.status, pending.moderated_by) == (Comment.Status.PUBLISHED, moderator)
    assert "Lisää tontteja rantaan." in client.get(pending.consultation.url).content.decode()

    swedish = comments["swedish"]
    client.post(reverse("consultations_comment:edit", args=[swedish.pk]), {"action": "reject", "note": "Ei aiheeseen."})
    swedish.refresh_from_db()
    assert (swedish.status, swedish.moderation_note) == (Comment.Status.REJECTED, "Ei aiheeseen.")

    published = comments["published"]
    response = client.post(reverse("consultations_comment:edit", args=[published.pk]),
                           {"action": "reply", "reply": "Väylä on mukana ensi vuoden talousarviossa."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.reply, published.replied_by) == ("Väylä on mukana ensi vuoden talousarviossa.", moderator)
    assert "Väylä on mukana ensi vuoden talousarviossa." in client.get(published.consultation.url).content.decode()


def test_a_moderator_restores_a_comment_hidden_after_reports(client, moderator, comments):
    client.force_login(moderator)
    hidden = comments["reported"]
    client.post(reverse("consultations_comment:edit", args=[hidden.pk]), {"action": "approve"})
    hidden.refresh_from_db()
    assert (hidden.status, hidden.reports_count) == (Comment.Status.PUBLISHED, 0)


def test_communications_staff_without_the_permission_get_403(client, staff_user_factory, comments, consultation):
    user = staff_user_factory(COMMUNICATIONS_STAFF)
    client.force_login(user)
    pending = comments["pending"]
    edit = reverse("consultations_comment:edit", args=[pending.pk])
    assert client.post(edit, {"action": "approve"}).status_code == 403
    for url in (edit, reverse("consultations_comment:report", args=[consultation[0].pk]),
                reverse("consultations_comment:reports")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Sinulla ei ole oikeutta tähän." in response.content.decode()
    # Wagtail's own listing answers a refused user with a redirect to the dashboard.
    response = client.get(reverse(INDEX))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING
    assert "consultations-panel-heading" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_viewer_without_the_change_permission_cannot_moderate(client, django_user_model, comments):
    user = django_user_model.objects.create_user("lukija", "lukija@koivula.example", "correct horse battery")
    for codename, label in [("access_admin", "wagtailadmin"), ("view_comment", "consultations")]:
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label=label))
    client.force_login(user)
    pending = comments["pending"]
    edit = reverse("consultations_comment:edit", args=[pending.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"action": "approve"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING


def test_the_email_is_only_for_those_allowed_to_see_it(client, moderator, comments):
    client.force_login(moderator)
    url = reverse("consultations_comment:edit", args=[comments["pending"].pk])
    assert "asukas@example.com" not in client.get(url).content.decode()
    moderator.user_permissions.add(Permission.objects.get(codename="view_comment_email"))
    client.force_login(type(moderator).objects.get(pk=moderator.pk))
    assert "asukas@example.com" in client.get(url).content.decode()
    assert "Lisää tontteja rantaan." in listed(client, q="asukas@example.com")


def test_staff_never_add_comments(client, superuser):
    client.force_login(superuser)
    with pytest.raises(NoReverseMatch):
        reverse("consultations_comment:add")
    index = client.get(reverse("consultations_comment:index"))
    assert index.status_code == 200 and "/admin/consultations/comments/new/" not in index.content.decode()
    assert client.get("/admin/consultations/comments/new/", follow=True).status_code == 404


def test_the_dashboard_shows_consultations_closing_soon_and_closed_without_a_summary(client, moderator, index):
    closing, _ = make_consultation(index[0], slug="kirjaston-aukiolo", title="Kirjaston aukioloajat", closes=3)
    later, _ = make_consultation(index[0], slug="talousarvio", title="Talousarvio 2027", closes=20, translate=False)
    closed, _ = make_consultation(index[0], slug="nuorisopolitiikka", title="Nuorisopoliittinen ohjelma",
                                  opens=-30, closes=-2, translate=False)
    summarised, _ = make_consultation(index[0], slug="uimaranta", title="Uimarannan kunnostus", opens=-30, closes=-5,
                                      translate=False)
    SectionSummary.objects.create(consultation=summarised, themes="Rannalle toivottiin laituria.",
                                  published_at=timezone.now() - timedelta(days=1))
    make_comment(closing, status=Comment.Status.PENDING)
    client.force_login(moderator)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = body[body.index("consultations-panel-heading"):]
    panel = panel[:panel.index("</section>")]
    assert "Kirjaston aukioloajat" in panel and "Talousarvio 2027" not in panel
    assert "Nuorisopoliittinen ohjelma" in panel and "Uimarannan kunnostus" not in panel
    assert panel.count("Kirjaston aukioloajat") == 1  # one line per consultation, not per language
    assert reverse("consultations_comment:report", args=[closing.pk]) in panel
    assert "?status=pending" in panel
    assert ConsultationPage.objects.filter(title="Kirjaston aukioloajat").count() == 1


def test_the_staff_screens_speak_swedish_to_a_swedish_moderator(client, moderator, comments, consultation):
    admin_language(moderator, "sv")
    client.force_login(moderator)
    body = client.get(reverse("consultations_comment:edit", args=[comments["pending"].pk])).content.decode()
    assert "Godkänn och publicera" in body and "Spara svaret" in body
    report = client.get(reverse("consultations_comment:report", args=[consultation[0].pk]))
    assert report.context["page"].pk == consultation[1].pk  # the Swedish page of the consultation
    assert "Kommentarer per avsnitt och språk" in report.content.decode() and "Trafik" in report.content.decode()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 kommentarer väntar på moderering" in dashboard and "1 kommentar dold efter anmälningar" in dashboard
