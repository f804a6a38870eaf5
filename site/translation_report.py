"""Admin report: live pages and snippets that lack a live translation, or whose source text has changed
after the translation's text last did. The source of a translation group is the wagtail-localize
source, else the default language's version.

wagtail-localize's own report (Reports → Translations) lists only the translations made with its
"Translate" action, and whether all their strings are translated; it knows nothing of pages that were
never sent for translation, or of translations made by hand. This one lists every live page and
snippet, however it was translated; the report says so on its page."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Revision, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.fields import TranslatableField, get_translatable_fields
from wagtail_localize.models import TranslationSource

MISSING = _("No live translation")
OUTDATED = _("The source text has changed since the translation")


@dataclass
class TranslationGap:
    title: str
    kind: str
    source_language: str
    language: str
    problem: str
    edit_url: str
    source_updated: datetime | None = None


def _source_languages(keys):
    return dict(
        TranslationSource.objects.filter(object_id__in=[str(key) for key in keys])
        .values_list("object_id", "locale__language_code")
    )


def _gaps(groups, kind, edit_url, updated_field):
    """`groups`: {translation_key: {language: row}} of live objects."""
    languages = [code for code, _name in settings.LANGUAGES]
    sources = _source_languages(groups)
    for key, by_language in groups.items():
        source_language = sources.get(str(key))
        if source_language not in by_language:
            source_language = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in by_language else next(iter(by_language))
        source = by_language[source_language]
        source_updated = source.get(updated_field) if updated_field else None
        for language in languages:
            if language == source_language:
                continue
            target = by_language.get(language)
            if target is None:
                problem = MISSING
            elif source_updated and target.get(updated_field) and target[updated_field] < source_updated:
                problem = OUTDATED
            else:
                continue
            yield TranslationGap(
                title=source["label"],
                kind=kind,
                source_language=source_language,
                language=language,
                problem=problem,
                edit_url=edit_url(source),
                source_updated=source_updated,
            )


def text_fields(model):
    """The names of the text a translator translates on `model` (wagtail-localize's TranslatableFields
    that hold text, not references or child objects; the slug is not text)."""
    names = []
    for declared in get_translatable_fields(model):
        if not isinstance(declared, TranslatableField):
            continue
        try:
            field = model._meta.get_field(declared.field_name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.is_relation and field.name != "slug":
            names.append(field.name)
    return names


def text_changed_at(rows):
    """{page id: when the text of its live version last changed}, from its revisions up to the live
    one. Publishing again without changing the text (e.g. when a synchronised fact such as an event's
    capacity changes in the other language) does not count: that made false "outdated" entries."""
    models_by_type = {}
    live_revision = {row["pk"]: row["live_revision_id"] for row in rows}
    revisions = (
        Revision.page_revisions.filter(object_id__in=[str(pk) for pk in live_revision])
        .order_by("created_at", "pk")
        .values_list("object_id", "pk", "created_at", "content", "content_type_id")
    )
    last_text, changed_at, done = {}, {}, set()
    for object_id, revision_id, created_at, content, content_type_id in revisions.iterator():
        pk = int(object_id)
        if pk in done:
            continue
        if content_type_id not in models_by_type:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            models_by_type[content_type_id] = text_fields(model) if model else []
        text = [content.get(name) for name in models_by_type[content_type_id]]
        if pk not in last_text or text != last_text[pk]:
            last_text[pk], changed_at[pk] = text, created_at
        if revision_id == live_revision[pk]:
            done.add(pk)
    return changed_at


def page_gaps():
    groups = {}
    rows = list(
        Page.objects.live().filter(depth__gt=1).values(
            "pk", "title", "translation_key", "locale__language_code", "last_published_at", "live_revision_id"
        )
    )
    changed_at = text_changed_at(rows)
    for row in rows:
        row["label"] = row["title"]
        row["text_changed_at"] = changed_at.get(row["pk"]) or row["last_published_at"]
        groups.setdefault(row["translation_key"], {})[row["locale__language_code"]] = row
    return _gaps(
        groups, str(_("Page")), lambda row: reverse("wagtailadmin_pages:edit", args=[row["pk"]]), "text_changed_at"
    )


def snippet_gaps():
    for model in get_snippet_models():
        if not issubclass(model, TranslatableMixin):
            continue
        queryset = model.objects.all()
        if hasattr(model, "live"):
            queryset = queryset.filter(live=True)
        updated_field = "updated_at" if any(f.name == "updated_at" for f in model._meta.fields) else None
        groups = {}
        for obj in queryset.select_related("locale"):
            row = {"pk": obj.pk, "label": str(obj), "updated_at": getattr(obj, "updated_at", None)}
            groups.setdefault(obj.translation_key, {})[obj.locale.language_code] = row
        url_name = model.snippet_viewset.get_url_name("edit")
        yield from _gaps(
            groups,
            str(model._meta.verbose_name).capitalize(),
            lambda row, url_name=url_name: reverse(url_name, args=[row["pk"]]),
            updated_field,
        )


def translation_gaps():
    return sorted([*page_gaps(), *snippet_gaps()], key=lambda gap: (gap.kind, gap.title.lower()))


class TranslationReportView(ReportView):
    template_name = "kumppanuus/translation_report.html"
    page_title = _("Translations to do")
    header_icon = "globe"
    index_url_name = "translation_report"
    index_results_url_name = "translation_report_results"
    paginate_by = 100
    columns = [
        TitleColumn("title", label=_("Title"), get_url=lambda gap: gap.edit_url),
        Column("kind", label=_("Type")),
        Column("source_language", label=_("Source language")),
        Column("language", label=_("Missing or outdated language")),
        Column("problem", label=_("Problem")),
        Column("source_updated", label=_("Source updated")),
    ]
    list_export = ["title", "kind", "source_language", "language", "problem", "source_updated"]
    export_headings = {
        "title": _("Title"),
        "kind": _("Type"),
        "source_language": _("Source language"),
        "language": _("Missing or outdated language"),
        "problem": _("Problem"),
        "source_updated": _("Source updated"),
    }

    def get_queryset(self):
        return translation_gaps()

    def user_can_access(self, user):
        return user.is_active and (user.is_superuser or user.has_perm("wagtail_localize.submit_translation"))

    def dispatch(self, request, *args, **kwargs):
        if not self.user_can_access(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
