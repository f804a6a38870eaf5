"""The association directory: categories, the index page, one page per association, and the yearly
"is this still current?" confirmation kept beside the pages (not in their revisions)."""

import unicodedata
from datetime import timedelta

from django.core.paginator import Paginator
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import BaseStreamBlock, LinkBlock
from home.caching import cached, directory, layout
from home.filters import AssociationFilterSet
from home.models.contacts import SERVICE_LANGUAGES, LanguagesField, language_names
from home.models.pages import BasePage
from home.models.routing import SpecificChildRouteMixin
from kumppanuus.filters import page_number, paginated

ASSOCIATIONS_PER_PAGE = 20
CONFIRMATION_INTERVAL = timedelta(days=365)

# Finnish and Swedish alphabetical order: a–z, then å, ä, ö. Letters with other accents sort with
# their base letter (é as e, ü as y, æ as ä, ø as ö), as in Finnish and Swedish dictionaries.
_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_FOLD = {"ü": "y", "æ": "ä", "ø": "ö", "õ": "ö", "ß": "s"}


def collation_key(text):
    """A sort key for `text` in Finnish/Swedish order; the same for both languages."""
    key = []
    for char in text.casefold():
        char = _FOLD.get(char, char)
        if char not in _ALPHABET:
            char = unicodedata.normalize("NFD", char)[0]
        if char in _ALPHABET:
            key.append((2, _ALPHABET.index(char)))
        elif char.isdigit():
            key.append((1, ord(char)))
        elif char.isspace():
            key.append((0, 0))
        elif char.isalpha():
            key.append((3, ord(char)))
    return key, text


class AssociationCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Used in filter links; the same in both languages.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("association category")
        verbose_name_plural = _("association categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


def categories_by_page(translation_keys, locale_id):
    """{page translation_key: [category in `locale`, …]} in one query, whichever translation of an
    association carries the categories (wagtail-localize does not synchronise many-to-many fields)."""
    through = AssociationPage.categories.through
    links = list(
        through.objects.filter(associationpage__translation_key__in=translation_keys).values_list(
            "associationpage__translation_key", "associationcategory__translation_key"
        )
    )
    localized = {
        category.translation_key: category
        for category in AssociationCategory.objects.filter(
            locale_id=locale_id, translation_key__in={category_key for _page, category_key in links}
        )
    }
    result = {}
    for page_key, category_key in links:
        category = localized.get(category_key)
        if category is not None and category not in result.setdefault(page_key, []):
            result[page_key].append(category)
    for categories in result.values():
        categories.sort(key=lambda category: collation_key(category.name))
    return result


class AssociationIndexPage(SpecificChildRouteMixin, BasePage):
    """The directory of associations: alphabetical, filterable by category, area and language."""

    # Where associations add or update their entry: a page of the directory module (AssociationFormPage),
    # chosen by the editors, so that the content side needs no code from the participation side.
    form_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("form for associations"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page where associations add their entry or suggest an update."),
    )

    content_panels = BasePage.content_panels + [
        PageChooserPanel("form_page", page_type="directory.AssociationFormPage"),
    ]
    subpage_types = ["home.AssociationPage"]
    max_count_per_parent = 1
    child_model = "home.AssociationPage"

    class Meta:
        verbose_name = _("association directory")
        verbose_name_plural = _("association directories")

    def association_form(self):
        """The chosen form page, in this directory's language where translated, if it is live; or None.
        It offers `form_call_to_action()` and `entry_update_url(entry_pk)`."""
        if not self.form_page_id:
            return None
        page = self.form_page.specific
        page = (page.get_translation_or_none(self.locale_id) or page).specific
        return page if page.live else None

    def form_url(self):
        """The form's address, cached with the page frame (any publish, move or unpublish renews it)."""

        def compute():
            form = self.association_form()
            return form.form_call_to_action()[1] if form is not None else ""

        return layout.cached(f"association-form:{self.pk}", compute)

    def directory_data(self):
        """Every live entry of this directory as plain rows, with the categories; cached, and kept in the
        process (the filters pick from all of them: a city's thousands would take longer to unpickle)."""

        def compute():
            pages = list(AssociationPage.objects.child_of(self).live().select_related("logo"))
            categories = {
                category.translation_key: category
                for category in AssociationCategory.objects.filter(locale_id=self.locale_id)
            }
            through = AssociationPage.categories.through
            links = {}
            for page_key, category_key in through.objects.filter(
                associationpage__translation_key__in=[page.translation_key for page in pages]
            ).values_list("associationpage__translation_key", "associationcategory__translation_key"):
                if category_key in categories:
                    links.setdefault(page_key, set()).add(category_key)
            rows = []
            for page in pages:
                logo = None
                if page.logo is not None:
                    rendition = page.logo.get_rendition("max-160x80")
                    logo = {"url": rendition.url, "width": rendition.width, "height": rendition.height}
                own = sorted((categories[key] for key in links.get(page.translation_key, ())), key=lambda c: collation_key(c.name))
                rows.append(
                    {
                        "pk": page.pk,
                        "title": page.title,
                        "url": page.get_url(),
                        "intro": page.intro,
                        "area": page.area,
                        "languages": list(page.languages or []),
                        "category_slugs": [category.slug for category in own],
                        "category_names": [category.name for category in own],
                        "logo": logo,
                        # What the directory's search (AssociationFilterSet.rows) looks in.
                        "search_text": " ".join((page.title, page.intro, page.area)).casefold(),
                    }
                )
            options = sorted(((c.slug, c.name) for c in categories.values()), key=lambda item: collation_key(item[1]))
            # Sorted once here, not on every request: a city's directory has thousands of entries.
            rows.sort(key=lambda row: collation_key(row["title"]))
            areas = sorted({row["area"] for row in rows if row["area"]}, key=collation_key)
            return {"rows": rows, "categories": options, "areas": areas}

        return directory.kept_in_process(f"associations:{self.pk}", compute)

    def directory_page(self, number):
        """Page `number` of the unfiltered directory, with its options, cached on its own: a city's
        directory has thousands of entries, and a visitor reads twenty of them."""

        def compute():
            data = self.directory_data()
            page = Paginator(data["rows"], ASSOCIATIONS_PER_PAGE).get_page(number)
            count = page.paginator.count
            return {
                "listing": {"count": count, "offset": page.start_index() - 1 if count else 0, "rows": list(page.object_list)},
                "categories": data["categories"],
                "areas": data["areas"],
            }

        return cached(f"associations:{self.pk}:page:{number}", compute)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = AssociationFilterSet(
            request.GET, queryset=AssociationPage.objects.child_of(self).live(), languages=SERVICE_LANGUAGES
        )
        selected = filters.selected()
        number = page_number(request.GET.get("page"))
        if filters.is_filtered():
            data = self.directory_data()

            def compute():
                page = Paginator(filters.rows(data["rows"]), ASSOCIATIONS_PER_PAGE).get_page(number)  # alphabetical
                count = page.paginator.count
                rows = list(page.object_list)
                return {"count": count, "offset": page.start_index() - 1 if count else 0, "rows": rows}

            # repr: a word searched for may hold any character, so no separator could keep the keys apart.
            rows = cached(repr(("associations", self.pk, "filtered", sorted(selected.items()), number)), compute)
        else:
            # Past the end is the last page, under the last page's key (a made-up number stores nothing new).
            count = cached(f"associations:{self.pk}:count", lambda: len(self.directory_data()["rows"]))
            number = min(number, max(1, -(-count // ASSOCIATIONS_PER_PAGE)))
            data = self.directory_page(number)
            rows = data["listing"]
        listing = paginated(rows, number, ASSOCIATIONS_PER_PAGE)
        paginator = listing.paginator
        # The cards of a page rendered once, until the directory changes (its namespace).
        cards = cached(
            repr(("association-cards", self.pk, get_language(), [row["pk"] for row in listing.object_list])),
            lambda: render_to_string(
                "home/includes/association_cards.html",
                {"associations": [{**row, "language_names": language_names(row["languages"])} for row in listing.object_list]},
            ),
        )
        context.update(
            associations=listing.object_list,
            cards=mark_safe(cards),  # noqa: S308 - rendered (and escaped) by its template
            listing=listing,
            paginator=paginator,
            categories=data["categories"],
            areas=data["areas"],
            language_choices=SERVICE_LANGUAGES,
            search_query=selected["q"],
            selected=selected,
            filtered=filters.is_filtered(),
            result_count=paginator.count,
            form_url=self.form_url(),
        )
        return context


class AssociationPage(BasePage):
    """One association's entry. `intro` is its short description."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    categories = ParentalManyToManyField(AssociationCategory, verbose_name=_("categories"), blank=True)
    area = models.CharField(_("village or area"), max_length=100, blank=True)
    languages = LanguagesField(_("languages of activity"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("public email"), blank=True)
    contact_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = StreamField([("link", LinkBlock())], verbose_name=_("social media"), blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=250, blank=True)
    how_to_join = RichTextField(_("how to join"), blank=True, features=["bold", "italic", "link", "ul"])
    register_number = models.CharField(_("register number"), max_length=20, blank=True)
    # Kept current by the association itself: see the yearly confirmation (AssociationConfirmation).
    steward_email = models.EmailField(
        _("email for keeping the entry current"), blank=True, help_text=_("Not shown on the site.")
    )

    parent_page_types = ["home.AssociationIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("logo"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("categories"), FieldPanel("area"), FieldPanel("languages")], _("Directory")
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("website"),
                FieldPanel("social_links"),
            ],
            _("Public contact details"),
        ),
        FieldPanel("meeting_place"),
        FieldPanel("how_to_join"),
        FieldPanel("register_number"),
        FieldPanel("steward_email"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("area"),
        index.FilterField("area"),
    ]
    override_translatable_fields = [
        SynchronizedField("contact_name"),
        SynchronizedField("contact_phone"),
        SynchronizedField("register_number"),
    ]

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    LANGUAGE_CHOICES = SERVICE_LANGUAGES

    @property
    def language_names(self):
        return language_names(self.languages)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["localized_categories"] = cached(
            f"association-categories:{self.translation_key}:{self.locale_id}",
            lambda: categories_by_page([self.translation_key], self.locale_id).get(self.translation_key, []),
        )
        context["update_url"] = layout.cached(f"association-update:{self.pk}", self.update_url)
        return context

    def update_url(self):
        """Where the association suggests an update of this entry: the directory's form page, or ""."""
        directory = AssociationIndexPage.objects.parent_of(self).first()
        form = directory.association_form() if directory is not None else None
        return form.entry_update_url(self.pk) if form is not None else ""


class AssociationConfirmation(models.Model):
    """When an association (all translations of its page) last confirmed its entry, and when we asked.

    Kept outside the page so that publishing an older revision cannot undo a confirmation.
    """

    translation_key = models.UUIDField(unique=True)
    confirmed_at = models.DateTimeField(_("last confirmed current"), null=True, blank=True)
    requested_at = models.DateTimeField(_("last asked"), null=True, blank=True)

    class Meta:
        verbose_name = _("association confirmation")
        verbose_name_plural = _("association confirmations")

    def __str__(self):
        return str(self.translation_key)
