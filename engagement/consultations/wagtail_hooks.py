"""Admin of consultations: the themes, and the section summaries staff write after closing (published
with services.publish_summary). The moderation queue, the report and the dashboard panel are added on
top of this file by the staff side."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from kumppanuus.admin_ui import SnippetViewSet

from .models import Comment, ConsultationSection, ConsultationTheme, SectionSummary
from .pages import ConsultationPage


class ConsultationThemeViewSet(SnippetViewSet):
    model = ConsultationTheme
    icon = "tag"
    menu_label = _("Consultation themes")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = False


class CommentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.author}, {obj.created_at:%d.%m.%Y} ({obj.language}): {obj.text[:120]}"


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.page.title} – {obj.heading}"


class SectionSummaryForm(WagtailAdminModelForm):
    """The section is one of the consultation's sections in the summary's language; the comments it
    draws on are the consultation's published comments in either language (choose them after the first
    save, once the consultation is known)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = ConsultationPage.objects.order_by("-closes_at")
        self.fields["section"] = SectionChoiceField(
            label=_("section"), required=False, empty_label=_("The whole draft"),
            queryset=ConsultationSection.objects.select_related("page").order_by("page__title", "sort_order"),
            help_text=SectionSummary._meta.get_field("section").help_text,
        )
        if self.instance.consultation_id:
            self.fields["section"].queryset = ConsultationSection.objects.filter(
                page_id=self.instance.consultation_id).select_related("page")
        comments = Comment.objects.none()
        if self.instance.consultation_id:
            comments = Comment.objects.of(self.instance.consultation).public().order_by("created_at")
        self.fields["cited_comments"] = CommentChoiceField(
            label=_("comments it draws on"), queryset=comments, required=False, widget=forms.CheckboxSelectMultiple,
            help_text=_("Published comments of this consultation, in both languages. Save first to see them."),
        )

    def clean(self):
        cleaned = super().clean()
        consultation, section = cleaned.get("consultation"), cleaned.get("section")
        if consultation and section and section.page_id != consultation.pk:
            self.add_error("section", _("Choose a section of this consultation, in the same language."))
        return cleaned


class SectionSummaryViewSet(SnippetViewSet):
    model = SectionSummary
    icon = "doc-full"
    menu_label = _("Consultation summaries")
    list_display = ["consultation", "__str__", "published_at"]
    list_filter = ["published_at"]
    add_to_admin_menu = False
    panels = [
        FieldPanel("consultation"),
        FieldPanel("section"),
        FieldPanel("themes"),
        FieldPanel("cited_comments"),
        FieldPanel("changes"),
    ]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type("SectionSummaryAdminForm", (SectionSummaryForm, form_class), {})


register_snippet(ConsultationThemeViewSet)
register_snippet(SectionSummaryViewSet)
