"""Site settings: the municipality's name per language, logo, contact details and social media."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from kumppanuus.text import request_language


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    municipality_name_fi = models.CharField(_("municipality name in Finnish"), max_length=100, default="Koivulan kunta")
    municipality_name_sv = models.CharField(_("municipality name in Swedish"), max_length=100, default="Björkby kommun")
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address_fi = models.TextField(_("postal address in Finnish"), blank=True)
    address_sv = models.TextField(_("postal address in Swedish"), blank=True)
    phone = models.CharField(_("switchboard phone"), max_length=40, blank=True)
    email = models.EmailField(_("registry email"), blank=True)
    business_id = models.CharField(_("business ID"), max_length=20, blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    youtube = models.URLField(_("YouTube"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    bluesky = models.URLField(_("Bluesky"), blank=True)
    entitled_voters = models.PositiveIntegerField(
        _("residents entitled to vote"),
        default=0,
        help_text=_("Used for the residents' initiative threshold (2 %, Kuntalaki 23 §). 0: no threshold shown."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("municipality_name_fi"), FieldPanel("municipality_name_sv"), FieldPanel("logo")], _("Name")),
        MultiFieldPanel(
            [FieldPanel("address_fi"), FieldPanel("address_sv"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("business_id")],
            _("Contact details"),
        ),
        FieldPanel("entitled_voters"),
        MultiFieldPanel(
            [FieldPanel(name) for name in ("facebook", "instagram", "youtube", "linkedin", "bluesky")], _("Social media")
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def _localized(self, field, language=None):
        language = request_language(language)
        return getattr(self, f"{field}_sv" if language == "sv" else f"{field}_fi")

    def municipality_name(self, language=None):
        return self._localized("municipality_name", language)

    @property
    def name(self):
        return self.municipality_name()

    @property
    def address(self):
        return self._localized("address")

    @property
    def social_links(self):
        return [
            (label, url)
            for label, url in (
                ("Facebook", self.facebook),
                ("Instagram", self.instagram),
                ("YouTube", self.youtube),
                ("LinkedIn", self.linkedin),
                ("Bluesky", self.bluesky),
            )
            if url
        ]
