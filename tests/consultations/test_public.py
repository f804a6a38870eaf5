"""The public side in both languages: commenting on a section with its question, pre- and
post-moderation, reports, agreements, the close time, comments in the other language."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import PageViewRestriction

from engagement.consultations import services
from engagement.consultations.models import REPORTS_TO_HIDE, Answer, Comment, CommentAgreement
from engagement.consultations.pages import ConsultationPage
from tests.factories.consultations import make_comment, make_consultation

pytestmark = pytest.mark.django_db
CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


def test_the_page_shows_sections_timeline_and_the_comment_links_in_both_languages(client, consultation):
    page_fi, page_sv = consultation
    body = client.get(page_fi.url).content.decode()
    assert "Asuminen" in body and "Käsittelyn vaiheet" in body and "Kommentoi koko luonnosta" in body
    assert url(page_fi, "comment_section", page_fi.sections.all()[1].pk) in body
    body = client.get(page_sv.url).content.decode()
    assert "Boende" in body and "Behandlingens skeden" in body and "Kommentera hela utkastet" in body


def test_comment_and_answer_on_a_section_pre_moderated(client, consultation):
    page_fi, _ = consultation
    section = page_fi.sections.all()[1]
    form_url = url(page_fi, "comment_section", section.pk)
    body = client.get(form_url).content.decode()
    assert "Tarvitaanko väylää?" in body and "En osaa sanoa" in body
    response = client.post(form_url, {"text": "Väylä on tarpeen.", "answer": "1", "nickname": "Kyläläinen",
                                       "email": "asukas@example.com", **CAPTCHA})
    assert response.status_code == 200
    assert "lukenut" in response.content.decode()  # shown once a moderator has read it
    comment = Comment.objects.get()
    assert (comment.status, comment.section, comment.language, comment.email) == (
        Comment.Status.PENDING, section, "fi", "asukas@example.com")
    assert list(Answer.objects.values_list("choice", flat=True)) == [1]
    assert "Väylä on tarpeen." not in client.get(page_fi.url).content.decode()
    services.approve(comment, None)
    assert "Väylä on tarpeen." in client.get(page_fi.url).content.decode()


def test_post_moderation_shows_the_comment_at_once_in_swedish(client, index):
    page_fi, page_sv = make_consultation(index[0], moderation="post")
    section = page_sv.sections.all()[0]
    response = client.post(url(page_sv, "comment_section", section.pk), {"text": "Bra förslag.", **CAPTCHA})
    assert "visas nu" in response.content.decode()
    comment = Comment.objects.get()
    assert (comment.status, comment.language, comment.consultation_id) == (Comment.Status.PUBLISHED, "sv", page_sv.pk)
    assert "Bra förslag." in client.get(page_sv.url).content.decode()
    # In Finnish it shows under the same section only when asked to show the other language too.
    assert "Bra förslag." not in client.get(page_fi.url).content.decode()
    body = client.get(page_fi.url + "?languages=all").content.decode()
    assert "Bra förslag." in body and 'lang="sv"' in body


def test_errors_keep_what_was_typed_and_speak_the_language(client, consultation):
    page_fi, page_sv = consultation
    section = page_sv.sections.all()[0]  # no question: the comment is required
    response = client.post(url(page_sv, "comment_section", section.pk),
                           {"text": "", "nickname": "Nisse", "email": "inte-en-adress", **CAPTCHA})
    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" in body
    assert 'value="Nisse"' in body and "inte-en-adress" in body
    assert "Det här fältet är obligatoriskt" in body and "Ange en giltig mejladress" in body
    assert not Comment.objects.exists()


def test_honeypot_and_captcha(client, consultation):
    page_fi, _ = consultation
    form_url = url(page_fi, "comment")
    client.post(form_url, {"text": "Roskaa", "website": "http://spam.example", **CAPTCHA})
    client.post(form_url, {"text": "Roskaa", "captcha_0": "x", "captcha_1": "wrong"})
    assert not Comment.objects.exists()


def test_an_answer_without_a_comment_is_stored(client, consultation):
    page_fi, _ = consultation
    section = page_fi.sections.all()[2]
    client.post(url(page_fi, "comment_section", section.pk), {"answer": "4", **CAPTCHA})
    assert not Comment.objects.exists()
    assert list(Answer.objects.values_list("choice", "section")) == [(4, section.pk)]


def test_comments_close_at_the_close_time(client, index):
    page_fi, page_sv = make_consultation(index[0], opens=-10, closes=-1)
    for page, text in ((page_fi, "päättynyt"), (page_sv, "stängt")):
        response = client.get(url(page, "comment"))
        assert text in response.content.decode().lower()
        assert "captcha" not in response.content.decode()
        client.post(url(page, "comment"), {"text": "Myöhässä", **CAPTCHA})
    assert not Comment.objects.exists()
    with pytest.raises(services.ConsultationClosed):
        services.submit_comment(page_fi, text="x", language="fi")
    body = client.get(page_fi.url).content.decode()
    assert "Kommentoi koko luonnosta" not in body and "Kommentointi päättyi" in body


def test_three_reports_hide_a_comment_until_a_moderator_decides(client, consultation, superuser):
    page_fi, _ = consultation
    comment = make_comment(page_fi, text="Asiaton kommentti")
    report_url = url(page_fi, "report", comment.pk)
    for _ in range(REPORTS_TO_HIDE - 1):
        client.cookies.clear()  # another browser
        client.post(report_url, {"reason": "asiaton", **CAPTCHA})
    client.post(report_url, {"reason": "sama selain", **CAPTCHA})  # the same browser counts once
    comment.refresh_from_db()
    assert (comment.reports_count, comment.status) == (REPORTS_TO_HIDE - 1, Comment.Status.PUBLISHED)
    client.cookies.clear()
    client.post(report_url, {**CAPTCHA})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert "Asiaton kommentti" not in client.get(page_fi.url).content.decode()
    assert client.get(report_url).status_code == 404
    services.approve(comment, superuser)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.reports_count == 0
    services.reject(comment, superuser)
    assert "Asiaton kommentti" not in client.get(page_fi.url + "?languages=all").content.decode()


def test_one_agree_per_browser_and_the_count_is_shown(client, consultation):
    page_fi, _ = consultation
    comment = make_comment(page_fi, text="Samaa mieltä tästä")
    agree_url = url(page_fi, "agree", comment.pk)
    assert "Oletko samaa mieltä" in client.get(agree_url).content.decode()
    response = client.post(agree_url)
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    client.post(agree_url)
    comment.refresh_from_db()
    assert comment.agree_count == 1 and CommentAgreement.objects.count() == 1
    client.cookies.clear()
    client.post(agree_url)
    comment.refresh_from_db()
    assert comment.agree_count == 2
    assert "2 henkilöä on samaa mieltä" in client.get(page_fi.url).content.decode()


def test_a_forged_cookie_is_a_new_browser(client, consultation):
    page_fi, _ = consultation
    comment = make_comment(page_fi)
    client.cookies["consultation_browser"] = "forged"
    client.post(url(page_fi, "agree", comment.pk))
    assert client.cookies["consultation_browser"].value != "forged"


def test_comments_beyond_a_screenful_are_behind_a_link(client, consultation):
    page_fi, _ = consultation
    section = page_fi.sections.all()[0]
    for number in range(15):
        make_comment(page_fi, section, text=f"Kommentti numero {number:02d}")
    body = client.get(page_fi.url).content.decode()
    assert "Kommentti numero 09" in body and "Kommentti numero 10" not in body
    all_url = url(page_fi, "comments", str(section.translation_key))
    assert all_url in body
    listing = client.get(all_url).content.decode()
    assert "Kommentti numero 14" in listing


def test_a_screenful_per_section_and_the_rest_a_page_at_a_time_in_both_languages(client, consultation):
    """Thousands of comments: ten per section on the page, the rest behind a link that names its section
    for a screen reader, fifty at a time with the pages' navigation."""
    page_fi, page_sv = consultation
    section_fi, section_sv = page_fi.sections.all()[0], page_sv.sections.all()[0]
    for number in range(60):
        make_comment(page_fi, section_fi, text=f"Kommentti {number:02d}", created_at=timezone.now() - timedelta(minutes=60 - number))
        make_comment(page_sv, section_sv, text=f"Kommentar {number:02d}", created_at=timezone.now() - timedelta(minutes=60 - number))
    for page, section, words in ((page_fi, section_fi, ("Kommentti", "Näytä kaikki 60 kommenttia", "Asuminen", "Sivu 2/2", "Seuraava")),
                                 (page_sv, section_sv, ("Kommentar", "Visa alla 60 kommentarer", "Boende", "Sida 2 av 2", "Nästa"))):
        text, show_all, heading, page_two, next_label = words
        body = client.get(page.url).content.decode()
        assert body.count('class="comment"') == 10 and f"{text} 09" in body and f"{text} 10" not in body
        all_url = url(page, "comments", str(section.translation_key))
        assert f'<a href="{all_url}">{show_all}<span class="visually-hidden">: {heading}</span></a>' in body
        listing = client.get(all_url).content.decode()
        assert listing.count('class="comment"') == 50 and f"{text} 49" in listing and f"{text} 50" not in listing
        assert f'rel="next">{next_label}</a>' in listing
        second = client.get(all_url, {"page": 2}).content.decode()
        assert second.count('class="comment"') == 10 and f"{text} 59" in second and page_two in second
        both = client.get(page.url + "?languages=all").content.decode()
        assert both.count('class="comment"') == 10 and show_all.replace("60", "120") in both


def test_the_comments_shown_follow_every_change_in_both_languages(client, consultation, superuser):
    """The page's comments are rendered once per change (the consultations namespace), not per view: a
    new comment, an agreement, a reply and a rejection show at the next view, in each language."""
    page_fi, page_sv = consultation
    section_fi, section_sv = page_fi.sections.all()[0], page_sv.sections.all()[0]
    first = make_comment(page_fi, section_fi, text="Ensimmäinen kommentti")
    assert "Ensimmäinen kommentti" in client.get(page_fi.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "Ensimmäinen kommentti" in client.get(page_fi.url).content.decode()
    assert not [query for query in queries if '"consultations_comment"' in query["sql"]]  # not read again
    assert "Ensimmäinen kommentti" not in client.get(page_sv.url).content.decode()
    assert "Ensimmäinen kommentti" in client.get(page_sv.url + "?languages=all").content.decode()
    make_comment(page_sv, section_sv, text="Första kommentaren")
    body = client.get(page_sv.url).content.decode()
    assert "Första kommentaren" in body and "1 kommentar<" in body
    services.agree(first, services.browser_hash("a browser"))
    services.reply(first, superuser, "Kiitos, selvitämme asian.")
    body = client.get(page_fi.url).content.decode()
    assert "1 henkilö on samaa mieltä" in body and "Kiitos, selvitämme asian." in body
    assert "1 person håller med" in client.get(page_sv.url + "?languages=all").content.decode()
    services.reject(first, superuser)
    assert "Ensimmäinen kommentti" not in client.get(page_fi.url).content.decode()
    assert "Ensimmäinen kommentti" not in client.get(page_sv.url + "?languages=all").content.decode()


def test_index_lists_open_first_and_filters_by_status(client, index):
    index_fi, index_sv = index
    make_consultation(index_fi, slug="vanha", title="Vanha kuuleminen", opens=-30, closes=-10, translate=False)
    make_consultation(index_fi, slug="uusi", title="Avoin kuuleminen", translate=False)
    body = client.get(index_fi.url).content.decode()
    assert body.index("Avoin kuuleminen") < body.index("Vanha kuuleminen")
    body = client.get(index_fi.url + "?status=closed").content.decode()
    assert "Vanha kuuleminen" in body and "Avoin kuuleminen" not in body
    assert client.get(index_sv.url).status_code == 200


def test_the_page_stays_within_the_query_budget_with_500_comments(client, consultation, django_assert_max_num_queries):
    page_fi, page_sv = consultation
    sections = list(page_fi.sections.all())
    Comment.objects.bulk_create(
        Comment(consultation=page_fi if n % 3 else page_sv, section=sections[n % 3] if n % 4 else None,
                text=f"Kommentti {n}", language="fi" if n % 3 else "sv", status=Comment.Status.PUBLISHED,
                created_at=timezone.now() - timedelta(minutes=n))
        for n in range(500)
    )
    client.get(page_fi.url)  # warm the frame's caches, as on a running site
    with django_assert_max_num_queries(15):
        response = client.get(page_fi.url + "?languages=all")
    body = response.content.decode()
    assert body.count('class="comment"') == 40  # ten per section and ten on the whole draft


def test_a_section_keeps_its_comments_when_the_page_is_translated_again(client, consultation):
    page_fi, page_sv = consultation
    section_sv = page_sv.sections.all()[0]
    make_comment(page_sv, section_sv, text="Kommentar")
    page_fi.closes_at += timedelta(days=1)
    page_fi.save_revision().publish()
    page_sv = ConsultationPage.objects.get(pk=page_sv.pk)
    assert page_sv.sections.all()[0].pk == section_sv.pk
    with override("sv"):
        assert "Kommentar" in client.get(page_sv.url).content.decode()


def test_the_index_renders_its_cards_once_and_follows_every_change(client, index, monkeypatch, settings):
    """The index's cards are cached with their page: a warm index renders none and reads no consultation,
    yet an edit, a view restriction and the clock (a consultation opening) show at once."""
    settings.PAGE_CACHE_SECONDS = 0  # the whole-page cache aside: this is about the index's own cache
    index_fi, _index_sv = index
    page, _sv = make_consultation(index_fi, slug="tuleva", title="Tuleva kuuleminen", opens=1, closes=10, translate=False)
    client.get(index_fi.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index_fi.url)
    body = response.content.decode()
    assert "consultations/includes/consultation_cards.html" not in [template.name for template in response.templates]
    assert not [query for query in queries.captured_queries if "consultations_consultationpage" in query["sql"]]
    assert "Tuleva kuuleminen" in body and "Avautuu" in body

    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    body = client.get(index_fi.url).content.decode()
    assert "Avautuu" not in body and "Kommentoi viimeistään" in body
    monkeypatch.undo()

    page.title = "Tuleva <kuuleminen>"
    page.save_revision().publish()
    body = client.get(index_fi.url).content.decode()
    assert "Tuleva &lt;kuuleminen&gt;" in body

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert "Tuleva &lt;kuuleminen&gt;" not in client.get(index_fi.url).content.decode()
