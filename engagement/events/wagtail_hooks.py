"""Events in the Wagtail admin: categories as snippets, sign-ups (search, filters, CSV/XLSX export) and
an attendee page per event for organisers: counts, marking attendance, emailing everyone."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.pages.listing import ExplorableIndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet

from engagement.admin_exports import ExportCheckedIndexView
from kumppanuus.admin_ui import ModelViewSet, SnippetViewSet

from . import services
from .models import EventCategory, SignUp
from .pages import EventIndexPage, EventPage


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    menu_label = _("Event categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = False


register_snippet(EventCategoryViewSet)


ATTENDEES_PER_PAGE = 100


class SignUpFilterSet(WagtailFilterSet):
    """Status, language and attendance as drop-downs; the event only as the `event` parameter of the
    attendee page's "Search and export" link: a select of every event would list a city's 40,000 pages
    on every load of the listing."""

    event = django_filters.ModelChoiceFilter(
        label=SignUp._meta.get_field("event").verbose_name, queryset=EventPage.objects.all(), widget=forms.HiddenInput
    )

    class Meta:
        model = SignUp
        fields = ["status", "language", "attended"]


class SignUpIndexView(ExportCheckedIndexView):
    def get_base_queryset(self):
        # The event of each row (listing and export) in the same query, not one query per row.
        return super().get_base_queryset().select_related("event")


class SignUpEditView(generic.EditView):
    """Name and contact details only: places are decided by the service, so that confirmed people never
    exceed the capacity and the waiting list moves in order. Cancel and "move to the waiting list" are
    buttons that go through it."""

    @property
    def header_buttons(self):
        return [*super().header_buttons, *signup_action_buttons(self.object, self.request.user)]


def signup_action_buttons(signup, user):
    if not user.has_perm("events.change_signup") or signup.erased_at:
        return []
    items = []
    if signup.status == SignUp.Status.CONFIRMED:
        items.append((_("Move to the waiting list"), "waiting", "time"))
    if signup.status != SignUp.Status.CANCELLED:
        items.append((_("Cancel the sign-up"), "cancel", "cross"))
    return [
        HeaderButton(label, url=reverse("event_signups:action", args=[signup.pk, action]), icon_name=icon, priority=50 + i)
        for i, (label, action, icon) in enumerate(items)
    ]


SIGNUP_ACTIONS = {
    "cancel": {
        "title": _("Cancel the sign-up"),
        "question": _("Cancel the sign-up of %(name)s? They get an email, and the freed places go to the waiting list in order."),
        "done": _("The sign-up of %(name)s was cancelled and they were emailed."),
        "service": services.cancel,
    },
    "waiting": {
        "title": _("Move to the waiting list"),
        "question": _("Move %(name)s to the end of the waiting list? They get an email, and the freed places go to the waiting list in order."),
        "done": _("%(name)s was moved to the waiting list and emailed."),
        "service": services.move_to_waiting_list,
    },
}


def signup_action_view(request, pk, action):
    """Cancel a sign-up, or move it to the waiting list, through the same service as the resident's link."""
    if not request.user.has_perm("events.change_signup") or action not in SIGNUP_ACTIONS:
        raise PermissionDenied
    signup = get_object_or_404(SignUp, pk=pk, erased_at__isnull=True)
    spec = SIGNUP_ACTIONS[action]
    if request.method == "POST":
        promoted = spec["service"](signup)
        messages.success(request, spec["done"] % {"name": signup.name})
        if promoted:
            messages.info(
                request,
                _("Moved from the waiting list: %(names)s.") % {"names": ", ".join(item.name for item in promoted)},
            )
        if signup.event_id:
            return redirect("event_attendees", signup.event_id)
        return redirect("event_signups:index")
    return TemplateResponse(
        request,
        "events/admin/signup_action.html",
        {
            "signup": signup,
            "page_title": spec["title"],
            "question": spec["question"] % {"name": signup.name},
            "submit": spec["title"],
            "back_url": reverse("event_signups:edit", args=[signup.pk]),
        },
    )


class SignUpViewSet(ModelViewSet):
    """Everyone signed up for events: staff can find, export and erase a person's sign-ups."""

    model = SignUp
    index_view_class = SignUpIndexView
    icon = "group"
    menu_label = _("Event sign-ups")
    menu_order = 310
    add_to_admin_menu = True
    edit_view_class = SignUpEditView
    list_display = ["name", "email", "event", "people", "status", "attended", "created_at"]
    filterset_class = SignUpFilterSet
    search_fields = ["name", "email"]
    list_export = ["name", "email", "phone", "event", "people", "status", "language", "attended", "created_at"]
    export_filename = "sign-ups"
    # Not status or people: those go through the capacity check (the action buttons).
    form_fields = ["name", "email", "phone", "attended"]
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["token"]  # the key of the person's cancel link

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("action/<int:pk>/<slug:action>/", signup_action_view, name="action"),
        ]


signup_viewset = SignUpViewSet("event_signups")


@hooks.register("register_admin_viewset")
def register_signup_viewset():
    return signup_viewset


# --- The page explorer under an events page ------------------------------------------------------------
#
# A city's events page has thousands of events below it. Wagtail's explorer lists them through this
# viewset (a PageViewSet of EventPage is used under the pages that allow only events below them): the
# event's start as a date and time (Wagtail's date column would say "just now" of any future date)
# instead of the page type (all are events), no "child pages" column (events have none), a filter by the
# start, and no permission subquery when the organiser's permissions cover the events page itself (all
# its events are theirs to explore then).

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}  # Wagtail's explorable_instances
START_LABEL = capfirst(EventPage._meta.get_field("start").verbose_name)


class EventExplorerFilterSet(PageFilterSet):
    start = django_filters.DateFromToRangeFilter(
        label=START_LABEL, widget=DateRangePickerWidget
    )

    class Meta:
        model = EventPage
        fields = []


class EventExplorerView(ExplorableIndexView):
    base_columns = [
        *(column for column in ExplorableIndexView.base_columns if column.name in ("bulk_actions", "title")),
        Column("start", label=START_LABEL, sort_key="start", width="16%",
               accessor=lambda page: date_format(timezone.localtime(page.start), "SHORT_DATETIME_FORMAT")),
        *(column for column in ExplorableIndexView.base_columns if column.name in ("latest_revision_created_at", "status")),
    ]

    @cached_property
    def explorable_columns(self):
        return self.columns

    def get_base_queryset(self):
        """Wagtail's, without the subquery of the pages the user may explore when that is all of them: their
        permissions cover the events page (or a page above it) and the listing stays below it."""
        covered = not self.is_searching_whole_tree and page_permission_policy.user_has_any_permission_for_instance(
            self.request.user, EXPLORE_ACTIONS, self.parent_page
        )
        if not covered:
            return super().get_base_queryset()
        pages = self.model._default_manager
        if self.is_searching or self.is_filtering:
            return self.annotate_queryset(pages.descendant_of(self.parent_page))
        return self.annotate_queryset(pages.child_of(self.parent_page))


class EventPageViewSet(PageViewSet):
    model = EventPage
    index_view_class = EventExplorerView
    filterset_class = EventExplorerFilterSet


@hooks.register("register_admin_viewset")
def register_event_page_viewset():
    return EventPageViewSet("event_pages")


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    include_waiting = forms.BooleanField(label=_("Also to the people on the waiting list"), required=False)


def attendees_view(request, page_id):
    if not request.user.has_perm("events.view_signup"):
        raise PermissionDenied
    page = EventPage.objects.filter(pk=page_id).first()
    if page is None:
        raise PermissionDenied
    signups = SignUp.objects.filter(event_key=page.translation_key, erased_at__isnull=True).select_related("event")
    can_change = request.user.has_perm("events.change_signup")
    message_form = MessageForm()
    if request.method == "POST" and can_change:
        if request.POST.get("action") == "attendance":
            # Only the people of the page that was sent ("shown"): the list is paginated.
            shown = {int(pk) for pk in request.POST.getlist("shown") if pk.isdigit()}
            present = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
            for signup in signups.filter(status=SignUp.Status.CONFIRMED, pk__in=shown):
                value = signup.pk in present
                if signup.attended != value:
                    signup.attended = value
                    signup.save(update_fields=["attended"])
            messages.success(request, _("Attendance saved."))
            return redirect(request.get_full_path())
        if request.POST.get("action") == "email" and request.user.has_perm("events.export_signup"):
            message_form = MessageForm(request.POST)
            if message_form.is_valid():
                count = services.email_attendees(page.translation_key, **message_form.cleaned_data)
                messages.success(request, _("The message was sent to %(count)s people.") % {"count": count})
                return redirect(request.path)
    counts = {
        row["status"]: row
        for row in signups.values("status").annotate(signups=Count("pk"), people=Sum("people"))
    }
    # A city's biggest event has tens of thousands of sign-ups: a page of them at a time, and the
    # waiting list's order read once (not once per waiting person).
    listing = Paginator(signups, ATTENDEES_PER_PAGE).get_page(request.GET.get("p"))  # "p": as Wagtail's
    queue = {}
    if any(signup.status == SignUp.Status.WAITING for signup in listing.object_list):
        queue = {pk: place for place, pk in enumerate(
            SignUp.objects.waiting_queue(page.translation_key).values_list("pk", flat=True), start=1)}
    for signup in listing.object_list:
        signup.queue_place = queue.get(signup.pk)
    return TemplateResponse(
        request,
        "events/admin/attendees.html",
        {
            "page": page,
            "signups": listing,
            "elided_page_range": listing.paginator.get_elided_page_range(listing.number),
            "counts": counts,
            "confirmed_people": (counts.get("confirmed") or {}).get("people") or 0,
            "waiting_people": (counts.get("waiting") or {}).get("people") or 0,
            "message_form": message_form,
            "can_change": can_change,
            "can_email": request.user.has_perm("events.export_signup"),
            "can_export": request.user.has_perm("events.export_signup"),
            "export_url": reverse("event_signups:index") + f"?event={page.pk}",
        },
    )


def events_with_signup_view(request):
    """Every event that uses sign-up, one row per event: its page in the default language, else the
    language it exists in (a Swedish-only event is listed too), with counts and links to edit it."""
    if not request.user.has_perm("events.view_signup"):
        raise PermissionDenied
    show_past = request.GET.get("past") == "1"
    now = timezone.now()
    pages = EventPage.objects.filter(signup_enabled=True).select_related("locale")
    pages = pages.filter(start__lt=now).order_by("-start") if show_past else pages.filter(start__gte=now).order_by("start")
    by_key = {}
    for event in pages[:400]:
        chosen = by_key.get(event.translation_key)
        if chosen is None or (
            event.locale.language_code == settings.LANGUAGE_CODE and chosen.locale.language_code != settings.LANGUAGE_CODE
        ):
            by_key[event.translation_key] = event
    events = sorted(by_key.values(), key=lambda event: event.start, reverse=show_past)[:200]
    counts = {}
    for row in (
        SignUp.objects.filter(event_key__in=[event.translation_key for event in events])
        .values("event_key", "status")
        .annotate(people=Sum("people"))
    ):
        counts.setdefault(row["event_key"], {})[row["status"]] = row["people"]
    for event in events:
        event.confirmed_people = counts.get(event.translation_key, {}).get("confirmed", 0)
        event.waiting_people = counts.get(event.translation_key, {}).get("waiting", 0)
        event.can_edit = event.permissions_for_user(request.user).can_edit()
    index = EventIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    add_url = None
    if index is not None and index.permissions_for_user(request.user).can_add_subpage():
        add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    return TemplateResponse(
        request, "events/admin/events.html", {"events": events, "show_past": show_past, "add_url": add_url}
    )


@hooks.register("register_admin_urls")
def register_attendee_urls():
    return [
        path("events/<int:page_id>/attendees/", attendees_view, name="event_attendees"),
        path("events/with-signup/", events_with_signup_view, name="events_with_signup"),
    ]


class EventsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("events.view_signup")


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    return EventsMenuItem(_("Events with sign-up"), reverse("events_with_signup"), icon_name="date", order=305)


@hooks.register("register_page_listing_more_buttons")
def attendee_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("events.view_signup"):
        yield Button(_("Attendees"), url=reverse("event_attendees", args=[page.pk]), icon_name="group", priority=60)
