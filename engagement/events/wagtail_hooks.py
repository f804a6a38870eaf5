"""Events in the Wagtail admin: categories as snippets, sign-ups (search, filters, CSV/XLSX export) and
an attendee page per event for organisers: counts, marking attendance, emailing everyone."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from engagement.admin_exports import ExportCheckedIndexView

from . import services
from .models import EventCategory, EventPage, SignUp


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    menu_label = _("Event categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = False


register_snippet(EventCategoryViewSet)


class SignUpViewSet(ModelViewSet):
    """Everyone signed up for events: staff can find, export and erase a person's sign-ups."""

    model = SignUp
    index_view_class = ExportCheckedIndexView
    icon = "group"
    menu_label = _("Event sign-ups")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "email", "event", "people", "status", "attended", "created_at"]
    list_filter = ["status", "language", "attended", "event"]
    search_fields = ["name", "email"]
    list_export = ["name", "email", "phone", "event", "people", "status", "language", "attended", "created_at"]
    export_filename = "sign-ups"
    form_fields = ["name", "email", "phone", "people", "status", "attended"]
    inspect_view_enabled = True


signup_viewset = SignUpViewSet("event_signups")


@hooks.register("register_admin_viewset")
def register_signup_viewset():
    return signup_viewset


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
            present = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
            for signup in signups.filter(status=SignUp.Status.CONFIRMED):
                value = signup.pk in present
                if signup.attended != value:
                    signup.attended = value
                    signup.save(update_fields=["attended"])
            messages.success(request, _("Attendance saved."))
            return redirect(request.path)
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
    return TemplateResponse(
        request,
        "events/admin/attendees.html",
        {
            "page": page,
            "signups": signups,
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
    """Every event that uses sign-up (one row per event, whichever language), with counts."""
    if not request.user.has_perm("events.view_signup"):
        raise PermissionDenied
    show_past = request.GET.get("past") == "1"
    now = timezone.now()
    events = EventPage.objects.filter(signup_enabled=True, locale__language_code=settings.LANGUAGE_CODE)
    events = events.filter(start__lt=now).order_by("-start") if show_past else events.filter(start__gte=now).order_by("start")
    events = list(events[:200])
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
    return TemplateResponse(request, "events/admin/events.html", {"events": events, "show_past": show_past})


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
