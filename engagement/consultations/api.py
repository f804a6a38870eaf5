"""/api/consultations/ and /api/consultations/comments/: consultations and their published comments as
JSON (Django REST framework).

One page shape with the other listings (`count`, `next`, `previous`, `results`; 50 a page, `page_size`
up to 200). Consultations are listed in one language (`language`, by default the request's) with the
index page's filters (filters.py: `theme`, `status`); comments are in the language they were written
in, and only published ones are ever listed. Documented in the OpenAPI document at /api/schema/.
"""

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers

from engagement.emails import absolute_url

from .filters import ConsultationFilter
from .models import (
    LANGUAGE_CHOICES,
    Comment,
    ConsultationTheme,
    ModerationMode,
    QuestionKind,
    SectionSummary,
    Stage,
)
from .pages import ConsultationPage


def request_language(request):
    language = getattr(request, "LANGUAGE_CODE", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ConsultationApiFilterSet(ConsultationFilter):
    """The index page's filters (`theme`, `status`) and the language of the texts."""

    language = filters.ChoiceFilter(
        choices=settings.LANGUAGES, method="in_language",
        help_text="The language of the texts: `fi` or `sv`. By default the request's language (`Accept-Language`), "
        "else Finnish.",
    )

    def __init__(self, data=None, *args, request=None, **kwargs):
        if data is not None and not data.get("language"):
            data = data.copy()
            data["language"] = request_language(request)
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["theme"].extra["help_text"] = "A theme's slug (`theme` of a consultation)."
        self.filters["status"].extra["help_text"] = "`open`, `upcoming` or `closed`."

    def in_language(self, queryset, _name, value):
        return queryset.filter(locale__language_code=value)

    @staticmethod
    def content_language(request):
        language = request.query_params.get("language", "")
        return language if language in dict(settings.LANGUAGES) else request_language(request)


class CommentApiFilterSet(filters.FilterSet):
    consultation = filters.UUIDFilter(
        field_name="consultation__translation_key",
        help_text="A consultation's `key`: its comments in every language.",
    )
    section = filters.UUIDFilter(
        field_name="section__translation_key", help_text="A section's `key`: the comments on that section.",
    )
    draft = filters.ChoiceFilter(
        choices=[("1", "1")], method="on_draft", help_text="`1`: only the comments on the whole draft (no section).",
    )
    language = filters.ChoiceFilter(choices=LANGUAGE_CHOICES, help_text="The language the comment was written in.")

    class Meta:
        model = Comment
        fields = []

    def on_draft(self, queryset, _name, _value):
        return queryset.filter(section__isnull=True)


class SectionSerializer(serializers.Serializer):
    key = serializers.UUIDField(source="translation_key", help_text="The same in both languages (the `section` filter of comments).")
    heading = serializers.CharField(help_text="Heading.")
    text = serializers.CharField(help_text="The section of the draft (HTML).")
    question = serializers.CharField(help_text="Its question, or empty.")
    question_kind = serializers.ChoiceField(
        choices=QuestionKind.choices, help_text="`single`, `multiple`, `scale` (1–5), or empty for no question."
    )
    options = serializers.SerializerMethodField(help_text="The answers one can choose, numbered as in the results.")

    @extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
        "value": {"type": "integer"}, "label": {"type": "string"}}}})
    def get_options(self, section):
        return [{"value": value, "label": label} for value, label in section.choices()] if section.has_question else []


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="The consultation page's id in this language.")
    key = serializers.UUIDField(
        source="translation_key", help_text="The same in both languages (the `consultation` filter of comments)."
    )
    title = serializers.CharField(help_text="Title.")
    summary = serializers.CharField(help_text="What is being decided, in a few sentences (plain text).")
    opens_at = serializers.DateTimeField(help_text="When comments open, in Finnish time with its UTC offset.")
    closes_at = serializers.DateTimeField(help_text="When comments close.")
    status = serializers.SerializerMethodField(help_text="`open`, `upcoming` or `closed` (the `status` filter).")
    stage = serializers.SerializerMethodField(help_text="Where it stands on its timeline.")
    moderation = serializers.ChoiceField(
        choices=ModerationMode.choices, help_text="`pre`: comments are shown after moderation; `post`: at once."
    )
    theme = serializers.SerializerMethodField(help_text="Its theme's slug (the `theme` filter), or null.")
    theme_name = serializers.SerializerMethodField(help_text="The theme's name in this language, or null.")
    sections = SectionSerializer(many=True, help_text="The sections of the draft, in order.")
    comments = serializers.SerializerMethodField(help_text="Published comments, in both languages.")
    summary_published_at = serializers.SerializerMethodField(help_text="When the summary was published, or null.")
    language = serializers.SerializerMethodField(help_text="The language of these texts: `fi` or `sv`.")
    url = serializers.SerializerMethodField(help_text="The consultation's page.")
    comments_url = serializers.SerializerMethodField(help_text="Its published comments in this API.")

    def get_status(self, page) -> str:
        now = self.context["now"]
        return "upcoming" if now < page.opens_at else "open" if now < page.closes_at else "closed"

    @extend_schema_field(serializers.ChoiceField(choices=Stage.choices))
    def get_stage(self, page):
        if page.decided_at:
            return Stage.DECISION.value
        if page.translation_key in self.context["summaries"]:
            return Stage.SUMMARY.value
        return {"upcoming": Stage.PREPARATION, "open": Stage.OPEN, "closed": Stage.CLOSED}[self.get_status(page)].value

    def get_theme(self, page) -> str | None:
        return page.theme.slug if page.theme_id else None

    def get_theme_name(self, page) -> str | None:
        if not page.theme_id:
            return None
        return self.context["theme_names"].get(page.theme.translation_key, page.theme.name)

    def get_comments(self, page) -> int:
        return self.context["comment_counts"].get(page.translation_key, 0)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_summary_published_at(self, page):
        published = self.context["summaries"].get(page.translation_key)
        return serializers.DateTimeField().to_representation(published) if published else None

    def get_language(self, _page) -> str:
        return self.context["language"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page):
        return absolute_url(page.get_url(self.context.get("request")))

    @extend_schema_field(OpenApiTypes.URI)
    def get_comments_url(self, page):
        return absolute_url(f"{reverse('consultations_comments_api')}?consultation={page.translation_key}")


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="The comment's number.")
    consultation = serializers.UUIDField(source="consultation.translation_key", help_text="The consultation's `key`.")
    section = serializers.SerializerMethodField(help_text="The section's `key`, or null for the whole draft.")
    text = serializers.CharField(help_text="The comment, in the language it was written in.")
    author = serializers.SerializerMethodField(help_text="The nickname the commenter chose, or null.")
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, help_text="The language it was written in.")
    created_at = serializers.DateTimeField(help_text="When it was written.")
    agree_count = serializers.IntegerField(help_text="How many said “I agree”.")
    reply = serializers.CharField(help_text="The municipality's reply, or empty.")
    replied_at = serializers.DateTimeField(allow_null=True, help_text="When the municipality replied, or null.")
    considered_in_summary = serializers.SerializerMethodField(help_text="Whether a published summary cites it.")
    url = serializers.SerializerMethodField(help_text="The comment on the consultation's page of its language.")

    @extend_schema_field(OpenApiTypes.UUID)
    def get_section(self, comment):
        return str(comment.section.translation_key) if comment.section_id else None

    def get_author(self, comment) -> str | None:
        return comment.nickname or None

    def get_considered_in_summary(self, comment) -> bool:
        return comment.pk in self.context["cited"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, comment):
        return absolute_url(f"{comment.consultation.get_url(self.context.get('request'))}#comment-{comment.pk}")


@extend_schema_view(
    get=extend_schema(
        tags=["consultations"],
        operation_id="consultations",
        summary="Consultations",
        description=(
            "Public consultations in one language: open ones first (closing soonest first), then upcoming, then "
            "closed. The same filters as the consultations page. A parameter value that is not valid answers 400."
        ),
    ),
)
class ConsultationList(generics.ListAPIView):
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationApiFilterSet
    queryset = ConsultationPage.objects.none()  # the model, for the schema

    def get_queryset(self):
        return (
            ConsultationPage.objects.live().public().select_related("theme")
            .prefetch_related("sections").ordered_for_listing()
        )

    def get_serializer_context(self):
        language = ConsultationApiFilterSet.content_language(self.request)
        comment_counts = dict(
            Comment.objects.public().order_by().values("consultation__translation_key").annotate(total=Count("pk"))
            .values_list("consultation__translation_key", "total")
        )
        summaries = {}
        for key, published in (
            SectionSummary.objects.published().order_by("published_at")
            .values_list("consultation__translation_key", "published_at")
        ):
            summaries.setdefault(key, published)
        theme_names = dict(
            ConsultationTheme.objects.filter(locale__language_code=language).values_list("translation_key", "name")
        )
        return {
            **super().get_serializer_context(), "language": language, "now": timezone.now(),
            "comment_counts": comment_counts, "summaries": summaries, "theme_names": theme_names,
        }


@extend_schema_view(
    get=extend_schema(
        tags=["consultations"],
        operation_id="consultation_comments",
        summary="Comments on consultations",
        description=(
            "Published comments on public consultations, oldest first, each in the language it was written in. "
            "Comments waiting for moderation, hidden after reports or rejected are never listed. A parameter "
            "value that is not valid answers 400."
        ),
    ),
)
class CommentList(generics.ListAPIView):
    serializer_class = CommentSerializer
    filterset_class = CommentApiFilterSet
    queryset = Comment.objects.none()  # the model, for the schema

    def get_queryset(self):
        public_pages = ConsultationPage.objects.live().public().values("pk")
        return (
            Comment.objects.public().filter(consultation__in=public_pages)
            .select_related("consultation", "section").order_by("created_at", "pk")
        )

    def get_serializer_context(self):
        cited = set(
            SectionSummary.cited_comments.through.objects.filter(sectionsummary__published_at__isnull=False)
            .values_list("comment_id", flat=True)
        )
        return {**super().get_serializer_context(), "cited": cited}

