"""The base of the public listings' FilterSets (django-filter): the event listing, the initiatives and
the contact people, and the API listings that share them (each module's `filters.py`).

On a page, a parameter value that does not parse is ignored (the listing shows as if it were not
given); the API answers 400 for it (DjangoFilterBackend). Neither ever fails with a 500.
"""

import django_filters
from django import forms


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
