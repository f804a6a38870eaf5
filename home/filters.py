"""The filters of the "who to contact" listing (django-filter): `q` (search) and `department`. No
import of the models: the page (models/contacts.py) imports this module."""

import django_filters
from django import forms

from kumppanuus.filters import ListingFilterSet, TextFilter

SEARCH_MAX_LENGTH = 100  # characters of a search that count (the contact people's and the associations')
MAX_ID = 2**63 - 1  # the largest primary key: a bigger number is not one, and the database could not compare it


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ContactFilterSet(ListingFilterSet):
    """For a queryset of the contact people of one language (`language`: the page's, for the search)."""

    q = TextFilter(method="search", length=SEARCH_MAX_LENGTH, help_text="Words, each of which must match.")
    department = IdFilter(field_name="department_id", min_value=0, max_value=MAX_ID, help_text="A department's id.")

    def __init__(self, *args, language="fi", **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)

    def search(self, queryset, _name, value):
        matching = queryset.matching(value, self.language)
        if matching is not None:
            return matching
        # No full-text search on this database (SQLite in development): each word as a part of the text.
        words = value.casefold().split()
        people = queryset.select_related("department")
        return queryset.filter(pk__in=[person.pk for person in people if all(word in person.search_text for word in words)])
