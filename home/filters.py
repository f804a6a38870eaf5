"""The filters of the "who to contact" listing (django-filter): `q` (search) and `department`; and of
the association directory: `q`, `category`, `area` and `language`. No import of the models: the pages
(models/contacts.py, models/associations.py) import this module."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Q

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
    """The association directory's filters, for a queryset of the live entries of one directory: `q`
    (every word in the name, description or area), `category` (a slug), `area` and `language` (of
    activity). The page keeps its sorted rows cached and shows those whose page the filters leave."""

    q = TextFilter(method="search", length=SEARCH_MAX_LENGTH, help_text="Words, each of which must match.")
    category = TextFilter(method="in_category", length=100, help_text="A category's slug.")
    area = TextFilter(field_name="area", length=100, help_text="A village or area, as written on the entries.")
    language = django_filters.ChoiceFilter(choices=(), method="speaking", help_text="A language of activity.")

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["language"].extra["choices"] = languages  # the models' SERVICE_LANGUAGES: no import here

    def search(self, queryset, _name, value):
        words = value.casefold().split()
        if connection.vendor == "postgresql":
            for word in words:
                queryset = queryset.filter(Q(title__icontains=word) | Q(intro__icontains=word) | Q(area__icontains=word))
            return queryset
        # SQLite folds the case of ASCII letters only ("ä" would not find "Ä"): the words in Python.
        rows = queryset.values_list("pk", "title", "intro", "area")
        found = [pk for pk, *texts in rows if all(word in " ".join(texts).casefold() for word in words)]
        return queryset.filter(pk__in=found)

    def in_category(self, queryset, _name, value):
        # Whichever translation of an entry carries the categories (many-to-many fields are not synchronised).
        through = queryset.model.categories.through
        keys = through.objects.filter(associationcategory__slug=value).values("associationpage__translation_key")
        return queryset.filter(translation_key__in=keys)

    def speaking(self, queryset, _name, value):
        return queryset.filter(languages__icontains=f'"{value}"')  # a JSON list: works on every database
