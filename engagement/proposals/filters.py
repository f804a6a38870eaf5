"""The filters and sort orders of the initiatives page and of /api/proposals/ (django-filter), one set
for both: `theme`, `state`, `language` and `sort`. Help texts are the API's documentation (English,
like the rest of the OpenAPI document)."""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from kumppanuus.filters import ListingFilterSet, TextFilter

from .models import LANGUAGE_CHOICES

SORTS = {
    "new": (_("Newest"), [F("published_at").desc(nulls_last=True), "-pk"]),
    "supported": (_("Most supported"), ["-support_total", "-pk"]),
    "answered": (_("Recently answered"), [F("answered_at").desc(nulls_last=True), "-pk"]),
}
DEFAULT_SORT = "new"


class ProposalFilterSet(ListingFilterSet):
    """For a queryset of published proposals `with_support_count()`."""

    theme = TextFilter(field_name="theme__slug", length=100, help_text="Theme slug (`theme` of an initiative).")
    state = TextFilter(field_name="state__slug", length=50, help_text="State slug (`state` of an initiative).")
    language = django_filters.ChoiceFilter(choices=LANGUAGE_CHOICES, help_text="The language it was written in.")
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _order) in SORTS.items()], method="sorted_by",
        help_text="Order: newest first (`new`, the default), most supported, or most recently answered.",
    )

    def sorted_by(self, queryset, _name, value):
        return queryset.order_by(*SORTS[value][1])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sorted_by(queryset, "sort", DEFAULT_SORT)
        return queryset

    def selected(self):
        selected = super().selected()
        return {**selected, "sort": selected["sort"] or DEFAULT_SORT}
