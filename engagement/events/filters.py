"""The filters of the event listing page and of /api/events/ (django-filter), one set of rules for both.

The page: `category`, `organiser` (an association's key, or `municipality`), `organiser_name` (part of an
association's name: a city has thousands, too many to offer as a list), `month`, `language` (spoken) and
`signup`. The API adds `from` and `to`, names the spoken language `spoken`, and takes `language` for the
language of the content.
Help texts are the API's documentation (English, like the rest of the OpenAPI document).
"""

import uuid
from datetime import UTC

import django_filters
from django.conf import settings

from home.models.contacts import SERVICE_LANGUAGES
from kumppanuus.filters import ListingFilterSet, TextFilter

from .models import day_bounds, month_bounds


class EventFilterSet(ListingFilterSet):
    category = TextFilter(method="by_category", length=100, help_text="Category slug, e.g. `kulttuuri`.")
    organiser = TextFilter(
        method="by_organiser", length=64,
        help_text="The organising association's key (`organiser` of an event), or `municipality`.",
    )
    organiser_name = TextFilter(
        method="by_organiser_name", length=100,
        help_text="Events of the associations whose name (in Finnish or Swedish) contains this text, in any case.",
    )
    month = TextFilter(method="by_month", length=7, help_text="Events starting in this month: `YYYY-MM`.")
    language = django_filters.ChoiceFilter(
        choices=SERVICE_LANGUAGES, method="by_spoken_language", help_text="A language spoken at the event."
    )
    signup = django_filters.ChoiceFilter(
        choices=[("1", "1")], method="taking_signups", help_text="`1`: only events with sign-up (not cancelled)."
    )

    # The rules themselves are EventPageQuerySet's (models.py).

    def by_category(self, queryset, _name, value):
        return queryset.in_category(value)

    def by_organiser(self, queryset, _name, value):
        if value == "municipality":
            return queryset.by_municipality()
        try:
            return queryset.for_association(uuid.UUID(value))
        except ValueError:
            return queryset.none()  # no such organiser

    def by_organiser_name(self, queryset, _name, value):
        return queryset.organised_by_name(value)

    def by_month(self, queryset, _name, value):
        try:
            first, _after = month_bounds(value)
            first.astimezone(UTC)  # OverflowError at the ends of the calendar
        except (ValueError, OverflowError):
            return queryset  # not a month: ignored
        return queryset.in_month(value)

    def by_spoken_language(self, queryset, _name, value):
        return queryset.speaking(value)

    def taking_signups(self, queryset, _name, _value):
        return queryset.with_signup()


def _day(day):
    """The local day's start and end (models.day_bounds); OverflowError at the ends of the calendar,
    where the database's UTC value would not exist."""
    start, end = day_bounds(day)
    for moment in (start, end):
        moment.astimezone(UTC)
    return start, end


class EventApiFilterSet(EventFilterSet):
    """/api/events/: the page's filters, and the content's language (by default the request's)."""

    spoken = django_filters.ChoiceFilter(
        choices=SERVICE_LANGUAGES, method="by_spoken_language", help_text="A language spoken at the event."
    )
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES, method="in_language",
        help_text="The language of the texts and names: `fi` or `sv`. By default the request's language "
        "(`Accept-Language`), else Finnish.",
    )

    def __init__(self, data=None, *args, request=None, **kwargs):
        if data is not None and not data.get("language"):
            data = data.copy()
            data["language"] = self.default_language(request)
        super().__init__(data, *args, request=request, **kwargs)

    @staticmethod
    def default_language(request):
        language = getattr(request, "LANGUAGE_CODE", "")
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @classmethod
    def content_language(cls, request):
        """The language the listing is in: a valid `language` parameter, else the request's."""
        language = request.query_params.get("language", "")
        return language if language in dict(settings.LANGUAGES) else cls.default_language(request)

    def in_language(self, queryset, _name, value):
        return queryset.filter(locale__language_code=value)

    def starting_from(self, queryset, _name, value):
        try:
            return queryset.filter(start__gte=_day(value)[0])
        except OverflowError:
            return queryset  # the first days of the calendar: no bound

    def starting_until(self, queryset, _name, value):
        try:
            return queryset.filter(start__lt=_day(value)[1])
        except OverflowError:
            return queryset  # the last day of the calendar: no bound


# `from` is a Python keyword, so these two are added by name.
EventApiFilterSet.base_filters["from"] = django_filters.DateFilter(
    field_name="start", method="starting_from",
    help_text="Events starting on or after this day (`YYYY-MM-DD`). Without `from` and `to`: upcoming events.",
)
EventApiFilterSet.base_filters["to"] = django_filters.DateFilter(
    field_name="start", method="starting_until", help_text="Events starting on or before this day (`YYYY-MM-DD`).",
)
