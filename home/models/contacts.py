"""The people residents and associations can contact, and the departments they work in."""

import re

from django import forms
from django.core.paginator import Paginator
from django.db import connection, models
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.caching import cached, locale_language
from home.filters import ContactFilterSet
from home.models.pages import BasePage

CONTACTS_PER_PAGE = 30
SERVICE_LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class LanguagesField(models.JSONField):
    """A list of language codes, edited as checkboxes (works on every database, unlike ArrayField)."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=SERVICE_LANGUAGES,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


def language_names(codes):
    names = dict(SERVICE_LANGUAGES)
    return [names[code] for code in codes or () if code in names]


class Department(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale_id")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


# PostgreSQL's own text-search configuration per content language: it knows the word forms.
TEXT_SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish"}
# What the "who to contact" search reads of a person (and the name of their department).
SEARCHED_FIELDS = ("name", "role", "topics", "responsibilities")


def search_vector(config, fields=SEARCHED_FIELDS):
    """The words of `fields` in the forms of the text-search configuration `config`, and as written
    (names, compounds the stemmer cuts). On PostgreSQL a GIN index on exactly this expression for each
    language's configuration (home migration 0010) answers the search without reading every person."""
    from django.contrib.postgres.search import SearchVector  # reason: needs psycopg, only on PostgreSQL

    return SearchVector(*fields, config=config) + SearchVector(*fields, config="simple")


class ContactPersonQuerySet(models.QuerySet):
    def matching(self, query, language):
        """The people whose name, role, topics, responsibilities or department match every word of
        `query` in any of its forms ("tiet", "nuorisopalvelut", "vägar"), with PostgreSQL's text
        search for `language`; a word also matches as the beginning of a word ("nuoriso").

        None on databases without full-text search: the caller falls back to a plain text match.
        """
        if connection.vendor != "postgresql":
            return None
        from django.contrib.postgres.search import SearchQuery  # reason: needs psycopg, only on PostgreSQL

        words = re.findall(r"\w+", query.casefold())
        if not words:
            return self.none()
        config = TEXT_SEARCH_CONFIGS.get(language, "simple")
        terms = [
            SearchQuery(f"{word}:*", search_type="raw", config=config)
            | SearchQuery(f"{word}:*", search_type="raw", config="simple")
            for word in words
        ]
        # The departments whose name has each word, in one small query: as a list of ids, the people's
        # condition stays one that PostgreSQL answers from the indexes (a subquery would make it read
        # every person and compute their text's vector, 39 ms for a city's language instead of 0.5 ms).
        departments = Department.objects.annotate(search_vector=search_vector(config, ["name"])).values_list(
            "pk",
            *[
                models.ExpressionWrapper(models.Q(search_vector=term), output_field=models.BooleanField())
                for term in terms
            ],
        )
        rows = list(departments)
        people = self.annotate(search_vector=search_vector(config))
        for n, term in enumerate(terms):
            named = [row[0] for row in rows if row[n + 1]]
            # Each word in the person's own text (the indexed vector) or in the name of their department.
            people = people.filter(models.Q(search_vector=term) | models.Q(department_id__in=named))
        return people


class ContactPerson(TranslatableMixin, index.Indexed, models.Model):
    """A named, reachable official. Email and phone are the same in both languages (synchronised)."""

    name = models.CharField(_("name"), max_length=150)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt_text = models.CharField(
        _("photo alternative text"), max_length=250, blank=True, help_text=_("For example: Portrait of Anna Virtanen.")
    )
    role = models.CharField(_("role"), max_length=150)
    responsibilities = RichTextField(_("responsibilities"), blank=True, features=["bold", "italic", "link", "ul"])
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = LanguagesField(_("languages served in"), default=list, blank=True)
    availability = models.TextField(
        _("how and when to reach"), blank=True, help_text=_("For example: by phone Mon–Thu 9–11, or book a meeting.")
    )
    topics = models.CharField(
        _("topics"), max_length=300, blank=True, help_text=_("Keywords people search for, separated by commas.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = ContactPersonQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], _("Photo")),
        FieldPanel("role"),
        FieldPanel("department"),
        FieldPanel("responsibilities"),
        FieldPanel("topics"),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone"), FieldPanel("availability")], _("Contact details")),
        FieldPanel("languages"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.SearchField("topics"),
        index.SearchField("email"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        index.FilterField("department_id"),
    ]
    # The name, email and phone are the person's own in both languages; the rest is translated.
    translatable_fields = [
        SynchronizedField("name"),
        SynchronizedField("photo"),
        TranslatableField("photo_alt_text"),
        TranslatableField("role"),
        TranslatableField("responsibilities"),
        TranslatableField("department"),
        SynchronizedField("email", overridable=False),  # may receive feedback: see FEEDBACK_ROUTING_PERMISSION
        SynchronizedField("phone"),
        SynchronizedField("languages"),
        TranslatableField("availability"),
        TranslatableField("topics"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return f"{self.name} – {self.role}"

    @property
    def language_names(self):
        return language_names(self.languages)

    @property
    def search_text(self):
        """What the "who to contact" search matches, folded to lower case."""
        department = self.department.name if self.department else ""
        return " ".join([self.name, self.role, self.topics, strip_tags(self.responsibilities), department]).casefold()

    def vcard(self, organisation=""):
        """The person as a vCard 3.0 (RFC 2426), for address books."""

        def escape(value):
            return str(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")

        given, _sep, family = self.name.rpartition(" ")
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"N:{escape(family)};{escape(given)};;;",
            f"FN:{escape(self.name)}",
            f"TITLE:{escape(self.role)}",
        ]
        org = [part for part in (organisation, self.department.name if self.department else "") if part]
        if org:
            lines.append("ORG:" + ";".join(escape(part) for part in org))
        if self.email:
            lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(self.email)}")
        if self.phone:
            lines.append(f"TEL;TYPE=WORK,VOICE:{escape(self.phone)}")
        lines.append("END:VCARD")
        return "\r\n".join(lines) + "\r\n"


def group(on_page, departments):
    """The people of `on_page` ((pk, department id) in the listing's order) by department, in the
    departments' order, the people without one last: [(department or None, [person, …]), …]."""
    people = ContactPerson.objects.select_related("department", "photo").in_bulk([pk for pk, _dept in on_page])
    by_department = {}
    for pk, department_id in on_page:
        if pk in people:
            by_department.setdefault(department_id, []).append(people[pk])
    grouped = [(dept, by_department[dept.pk]) for dept in departments if dept.pk in by_department]
    if None in by_department:
        grouped.append((None, by_department[None]))
    return grouped


class ContactIndexPage(BasePage):
    """"Who to contact": everyone in this language, grouped by department, filterable and searchable."""

    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("who to contact page")
        verbose_name_plural = _("who to contact pages")

    def directory(self):
        """Departments and people in this page's language; cached."""

        def compute():
            departments = list(Department.objects.filter(locale_id=self.locale_id))
            people = ContactPerson.objects.filter(locale_id=self.locale_id).values_list("pk", "department_id")
            groups = {}
            for pk, department_id in people:
                groups.setdefault(department_id, []).append(pk)
            # Only the people's ids, in department order: a city has hundreds in each language, and the
            # page shows thirty of them (loaded with their details for the page shown).
            order = [(pk, dept.pk) for dept in departments for pk in groups.get(dept.pk, ())]
            return departments, order + [(pk, None) for pk in groups.get(None, ())]

        return cached(f"contacts:{self.locale_id}", compute)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        departments, ordered = self.directory()
        filters = ContactFilterSet(
            request.GET, queryset=ContactPerson.objects.filter(locale_id=self.locale_id), language=locale_language(self.locale_id),
        )
        selected = filters.selected()
        if filters.is_filtered():
            found = set(filters.qs.values_list("pk", flat=True))
            ordered = [(pk, department_id) for pk, department_id in ordered if pk in found]
        # In department order, then paginated: a city has hundreds of contact people in each language.
        listing = Paginator(ordered, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
        on_page = list(listing.object_list)
        # The cards of the people shown, rendered once per version of the directory (any change of a
        # person or department renews them): thirty cards cost more to render than the rest of the page.
        people_html = cached(
            f"contact-cards:{self.locale_id}:{get_language()}:{on_page}",
            lambda: render_to_string("home/includes/contact_groups.html", {"grouped_people": group(on_page, departments)}),
        )
        context.update(
            departments=departments,
            people_html=mark_safe(people_html),  # rendered from the template, which escaped what it shows
            listing=listing,
            search_query=selected["q"],
            selected_department=int(selected["department"]) if selected["department"] else None,
            result_count=listing.paginator.count,
            filtered=filters.is_filtered(),
        )
        return context
