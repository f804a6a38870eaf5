"""The filters of the "who to contact" listing (django-filter): `q` (search) and `department`; and of
the association directory: `q`, `category`, `area` and `language`. No import of the models: the pages
(models/contacts.py, models/associations.py) import this module."""

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


class AssociationFilterSet(ListingFilterSet):
    """The association directory's filters: `q` (every word in the name, description or area),
    `category` (a slug), `area` and `language` (of activity). They pick from the rows the page keeps
    sorted and cached (`rows()`): a city's directory has thousands of entries, and matching them in
    the process costs less than asking the database which ones match and then reading all the rows."""

    q = TextFilter(length=SEARCH_MAX_LENGTH, help_text="Words, each of which must match.")
    category = TextFilter(length=100, help_text="A category's slug.")
    area = TextFilter(length=100, help_text="A village or area, as written on the entries.")
    language = django_filters.ChoiceFilter(choices=(), help_text="A language of activity.")

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["language"].extra["choices"] = languages  # the models' SERVICE_LANGUAGES: no import here

    def rows(self, rows):
        """The `rows` (the directory's cached rows: "search_text" folded to lower case, "category_slugs",
        "area", "languages") that the valid filters leave, in their order. Case is folded in Python,
        the same on every database ("ä" finds "Ä")."""
        selected = self.selected()
        words = selected["q"].casefold().split()
        category, area, language = selected["category"], selected["area"], selected["language"]
        return [
            row
            for row in rows
            if all(word in row["search_text"] for word in words)
            and (not category or category in row["category_slugs"])
            and (not area or row["area"] == area)
            and (not language or language in row["languages"])
        ]
