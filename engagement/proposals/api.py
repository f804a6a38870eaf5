"""/api/proposals/: published initiatives with their support counts, as JSON (Django REST framework).

One page shape with the other listings (`count`, `next`, `previous`, `results`); the filters and sort
orders are the initiatives page's (filters.py). An initiative's text is in the language it was written
in; the names of states and themes are in the request's language. Documented at /api/schema/.
"""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers

from engagement.emails import absolute_url

from .filters import ProposalFilterSet
from .models import LANGUAGE_CHOICES, Proposal, ProposalTheme
from .pages import ProposalIndexPage


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="The initiative's number.")
    title = serializers.CharField(help_text="Title, in the language it was written in.")
    summary = serializers.CharField(help_text="A short summary, in the language it was written in.")
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, help_text="The language it was written in.")
    state = serializers.CharField(source="state.slug", help_text="Its state's slug (the `state` filter).")
    state_name = serializers.SerializerMethodField(help_text="The state's name in the request's language.")
    theme = serializers.SerializerMethodField(help_text="Its theme's slug (the `theme` filter), or null.")
    theme_name = serializers.SerializerMethodField(help_text="The theme's name in the request's language, or null.")
    supports = serializers.IntegerField(source="support_total", help_text="Confirmed supports.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="When it was published on the site.")
    answered_at = serializers.DateTimeField(allow_null=True, help_text="When the municipality answered it, or null.")
    url = serializers.SerializerMethodField(help_text="Its page, under the initiatives page of its language.")

    def get_state_name(self, proposal) -> str:
        return proposal.state.name(self.context["language"])

    def get_theme(self, proposal) -> str | None:
        return proposal.theme.slug if proposal.theme_id else None

    def get_theme_name(self, proposal) -> str | None:
        if not proposal.theme_id:
            return None
        return self.context["theme_names"].get(proposal.theme.translation_key, proposal.theme.name)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, proposal):
        indexes = self.context["indexes"]
        index = indexes.get(proposal.language) or next(iter(indexes.values()), None)
        return absolute_url(index.url + index.reverse_subpage("proposal", args=[proposal.pk])) if index else ""


@extend_schema_view(
    get=extend_schema(
        tags=["initiatives"],
        operation_id="initiatives",
        summary="Initiatives",
        description=(
            "Published initiatives of both languages, newest first by default, with their support counts. The same "
            "filters and sort orders as the initiatives page. A parameter value that is not valid answers 400."
        ),
    ),
)
class ProposalList(generics.ListAPIView):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilterSet
    queryset = Proposal.objects.none()  # the model, for the schema

    def get_queryset(self):
        return Proposal.objects.published().with_support_count().select_related("state", "theme")

    def get_serializer_context(self):
        language = getattr(self.request, "LANGUAGE_CODE", "")
        language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        indexes = {}
        for index in ProposalIndexPage.objects.live().select_related("locale").order_by("-path"):
            indexes[index.locale.language_code] = index  # the first one in tree order wins
        theme_names = dict(
            ProposalTheme.objects.filter(locale__language_code=language).values_list("translation_key", "name")
        )
        return {**super().get_serializer_context(), "language": language, "indexes": indexes, "theme_names": theme_names}
