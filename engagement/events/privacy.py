"""Events' personal data for the privacy tools (engagement/privacy/): sign-ups.

A place in an event still to come is given up first, through the sign-up service
(`services.cancel(signup, notify=False)`: the waiting list moves up in order, under the event's lock,
and nobody emails the person); then name, email, phone and answers are erased (the retention policy
"event-signup-personal-data"); the row stays so that past attendance figures do not change.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.privacy.registry import Kind, iso, register

from . import services
from .models import SignUp
from .retention import SignUpPersonalData


@register
class SignUpKind(Kind):
    key = "signups"
    order = 30
    label = _("Event sign-ups")
    erase_text = _(
        "A place in an event still to come is given up first and the waiting list moves up. Then name, "
        "email, phone and answers are erased; the number of people stays in the figures."
    )
    fields = {"events.SignUp": ("name", "email", "phone", "answers")}
    admin_view = ("event_signups:inspect", "events.view_signup")

    def identifiers(self, obj, email):
        return (obj.name, obj.phone)

    def find(self, email):
        return list(SignUp.objects.filter(email__iexact=email).select_related("event").order_by("created_at", "pk"))

    def describe(self, obj):
        return (obj.event.title if obj.event else _("(deleted event)")), obj.created_at, obj.language

    def export(self, obj):
        return {
            "id": obj.pk,
            "created_at": iso(obj.created_at),
            "language": obj.language,
            "event": {"id": obj.event_id, "title": obj.event.title if obj.event else None,
                      "start": iso(obj.event.start) if obj.event else None},
            "name": obj.name,
            "email": obj.email,
            "phone": obj.phone,
            "people": obj.people,
            "answers": obj.answers,
            "status": obj.status,
            "promoted_at": iso(obj.promoted_at),
            "cancelled_at": iso(obj.cancelled_at),
            "reminded_at": iso(obj.reminded_at),
            "attended": obj.attended,
        }

    def erase(self, objects, email):
        now = timezone.now()
        for signup in objects:
            still_to_come = not (signup.event_ends_at and signup.event_ends_at < now)
            if signup.status != SignUp.Status.CANCELLED and still_to_come:
                services.cancel(signup, notify=False)
        return SignUpPersonalData().erase(SignUp.objects.filter(pk__in=[obj.pk for obj in objects]))
