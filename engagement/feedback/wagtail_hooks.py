"""Feedback in the Wagtail admin: topics, the handlers' inbox with its detail view, recording feedback
that came by phone, letter, walk-in or social media, Open311 API keys, and the dashboard panel."""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.snippets.models import register_snippet

from engagement.admin_exports import ExportPermissionMixin
from kumppanuus.admin_ui import ModelViewSet, SnippetViewSet, YesNoColumn

from . import services
from .forms import AnswerForm, AssignForm, CloseForm, NoteForm, StatusForm
from .models import LANGUAGE_CHOICES, Feedback, FeedbackEvent, FeedbackTopic, Open311ApiKey

HANDLERS_GROUP = "Feedback handlers"
PERSONAL_FIELDS = ["name", "email", "phone"]


class FeedbackTopicViewSet(SnippetViewSet):
    model = FeedbackTopic
    icon = "tag"
    menu_label = _("Feedback topics")
    list_display = [
        "name",
        "code",
        "reply_days",
        YesNoColumn("is_accessibility", label=FeedbackTopic._meta.get_field("is_accessibility").verbose_name),
    ]
    search_fields = ["name"]
    add_to_admin_menu = False


register_snippet(FeedbackTopicViewSet)


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Feedback.Status.choices)
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=FeedbackTopic.objects.filter(locale__language_code="fi"),
        method="filter_topic"
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=LANGUAGE_CHOICES)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Feedback.Channel.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    assigned_to_me = django_filters.BooleanFilter(label=_("Assigned to me"), method="filter_assigned_to_me")

    class Meta:
        model = Feedback
        fields = []

    def filter_topic(self, queryset, name, value):
        # A topic and its translation are the same topic.
        return queryset.filter(topic__translation_key=value.translation_key) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=Feedback.OPEN_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_assigned_to_me(self, queryset, name, value):
        if value is None:
            return queryset
        user = self.request.user
        return queryset.filter(assigned_to=user) if value else queryset.exclude(assigned_to=user)


class AssigneeColumn(Column):
    def get_value(self, instance):
        return person_name(instance.assigned_to) if instance.assigned_to_id else ""


class OverdueColumn(Column):
    def get_value(self, instance):
        return _("Overdue") if instance.is_overdue else ""


class FeedbackIndexView(ExportPermissionMixin, generic.IndexView):
    def dispatch(self, request, *args, **kwargs):
        fields = ["pk", "created_at", "topic", "status", "channel", "language", "message", "place",
                  "public_answer", "answered_at", "closed_at", "closing_reason", "assigned_to"]
        if request.user.has_perm("feedback.view_personal_data"):
            fields[6:6] = PERSONAL_FIELDS
            # So that staff can find one person's feedback (GDPR requests).
            self.search_fields = [*self.search_fields, *PERSONAL_FIELDS]
        self.list_export = fields
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("topic", "assigned_to")

    def get_edit_url(self, instance):
        return reverse("feedback_feedback:handle", args=[instance.pk])


class PersonalDataFormMixin:
    """Name, email and phone are in the form only for users allowed to see personal data."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if not self.request.user.has_perm("feedback.view_personal_data"):
            for name in PERSONAL_FIELDS:
                form.fields.pop(name, None)
        return form


STAFF_CHANNELS = [Feedback.Channel.PHONE, Feedback.Channel.LETTER, Feedback.Channel.WALK_IN, Feedback.Channel.SOCIAL_MEDIA]


class FeedbackEditView(PersonalDataFormMixin, generic.EditView):
    """The resident's own words stay as they came: the message is shown, never edited (notes are for
    comments). How it came (web form, Open311) is not a staff choice either."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "message" in form.fields:
            form.fields["message"].disabled = True
            form.fields["message"].help_text = _("The resident's original message cannot be changed.")
        channel = form.fields.get("channel")
        if channel is not None:
            if self.object.channel in STAFF_CHANNELS:
                channel.choices = [(value, Feedback.Channel(value).label) for value in STAFF_CHANNELS]
            else:
                channel.disabled = True
        return form


class FeedbackCreateView(PersonalDataFormMixin, generic.CreateView):
    """Staff record feedback that came by phone, letter, walk-in or social media."""

    def last_channel(self):
        """The channel this handler chose last time, so that a phone service records calls in one click."""
        channel = (
            Feedback.objects.filter(
                events__kind=FeedbackEvent.Kind.RECEIVED, events__user=self.request.user, channel__in=STAFF_CHANNELS
            ).order_by("-events__created_at", "-pk").values_list("channel", flat=True).first()
        )
        return channel or Feedback.Channel.PHONE

    def get_initial(self):
        return {**super().get_initial(), "channel": self.last_channel()}

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "channel" in form.fields:
            form.fields["channel"].choices = [(value, Feedback.Channel(value).label) for value in STAFF_CHANNELS]
        return form

    def save_instance(self):
        instance = super().save_instance()
        services.recorded(instance, self.request.user)
        return instance

    def get_success_url(self):
        return reverse("feedback_feedback:handle", args=[self.object.pk])


def person_name(user):
    return user.get_full_name() or user.get_username()


def _handler(request):
    if not request.user.has_perm("feedback.change_feedback"):
        raise PermissionDenied


def handle_view(request, pk):
    """The whole timeline of one feedback, and everything a handler does to it."""
    if not request.user.has_perm("feedback.view_feedback"):
        raise PermissionDenied
    feedback = get_object_or_404(Feedback.objects.select_related("topic", "assigned_to"), pk=pk)
    handlers = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=HANDLERS_GROUP), is_active=True
    ).distinct().order_by("first_name", "last_name", "username")
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    forms_ = {
        "assign": AssignForm(data if action == "assign" else None, users=handlers,
                             initial={"assigned_to": feedback.assigned_to_id}),
        "status": StatusForm(data if action == "status" else None, initial={"status": feedback.status}),
        "note": NoteForm(data if action == "note" else None),
        "answer": AnswerForm(data if action == "answer" else None, feedback=feedback,
                             initial={"answer": feedback.public_answer, "publish": feedback.answer_published}),
        "close": CloseForm(data if action == "close" else None, feedback=feedback),
    }
    if action:
        _handler(request)
        form = forms_.get(action)
        if form is not None and form.is_valid():
            user = request.user
            if action == "assign":
                assignee = form.cleaned_data["assigned_to"]
                services.assign(feedback, assignee, user)
                if assignee is None:
                    messages.success(request, _("The feedback is no longer assigned to anyone."))
                else:
                    messages.success(request, _("The feedback was assigned to %(name)s.") % {"name": person_name(assignee)})
            elif action == "status":
                services.set_status(feedback, form.cleaned_data["status"], user)
                messages.success(
                    request, _("The status is now “%(status)s”.") % {"status": feedback.get_status_display()}
                )
            elif action == "note":
                services.add_note(feedback, form.cleaned_data["text"], user)
                messages.success(request, _("The note was added to the timeline."))
            elif action == "answer":
                services.answer(feedback, form.cleaned_data["answer"], user,
                                publish=form.cleaned_data["publish"], close=form.cleaned_data["close"])
                messages.success(request, _("The answer was saved and emailed to the resident."))
            elif action == "close":
                services.close_feedback(feedback, form.cleaned_data["reason"].strip(), user)
                messages.success(request, _("The feedback was closed."))
            return redirect("feedback_feedback:handle", pk)
        messages.error(request, _("Please correct the errors below."))
    return TemplateResponse(request, "feedback/admin/handle.html", {
        "feedback": feedback,
        "events": feedback.events.select_related("user"),
        "forms": forms_,
        "can_change": request.user.has_perm("feedback.change_feedback"),
        "show_personal": request.user.has_perm("feedback.view_personal_data"),
        "page_title": _("Feedback #%(pk)s") % {"pk": feedback.pk},
        "header_icon": "mail",
        "index_url": reverse("feedback_feedback:index"),
    })


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    icon = "mail"
    menu_label = _("Inbox")
    add_to_admin_menu = False
    index_view_class = FeedbackIndexView
    add_view_class = FeedbackCreateView
    edit_view_class = FeedbackEditView
    filterset_class = FeedbackFilterSet
    list_display = [
        "__str__",
        Column("topic", label=_("topic")),
        Column("status", label=_("status"), accessor="get_status_display"),
        Column("language", label=_("language")),
        Column("channel", label=_("channel"), accessor="get_channel_display"),
        AssigneeColumn("assigned_to", label=_("assigned to")),
        OverdueColumn("overdue", label=_("overdue")),
        Column("created_at", label=_("received")),
    ]
    search_fields = ["message", "place", "public_answer"]
    list_export = ["pk", "created_at", "topic", "status", "message"]
    export_filename = "feedback"
    panels = [
        MultiFieldPanel([FieldPanel("channel"), FieldPanel("language"), FieldPanel("topic"), FieldPanel("created_at")],
                        heading=_("How it came")),
        MultiFieldPanel([FieldPanel("message"), FieldPanel("place")], heading=_("Feedback")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("name"), FieldPanel("email"), FieldPanel("phone")]),
             FieldPanel("wants_reply"), FieldPanel("publish_consent")],
            heading=_("The resident"),
        ),
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("handle/<int:pk>/", handle_view, name="handle")]


class Open311ApiKeyViewSet(ModelViewSet):
    model = Open311ApiKey
    icon = "key"
    menu_label = _("Open311 API keys")
    add_to_admin_menu = False
    list_display = ["name", "key", "active", "created_at"]
    form_fields = ["name", "active"]


class FeedbackGroup(ModelViewSetGroup):
    menu_label = _("Feedback")
    menu_icon = "mail"
    menu_order = 200
    items = (
        FeedbackViewSet("feedback_feedback", url_prefix="feedback/inbox"),
        Open311ApiKeyViewSet("feedback_apikey", url_prefix="feedback/api-keys"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return FeedbackGroup()


class FeedbackPanel(Component):
    name = "feedback_counts"
    order = 80
    template_name = "feedback/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        index = reverse("feedback_feedback:index")
        return {
            "new": Feedback.objects.filter(status=Feedback.Status.RECEIVED).count(),
            "overdue": Feedback.objects.overdue().count(),
            "index_url": index,
        }


@hooks.register("construct_homepage_panels")
def add_feedback_panel(request, panels):
    if request.user.has_perm("feedback.view_feedback"):
        panels.append(FeedbackPanel())
