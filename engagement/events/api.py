"""/api/events/: the public events as JSON, in the request's language (Django REST framework).

One page shape with the other listings (`count`, `next`, `previous`, `results`); the filters are the
event listing page's (filters.py). Documented in the OpenAPI document at /api/schema/.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers

from engagement.emails import absolute_url

from . import feeds
from .filters import EventApiFilterSet
from .models import EventStatus
from .pages import EventPage


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="The event page's id in this language.")
    uid = serializers.SerializerMethodField(help_text="The same in both languages and in the calendar files (iCal UID).")
    title = serializers.CharField(help_text="Title.")
    summary = serializers.CharField(source="intro", help_text="A short summary (plain text).")
    start = serializers.DateTimeField(help_text="Start, in Finnish time with its UTC offset.")
    end = serializers.DateTimeField(source="ends_at", help_text="End; two hours after the start when not given.")
    status = serializers.ChoiceField(choices=EventStatus.choices, help_text="Whether it takes place as planned.")
    place = serializers.CharField(source="place_name", help_text="Name of the place; empty for an online event.")
    online = serializers.SerializerMethodField(help_text="Held (also) online. The link goes only to those signed up.")
    category = serializers.SerializerMethodField(help_text="Category slug (the `category` filter), or null.")
    category_name = serializers.SerializerMethodField(help_text="Category name in the listing's language, or null.")
    organiser = serializers.SerializerMethodField(
        help_text="The organising association's key (the `organiser` filter), or `municipality`."
    )
    organiser_name = serializers.SerializerMethodField(
        help_text="The association's name in the listing's language; null for the municipality's own events."
    )
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="Languages spoken at the event: `fi`, `sv`, `en`."
    )
    language = serializers.SerializerMethodField(help_text="The language of these texts: `fi` or `sv`.")
    url = serializers.SerializerMethodField(help_text="The event's page.")
    ics = serializers.SerializerMethodField(help_text="The event as an iCalendar file.")
    signup = serializers.BooleanField(source="signup_enabled", help_text="Whether people sign up for it on the site.")

    def get_uid(self, event) -> str:
        return feeds.ical_uid(event.translation_key)

    def get_online(self, event) -> bool:
        return event.is_online

    def get_category(self, event) -> str | None:
        category = event.localized_category()
        return category["slug"] if category else None

    def get_category_name(self, event) -> str | None:
        category = event.localized_category()
        return (category["name"] or None) if category else None

    def get_organiser(self, event) -> str:
        organiser = event.localized_organiser()
        return organiser["key"] if organiser else "municipality"

    def get_organiser_name(self, event) -> str | None:
        organiser = event.localized_organiser()
        return (organiser["title"] or None) if organiser else None

    def get_language(self, _event) -> str:
        return self.context["language"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event):
        return absolute_url(event.get_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics(self, event):
        return absolute_url(reverse("event_ics", args=[event.pk]))


@extend_schema_view(
    get=extend_schema(
        tags=["events"],
        operation_id="events",
        summary="Events",
        description=(
            "Public events in one language, upcoming ones by default (from the earliest), or those starting "
            "between `from` and `to`. The same filters as the events page. A parameter value that is not valid "
            "answers 400."
        ),
    ),
)
class EventList(generics.ListAPIView):
    serializer_class = EventSerializer
    filterset_class = EventApiFilterSet
    queryset = EventPage.objects.none()  # the model, for the schema

    def get_queryset(self):
        return EventPage.objects.published().order_by("start", "pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.request.query_params.get("from") and not self.request.query_params.get("to"):
            queryset = queryset.upcoming()
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": EventApiFilterSet.content_language(self.request)}
