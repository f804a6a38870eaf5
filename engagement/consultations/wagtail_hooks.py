"""Admin of consultations: the themes, and the section summaries staff write after closing (published
with services.publish_summary). The moderation queue, the report and the dashboard panel are added on
top of this file by the staff side."""

from datetime import timedelta

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet

from engagement.admin_exports import ExportPermissionMixin
from kumppanuus.admin_ui import ModelViewSet, SnippetViewSet
from kumppanuus.text import request_language

from . import views as staff
from .models import LANGUAGE_CHOICES, Comment, ConsultationSection, ConsultationTheme, SectionSummary
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


# --- The staff side: the moderators' queue of comments, the reports and the dashboard panel ------------


class CommentFilterSet(WagtailFilterSet):
    """A consultation and its sections are the same in both languages: they filter by translation key."""

    consultation = django_filters.ModelChoiceFilter(
        label=_("Consultation"), queryset=ConsultationPage.objects.order_by("-closes_at", "title"),
        method="filter_consultation",
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), method="filter_section",
        queryset=ConsultationSection.objects.select_related("page").order_by("page__title", "sort_order"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Comment.Status.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=LANGUAGE_CHOICES)
    reported = django_filters.BooleanFilter(label=_("Reported"), method="filter_reported")

    class Meta:
        model = Comment
        fields = []

    def filter_consultation(self, queryset, name, value):
        return queryset.filter(consultation__translation_key=value.translation_key) if value else queryset

    def filter_section(self, queryset, name, value):
        return queryset.filter(section__translation_key=value.translation_key) if value else queryset

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(reports_count__gt=0) if value else queryset.filter(reports_count=0)


class CommentIndexView(ExportPermissionMixin, generic.IndexView):
    """The queue. The commenter's email is in the download, and found by the search, only for those who
    may see it (consultations.view_comment_email)."""

    def dispatch(self, request, *args, **kwargs):
        fields = ["pk", "created_at", "consultation", "section", "language", "status", "nickname", "text",
                  "agree_count", "reports_count", "reply", "replied_at", "moderated_at"]
        if request.user.has_perm(staff.VIEW_EMAIL):
            fields.insert(7, "email")
            self.search_fields = [*self.search_fields, "email"]
        self.list_export = fields
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("consultation", "section")

    def get_add_url(self):
        return None  # comments come from residents

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(ListingButton(
            _("Report of the consultation"), url=reverse("consultations_comment:report", args=[instance.consultation_id]),
            icon_name="doc-full", priority=60,
        ))
        return buttons


class CommentTextColumn(TitleColumn):
    def get_value(self, instance):
        return instance.text[:120] or "–"


class CommentViewSet(ModelViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    add_to_admin_menu = False
    index_view_class = CommentIndexView
    filterset_class = CommentFilterSet
    list_display = [
        CommentTextColumn("text", label=_("comment"), url_name="consultations_comment:edit"),
        Column("consultation", label=_("consultation")),
        Column("section", label=_("section")),
        Column("status", label=_("status"), accessor="get_status_display"),
        Column("language", label=_("language")),
        Column("reports_count", label=_("reports")),
        Column("agree_count", label=_("agreements")),
        Column("created_at", label=_("created")),
    ]
    search_fields = ["text", "nickname", "reply"]
    list_export = ["pk", "created_at", "consultation", "section", "language", "status", "text"]
    export_filename = "consultation-comments"
    form_fields = ["moderation_note"]

    @property
    def edit_view(self):
        # "Edit" is moderating: the comment as it came, and approve, reject or reply (views.moderate_view).
        return staff.moderate_view

    def get_urlpatterns(self):
        return [
            # No "add": comments come from residents, staff never write one in the admin.
            *(pattern for pattern in super().get_urlpatterns() if pattern.name != "add"),
            path("reports/", staff.report_index_view, name="reports"),
            path("report/<int:pk>/", staff.report_view, name="report"),
        ]


class ConsultationsGroup(ModelViewSetGroup):
    menu_label = _("Consultations")
    menu_icon = "comment"
    menu_order = 220
    items = (CommentViewSet("consultations_comment", url_prefix="consultations/comments"),)


@hooks.register("register_admin_viewset")
def register_consultations_viewsets():
    return ConsultationsGroup()


class ReportsMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return request.user.has_perm(staff.VIEW) or request.user.has_perm(staff.MODERATE)


@hooks.register("register_admin_menu_item")
def register_consultation_reports_menu_item():
    return ReportsMenuItem(
        _("Consultations: reports"), reverse("consultations_comment:reports"), icon_name="doc-full", order=225
    )


def _one_per_consultation(pages, language):
    """One page per consultation, in `language` when it has one."""
    chosen = {}
    for page in pages:
        if page.translation_key not in chosen or page.locale.language_code == language:
            chosen[page.translation_key] = page
    return list(chosen.values())


class ConsultationsPanel(Component):
    """Dashboard: consultations closing within 7 days, closed ones without a published summary, and the
    comments waiting for a moderator."""

    name = "consultations_deadlines"
    order = 95
    template_name = "consultations/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        now = timezone.now()
        language = request_language()
        pages = ConsultationPage.objects.live().select_related("locale")
        closing = _one_per_consultation(
            pages.filter(opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + timedelta(days=7)).order_by("closes_at"),
            language,
        )
        summarised = SectionSummary.objects.published().values("consultation__translation_key")
        without_summary = _one_per_consultation(
            pages.filter(closes_at__lte=now).exclude(translation_key__in=summarised).order_by("closes_at"), language,
        )
        index_url = reverse("consultations_comment:index")
        return {
            "closing": [(page, reverse("consultations_comment:report", args=[page.pk])) for page in closing],
            "without_summary": [
                (page, reverse("consultations_comment:report", args=[page.pk])) for page in without_summary
            ],
            "pending": Comment.objects.pending().count(),
            "hidden": Comment.objects.filter(status=Comment.Status.HIDDEN).count(),
            "pending_url": f"{index_url}?status={Comment.Status.PENDING}",
            "hidden_url": f"{index_url}?status={Comment.Status.HIDDEN}",
        }


@hooks.register("construct_homepage_panels")
def add_consultations_panel(request, panels):
    if request.user.has_perm(staff.VIEW) or request.user.has_perm(staff.MODERATE):
        panels.append(ConsultationsPanel())
