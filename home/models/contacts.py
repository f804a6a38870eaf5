"""The people residents and associations can contact, and the departments they work in."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index

SERVICE_LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class Department(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


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
    languages = models.JSONField(_("languages served in"), default=list, blank=True)
    availability = models.TextField(
        _("how and when to reach"), blank=True, help_text=_("For example: by phone Mon–Thu 9–11, or book a meeting.")
    )
    topics = models.CharField(
        _("topics"), max_length=300, blank=True, help_text=_("Keywords people search for, separated by commas.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

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
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        index.FilterField("department_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return f"{self.name} – {self.role}"
