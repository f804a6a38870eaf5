"""The base of the public listings' FilterSets (django-filter): the event listing, the initiatives and
the contact people, and the API listings that share them (each module's `filters.py`).

On a page, a parameter value that does not parse is ignored (the listing shows as if it were not
given); the API answers 400 for it (DjangoFilterBackend). Neither ever fails with a 500.

Also the listings' pagination in the database (`rows_of_page`, `paginated`): a page's rows are built
and cached one page at a time, since a city has thousands of events and initiatives.
"""

from collections.abc import Sequence

import django_filters
from django import forms
from django.core.paginator import Paginator


class ListingFilterSet(django_filters.FilterSet):
    def selected(self):
        """The valid values by parameter name as text, "" where not given or not valid: for the page's
        filter form, its links and the listing's cache key."""
        self.is_valid()  # invalid values are left out of cleaned_data
        cleaned = self.form.cleaned_data
        return {name: "" if cleaned.get(name) in (None, "") else str(cleaned[name]) for name in self.filters}

    def is_filtered(self):
        return any(self.selected().values())


class TruncatingCharField(forms.CharField):
    """Text cut to `length` characters instead of refused when longer: a long value simply matches
    nothing (slugs and keys are short)."""

    def __init__(self, *args, length=100, **kwargs):
        self.length = length
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return super().to_python(value)[: self.length]


class TextFilter(django_filters.CharFilter):
    """A short text parameter (a slug, a key), cut to `length` characters."""

    field_class = TruncatingCharField


class PageOfRows(Sequence):
    """One page of a listing's rows that knows the listing's length: what a Paginator needs to show that
    page and its links, so that a cached listing holds one page of rows, not all of a city's."""

    def __init__(self, count, offset, rows):
        self.count, self.offset, self.rows = count, offset, rows

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.rows[max((index.start or 0) - self.offset, 0) : max((index.stop or self.count) - self.offset, 0)]
        return self.rows[index - self.offset]


def page_number(value):
    """The page asked for as a number (1 when it is not one), for a cache key; Paginator.get_page
    still turns a number past the end into the last page."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 6 else 1


def rows_of_page(queryset, number, per_page, to_rows):
    """Page `number` of an ordered `queryset` as plain rows (made by `to_rows` from that page's objects
    only), with the listing's length: {"count", "offset", "rows"}, for caching; `paginated()` makes
    the Paginator page of it."""
    page = Paginator(queryset, per_page).get_page(number)
    count = page.paginator.count
    return {"count": count, "offset": page.start_index() - 1 if count else 0, "rows": to_rows(page.object_list)}


def paginated(data, number, per_page):
    """The Paginator page (for the templates' pagination) of what `rows_of_page` returned."""
    return Paginator(PageOfRows(**data), per_page).get_page(number)
