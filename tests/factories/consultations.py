"""Factories for consultations: a consultation page in Finnish with its Swedish translation, its sections
(one with a question), and comments."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from engagement.consultations.models import Comment, ConsultationSection, QuestionKind
from engagement.consultations.pages import ConsultationIndexPage, ConsultationPage


def make_index(home_fi, slug="kuulemiset", show_in_menus=False):
    locale_sv = Locale.objects.get(language_code="sv")
    index_fi = ConsultationIndexPage(title="Kuulemiset", slug=slug, intro="Kerro mielipiteesi luonnoksista.",
                                     show_in_menus=show_in_menus)
    home_fi.add_child(instance=index_fi)
    index_fi.save_revision().publish()
    index_sv = index_fi.copy_for_translation(locale_sv, copy_parents=False)
    index_sv.title, index_sv.slug = "Samråd", "samrad"
    index_sv.save_revision().publish()
    return index_fi, ConsultationIndexPage.objects.get(pk=index_sv.pk)


def make_consultation(index_fi, *, slug="kylan-yleiskaava", moderation="pre", opens=-1, closes=14, title="Kylän yleiskaava",
                      sections=3, translate=True):
    """(page_fi, page_sv or None): open from `opens` days to `closes` days from now; the second section
    asks a single choice question, the third a 1–5 scale."""
    now = timezone.now()
    page = ConsultationPage(
        title=title, slug=slug, summary="Luonnos kylän maankäytöstä.", opens_at=now + timedelta(days=opens),
        closes_at=now + timedelta(days=closes), moderation=moderation,
    )
    rows = [
        ConsultationSection(heading="Asuminen", text="<p>Uusia tontteja kylän keskustaan.</p>"),
        ConsultationSection(
            heading="Liikenne", text="<p>Kevyen liikenteen väylä koululle.</p>", question="Tarvitaanko väylää?",
            question_kind=QuestionKind.SINGLE, options="Kyllä\nEi\nEn osaa sanoa",
        ),
        ConsultationSection(
            heading="Virkistys", text="<p>Uimaranta ja latu.</p>", question="Kuinka tärkeä uimaranta on?",
            question_kind=QuestionKind.SCALE,
        ),
    ][:sections]
    page.sections = rows
    index_fi.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    if not translate:
        return page, None
    locale_sv = Locale.objects.get(language_code="sv")
    page_sv = page.copy_for_translation(locale_sv, copy_parents=False)
    page_sv.title, page_sv.slug, page_sv.summary = "Byns generalplan", "byns-generalplan", "Utkast om byns markanvändning."
    rows_sv = list(page_sv.sections.all())
    for section, (heading, question, options) in zip(
        rows_sv, [("Boende", "", ""), ("Trafik", "Behövs leden?", "Ja\nNej\nVet inte"),
                                 ("Rekreation", "Hur viktig är badstranden?", "")], strict=False,
    ):
        section.heading, section.question, section.options = heading, question, options
    page_sv.sections = rows_sv
    page_sv.save_revision().publish()
    return page, ConsultationPage.objects.get(pk=page_sv.pk)


def make_comment(page, section=None, *, status=Comment.Status.PUBLISHED, language=None, text="Hyvä luonnos.", **kwargs):
    return Comment.objects.create(
        consultation=page, section=section, text=text, status=status,
        language=language or page.locale.language_code[:2], **kwargs,
    )
