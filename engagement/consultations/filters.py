"""The FilterSet of consultations, shared by the index page and the public API: by theme (its slug,
the same in both languages) and by stage (open, upcoming, closed)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .caching import cached
from .models import ConsultationTheme

STATUS_CHOICES = [("open", _("Open")), ("upcoming", _("Upcoming")), ("closed", _("Closed"))]


class ConsultationFilter(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(label=_("Theme"), field_name="theme__slug", empty_label=_("All themes"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All consultations")
    )

    def __init__(self, data=None, *args, locale=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        themes = ConsultationTheme.objects.all()
        if locale is not None:
            themes = themes.filter(locale=locale)
        # Cached until a theme changes (the namespace): the index page shows the choices on every view.
        self.filters["theme"].extra["choices"] = cached(
            f"themes:{getattr(locale, 'pk', locale)}", lambda: [(theme.slug, theme.name) for theme in themes]
        )

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        if value == "open":
            return queryset.filter(opens_at__lte=now, closes_at__gt=now)
        if value == "upcoming":
            return queryset.filter(opens_at__gt=now)
        if value == "closed":
            return queryset.filter(closes_at__lte=now)
        return queryset
