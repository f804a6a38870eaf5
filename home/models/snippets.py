"""Translatable snippets of site-wide content."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin

from home.blocks import LinkBlock


class Footer(TranslatableMixin, models.Model):
    """The footer of every page, one per language."""

    text = RichTextField(_("text"), blank=True, features=["bold", "italic", "link"])
    links = StreamField([("link", LinkBlock())], verbose_name=_("links"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [FieldPanel("text"), FieldPanel("links")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footers")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.locale.language_code})"
