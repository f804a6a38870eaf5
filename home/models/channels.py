"""Influence channels: the ways residents and associations can take part and influence (Kuntalaki 22–29 §),
each explained step by step with the people to contact."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import LinkBlock
from home.caching import cached
from home.models.contacts import ContactPerson, LanguagesField
from home.models.pages import BasePage
from home.models.routing import SpecificChildRouteMixin


class ChannelGroup(models.TextChoices):
    FEEDBACK = "feedback", _("Give feedback")
    INITIATIVE = "initiative", _("Make an initiative")
    COUNCILS = "councils", _("Councils")
    MEETINGS = "meetings", _("Meetings and events")
    OFFICIALS = "officials", _("Contact officials")


ELIGIBILITY_CHOICES = [
    ("anyone", _("Anyone")),
    ("residents", _("Residents of the municipality")),
    ("age15", _("Residents aged 15 or over")),
    ("voters", _("Residents entitled to vote")),
    ("young", _("Young people")),
    ("elderly", _("Older people")),
    ("disabled", _("People with disabilities and their families")),
    ("associations", _("Associations and organisations")),
]


class EligibilityField(LanguagesField):
    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.choices = ELIGIBILITY_CHOICES
        return field


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    text = blocks.RichTextBlock(
        label=_("Description"), required=False, features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "blocks/step.html"


class ResourceBlock(blocks.StreamBlock):
    document = DocumentChooserBlock(label=_("Document"), template="blocks/document_link.html")
    link = LinkBlock()


class GuideItemBlock(blocks.StructBlock):
    matter = blocks.CharBlock(label=_("If your matter is…"), max_length=250)
    channel = blocks.PageChooserBlock(label=_("…use this channel"), page_type="home.InfluenceChannelPage")

    class Meta:
        icon = "help"
        label = _("Guide item")


class InfluenceChannelIndexPage(SpecificChildRouteMixin, BasePage):
    """All channels, grouped, with a short "which channel fits my matter?" guide."""

    guide = StreamField(
        [("item", GuideItemBlock())], verbose_name=_("which channel fits my matter?"), blank=True
    )

    content_panels = BasePage.content_panels + [FieldPanel("guide")]
    subpage_types = ["home.InfluenceChannelPage"]
    max_count_per_parent = 1
    child_model = "home.InfluenceChannelPage"

    class Meta:
        verbose_name = _("influence channel index")
        verbose_name_plural = _("influence channel indexes")

    def channel_data(self):
        """The live channels as plain rows per group, and the guide resolved to this language; cached."""

        def compute():
            by_group = {}
            for channel in InfluenceChannelPage.objects.child_of(self).live().order_by("path"):
                by_group.setdefault(channel.group, []).append(
                    {"title": channel.title, "url": channel.get_url(), "intro": channel.intro, "eligibility": channel.eligibility}
                )
            guide = []
            for item in self.guide:
                channel = item.value["channel"]
                channel = channel.localized if channel else None
                if channel is not None and channel.live:
                    guide.append({"matter": item.value["matter"], "title": channel.title, "url": channel.get_url()})
            return {"groups": by_group, "guide": guide}

        return cached(f"channels:{self.pk}", compute)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        data = self.channel_data()
        names = dict(ELIGIBILITY_CHOICES)
        context["channel_groups"] = [
            (
                label,
                [
                    {**row, "eligibility_names": [names[code] for code in row["eligibility"] or () if code in names]}
                    for row in data["groups"][value]
                ],
            )
            for value, label in ChannelGroup.choices
            if value in data["groups"]
        ]
        context["guide"] = data["guide"]
        return context


class InfluenceChannelPage(BasePage):
    """One way to influence: who may use it, what it can affect, how it goes, whom to contact."""

    group = models.CharField(
        _("group"), max_length=20, choices=ChannelGroup.choices, default=ChannelGroup.FEEDBACK
    )
    eligibility = EligibilityField(_("who may use it"), default=list, blank=True)
    eligibility_note = models.CharField(
        _("more about who may use it"),
        max_length=250,
        blank=True,
        help_text=_("For example: 2 % of voters must support it."),
    )
    can_affect = RichTextField(_("what it can affect"), blank=True, features=["bold", "italic", "link", "ul"])
    steps = StreamField([("step", StepBlock())], verbose_name=_("how it goes"), blank=True)
    handling_time = models.CharField(_("expected handling time"), max_length=200, blank=True)
    form_page = models.ForeignKey(
        Page,
        verbose_name=_("form to use"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resources = StreamField(ResourceBlock(), verbose_name=_("documents and links"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("group"),
        MultiFieldPanel([FieldPanel("eligibility"), FieldPanel("eligibility_note")], _("Who may use it")),
        FieldPanel("can_affect"),
        FieldPanel("steps"),
        FieldPanel("handling_time"),
        InlinePanel("contacts", label=_("Contact people"), heading=_("Contact people, in order")),
        PageChooserPanel("form_page"),
        FieldPanel("resources"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("can_affect"), index.SearchField("steps")]
    parent_page_types = ["home.InfluenceChannelIndexPage"]
    subpage_types = []
    override_translatable_fields = [SynchronizedField("eligibility")]

    class Meta:
        verbose_name = _("influence channel")
        verbose_name_plural = _("influence channels")

    @property
    def eligibility_names(self):
        names = dict(ELIGIBILITY_CHOICES)
        return [names[code] for code in self.eligibility or () if code in names]

    def localized_contacts(self):
        """The contact people in order, in this page's language when translated (two queries)."""
        keys = list(self.contacts.order_by("sort_order").values_list("person__translation_key", flat=True))
        active = self.locale_id
        chosen = {}
        for person in ContactPerson.objects.filter(translation_key__in=keys).select_related(
            "department", "photo"
        ):
            if person.translation_key not in chosen or person.locale_id == active:
                chosen[person.translation_key] = person
        return [chosen[key] for key in keys if key in chosen]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def compute():
            form_page = self.form_page.localized.specific if self.form_page_id else None
            form = None
            if form_page and form_page.live:
                # A form page may say what its button is called and where its form is (a sub-route).
                if hasattr(form_page, "form_call_to_action"):
                    text, url = form_page.form_call_to_action()
                else:
                    text, url = gettext("Go to the form: %(title)s") % {"title": form_page.title}, form_page.get_url()
                form = {"title": form_page.title, "url": url, "text": text}
            return {"contacts": self.localized_contacts(), "form": form}

        data = cached(f"channel:{self.pk}", compute)
        context["contact_people"] = data["contacts"]
        context["form_page"] = data["form"]
        return context


class ChannelContact(Orderable):
    page = ParentalKey(InfluenceChannelPage, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        ContactPerson, verbose_name=_("contact person"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
