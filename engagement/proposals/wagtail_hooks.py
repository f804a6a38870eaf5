"""Proposals in the Wagtail admin: themes and states as snippets, the moderation queue, supporters,
the threshold panel on the dashboard and the annual report for the council."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.snippets.models import register_snippet

from engagement.admin_exports import ExportCheckedIndexView, ExportPermissionMixin
from kumppanuus.admin_ui import ModelViewSet, SnippetViewSet, UpdatedAtColumn, YesNoColumn

from . import report, services
from .models import Proposal, ProposalState, ProposalTheme, Support, threshold_for

TEXT_FIELDS = ("title", "summary", "text")


class ProposalThemeViewSet(SnippetViewSet):
    model = ProposalTheme
    icon = "tag"
    menu_label = _("Proposal themes")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = False


class ProposalStateViewSet(SnippetViewSet):
    model = ProposalState
    icon = "list-ol"
    menu_label = _("Proposal states")
    list_display = [
        "name_fi",
        "name_sv",
        "sort_order",
        YesNoColumn("is_public", label=ProposalState._meta.get_field("is_public").verbose_name),
        YesNoColumn("is_decision", label=ProposalState._meta.get_field("is_decision").verbose_name),
        YesNoColumn("is_closed", label=ProposalState._meta.get_field("is_closed").verbose_name),
    ]
    add_to_admin_menu = False


register_snippet(ProposalThemeViewSet)
register_snippet(ProposalStateViewSet)


class ProposalAdminForm(WagtailAdminModelForm):
    """Moderators correct typos here; a change of the text marks the proposal as edited by a moderator."""

    def clean(self):
        cleaned = super().clean()
        if any(field in self.changed_data for field in TEXT_FIELDS) and not cleaned.get("moderator_note"):
            self.add_error("moderator_note", _("Say briefly what you changed; it is shown with the proposal."))
        return cleaned

    def save(self, commit=True):
        if any(field in self.changed_data for field in TEXT_FIELDS):
            self.instance.edited_by_moderator_at = timezone.now()
        return super().save(commit=commit)


class ProposalEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        sent = services.notify_state_change(instance)
        if sent:
            messages.info(self.request, _("%(count)s people were told of the new state.") % {"count": sent})
        return instance

    @property
    def header_buttons(self):
        # Publish and reject in plain sight, not in the "more" menu.
        return [*super().header_buttons, *action_buttons(self.object, self.request.user, header=True)]


def action_buttons(proposal, user, header=False):
    """Publish, reject and merge as visible buttons: in the edit view's header, or on a row of the list."""

    if not user.has_perm("proposals.change_proposal"):
        return []
    items = []
    if proposal.moderation == Proposal.Moderation.PENDING:
        items.append((_("Publish"), "proposals_proposal:publish", "check"))
        items.append((_("Reject"), "proposals_proposal:reject", "cross"))
    if proposal.moderation in (Proposal.Moderation.PENDING, Proposal.Moderation.PUBLISHED):
        items.append((_("Merge into another proposal"), "proposals_proposal:merge", "resubmit"))
    cls = HeaderButton if header else ListingButton
    return [
        cls(
            label, url=reverse(name, args=[quote(proposal.pk)]), icon_name=icon, priority=50 + i,
            attrs={} if header else {"aria-label": f"{label}: {proposal.title}"},
        )
        for i, (label, name, icon) in enumerate(items)
    ]


class ProposalInfoPanel(HelpPanel):
    """The proposer, moderation and the initiative threshold in figures (needed, gathered, reached)."""

    class BoundPanel(HelpPanel.BoundPanel):
        @property
        def threshold(self):
            return threshold_for(services.entitled_voters())


class ProposalIndexView(ExportPermissionMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("state").with_support_count()

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *action_buttons(instance, self.request.user)]


class SupportIndexView(ExportCheckedIndexView):
    def get_base_queryset(self):
        # The proposal of each row (listing and export) in the same query, not one query per row.
        return super().get_base_queryset().select_related("proposal")


class SupportCountColumn(Column):
    def get_value(self, instance):
        return instance.support_count()


class ThresholdColumn(Column):
    def get_value(self, instance):
        if instance.threshold_reached_at:
            return _("Reached – council by %(date)s") % {"date": instance.council_deadline.strftime("%-d.%-m.%Y")}
        return ""


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Emailed to the proposer in the language of the proposal."),
    )


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Proposal.objects.none(),
        help_text=_("The surviving proposal. Supports move to it; an email counts only once."),
    )

    def __init__(self, *args, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = Proposal.objects.filter(
            moderation=Proposal.Moderation.PUBLISHED
        ).exclude(pk=duplicate.pk)


def _moderator(request):
    if not request.user.has_perm("proposals.change_proposal"):
        raise PermissionDenied


def publish_view(request, pk):
    _moderator(request)
    proposal = get_object_or_404(Proposal, pk=pk)
    if request.method == "POST":
        proposal = services.publish(proposal)
        messages.success(request, _("“%(title)s” was published.") % {"title": proposal.title})
        return redirect("proposals_proposal:index")
    return TemplateResponse(
        request,
        "proposals/admin/action_form.html",
        {"proposal": proposal, "form": None, "page_title": _("Publish proposal"), "submit": _("Publish"),
         "header_icon": "check"},
    )


def reject_view(request, pk):
    _moderator(request)
    proposal = get_object_or_404(Proposal, pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reject(proposal, form.cleaned_data["reason"])
        messages.success(request, _("“%(title)s” was rejected and the proposer told why.") % {"title": proposal.title})
        return redirect("proposals_proposal:index")
    return TemplateResponse(
        request,
        "proposals/admin/action_form.html",
        {"proposal": proposal, "form": form, "page_title": _("Reject proposal"), "submit": _("Reject and email the proposer"),
         "header_icon": "cross"},
    )


def merge_view(request, pk):
    _moderator(request)
    proposal = get_object_or_404(Proposal, pk=pk)
    form = MergeForm(request.POST or None, duplicate=proposal)
    if request.method == "POST" and form.is_valid():
        survivor = services.merge(proposal, form.cleaned_data["survivor"])
        messages.success(request, _("Merged into “%(title)s”.") % {"title": survivor.title})
        return redirect("proposals_proposal:edit", survivor.pk)
    return TemplateResponse(
        request,
        "proposals/admin/action_form.html",
        {"proposal": proposal, "form": form, "page_title": _("Merge duplicate proposal"), "submit": _("Merge"),
         "header_icon": "resubmit"},
    )


class ProposalViewSet(ModelViewSet):
    model = Proposal
    icon = "form"
    menu_label = _("Proposals")
    add_to_admin_menu = False
    index_view_class = ProposalIndexView
    edit_view_class = ProposalEditView
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["private_token"]  # the key of the proposer's private page
    list_display = [
        "title",
        Column("moderation", label=_("moderation"), accessor="get_moderation_display"),
        Column("state", label=_("state")),
        "language",
        SupportCountColumn("support_count", label=_("supports")),
        ThresholdColumn("threshold", label=_("initiative threshold")),
        UpdatedAtColumn(),
    ]
    list_filter = ["moderation", "state", "language", "theme", "threshold_reached_at"]
    search_fields = ["title", "summary", "text", "proposer_name", "proposer_email"]
    list_export = ["title", "moderation", "state", "language", "created_at", "answered_at"]

    panels = [
        ProposalInfoPanel(
            template="proposals/admin/proposal_info_panel.html",
            heading=_("Proposer and moderation"),
        ),
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("summary"), FieldPanel("text"), FieldPanel("moderator_note")],
            heading=_("Text"),
            help_text=_("Correct typos only. When you change the text, say what you changed in the note."),
        ),
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("association"), FieldPanel("language"), FieldPanel("show_name")],
            heading=_("Details"),
        ),
        MultiFieldPanel(
            [
                # A plain list: the snippet chooser would offer "edit" on the state itself, which renames
                # it for every proposal.
                FieldPanel("state", widget=forms.Select),
                FieldPanel("answer_text"),
                FieldPanel("answer_text_sv"),
                FieldRowPanel([FieldPanel("answer_decided_by"), FieldPanel("answer_date")]),
                FieldPanel("answer_link"),
                FieldPanel("measures"),
            ],
            heading=_("State and official answer"),
            help_text=_("When you change the state, the proposer, supporters and followers get one email each."),
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=ProposalAdminForm).bind_to_model(self.model)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("publish/<int:pk>/", publish_view, name="publish"),
            path("reject/<int:pk>/", reject_view, name="reject"),
            path("merge/<int:pk>/", merge_view, name="merge"),
            path("report/", report.report_view, name="report"),
        ]


class SupportViewSet(ModelViewSet):
    """Supporters' personal data: moderators can find, export and erase a person's supports."""

    model = Support
    index_view_class = SupportIndexView
    icon = "user"
    menu_label = _("Supports")
    add_to_admin_menu = False
    list_display = ["name", "email", "proposal", "language", "confirmed_at", "withdrawn_at"]
    list_filter = ["language", "confirmed_at", "withdrawn_at"]
    search_fields = ["name", "email"]
    list_export = ["name", "email", "proposal", "language", "created_at", "confirmed_at", "withdrawn_at"]
    form_fields = ["name", "email", "language"]


class ProposalsGroup(ModelViewSetGroup):
    menu_label = _("Proposals")
    menu_icon = "form"
    menu_order = 210
    items = (
        ProposalViewSet("proposals_proposal", url_prefix="proposals/proposal"),
        SupportViewSet("proposals_support", url_prefix="proposals/support"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ProposalsGroup()


class ReportMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("proposals.view_proposal") or request.user.has_perm("proposals.change_proposal")


@hooks.register("register_admin_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Proposals: annual report"), reverse("proposals_proposal:report"), icon_name="doc-full", order=215
    )


class ThresholdPanel(Component):
    """Dashboard: initiatives that reached 2 % and the council's deadline; pending proposals."""

    name = "proposals_threshold"
    order = 90
    template_name = "proposals/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        reached = (
            Proposal.objects.filter(threshold_reached_at__isnull=False, closed_at__isnull=True)
            .exclude(state__is_decision=True)
            .order_by("threshold_reached_at")
        )
        voters = services.entitled_voters()
        threshold = threshold_for(voters)
        gathering = []
        if threshold:
            gathering = list(
                Proposal.objects.filter(moderation=Proposal.Moderation.PUBLISHED, threshold_reached_at__isnull=True,
                                        closed_at__isnull=True)
                .with_support_count().filter(support_total__gt=0).order_by("-support_total", "pk")[:5]
            )
        return {
            "threshold": threshold,
            "entitled_voters": voters,
            "gathering": gathering,
            "reached": list(reached.with_support_count()[:20]),
            "pending": Proposal.objects.filter(moderation=Proposal.Moderation.PENDING).count(),
            "index_url": reverse("proposals_proposal:index"),
        }


@hooks.register("construct_homepage_panels")
def add_threshold_panel(request, panels):
    if request.user.has_perm("proposals.change_proposal"):
        panels.append(ThresholdPanel())
