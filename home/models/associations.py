"""The association directory: categories, the index page and one page per association."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from home.blocks import BaseStreamBlock, LinkBlock
from home.models.contacts import SERVICE_LANGUAGES
from home.models.pages import BasePage


class AssociationCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Used in filter links; the same in both languages."))

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("association category")
        verbose_name_plural = _("association categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AssociationIndexPage(BasePage):
    """The directory of associations."""

    subpage_types = ["home.AssociationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("association directory")
        verbose_name_plural = _("association directories")


class AssociationPage(BasePage):
    """One association's entry. `intro` is its short description."""

    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    categories = models.ManyToManyField(AssociationCategory, verbose_name=_("categories"), blank=True)
    area = models.CharField(_("village or area"), max_length=100, blank=True)
    languages = models.JSONField(_("languages of activity"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("public email"), blank=True)
    contact_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = StreamField([("link", LinkBlock())], verbose_name=_("social media"), blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=250, blank=True)
    how_to_join = RichTextField(_("how to join"), blank=True, features=["bold", "italic", "link", "ul"])
    register_number = models.CharField(_("register number"), max_length=20, blank=True)
    # Kept current by the association itself: see the yearly confirmation.
    steward_email = models.EmailField(
        _("email for keeping the entry current"), blank=True, help_text=_("Not shown on the site.")
    )
    confirmed_at = models.DateTimeField(_("last confirmed current"), null=True, blank=True)

    parent_page_types = ["home.AssociationIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("logo"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("categories"), FieldPanel("area"), FieldPanel("languages")], _("Directory")),
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
        MultiFieldPanel([FieldPanel("steward_email"), FieldPanel("confirmed_at", read_only=True)], _("Upkeep")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("area"),
        index.FilterField("area"),
    ]

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    LANGUAGE_CHOICES = SERVICE_LANGUAGES
