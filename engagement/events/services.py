"""Signing up, cancelling and promoting from the waiting list, and the emails each one sends.

Every decision about places runs in a transaction holding a lock on the event's EventSignupCounter row
(keyed on the translation_key, shared by the Finnish and Swedish pages), so confirmed places never
exceed the capacity even when many people sign up at the same moment.

An event may ask for confirmation by email (`signup_confirm_hours`): the sign-up holds its place (or its
turn on the waiting list) until `confirm_by`, and `release_unconfirmed` (cron) frees it after that if
the link in the email was not used, promoting the waiting list. One address signs up for one event at
most SIGNUP_MAX_PER_EMAIL times (cancelled ones included), so nobody cycles places.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from engagement.emails import absolute_url, compose_in_worker, kept, send_templated_email
from home.caching import locale_id_for

from . import feeds
from .models import EventSignupCounter, SignUp, SignupState

logger = logging.getLogger(__name__)


class SignUpRefused(Exception):
    """The event is full without a waiting list, or sign-up is not open."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class AlreadySignedUp(Exception):
    def __init__(self, signup):
        super().__init__("already signed up")
        self.signup = signup


def _lock(event_key):
    """Lock the event's counter row (made on first use): one sign-up at a time decides its places."""
    locked = EventSignupCounter.objects.select_for_update().filter(event_key=event_key).first()
    if locked is not None:
        return locked  # one query, as nearly always: the lock is held until the transaction ends
    EventSignupCounter.objects.get_or_create(event_key=event_key)
    return EventSignupCounter.objects.select_for_update().get(event_key=event_key)


def cancel_url(signup):
    with translation.override(signup.language):
        path = reverse("events:cancel", args=[signup.token])
    return absolute_url(path)


def confirm_url(signup):
    with translation.override(signup.language):
        path = reverse("events:confirm", args=[signup.token])
    return absolute_url(path)


def event_for_language(signup):
    """The page of the event in the language the person used (fallback: the page they signed up on)."""
    page = signup.event
    if page is None:
        return None
    locale_id = locale_id_for(signup.language)
    if locale_id and page.locale_id != locale_id:
        page = page.get_translation_or_none(locale_id) or page
    return page.specific


def send_signup_email(signup, template, receipt=False):
    page = event_for_language(signup)
    if page is None:
        return None
    attachments = []
    if signup.status == SignUp.Status.CONFIRMED and template not in ("cancelled", "confirm_email"):
        attachments.append(("event.ics", feeds.event_ics(page, include_online_link=True), "text/calendar"))
    with translation.override(signup.language):
        page_url = absolute_url(page.get_url())
    return send_templated_email(
        to=[signup.email],
        template=f"events/emails/{template}",
        context={
            "signup": signup, "event": page, "page_url": page_url, "cancel_url": cancel_url(signup),
            "confirm_url": confirm_url(signup),
        },
        language=signup.language,
        attachments=attachments,
        receipt=receipt,
    )


def send_signup_email_kept(signup, template, receipt=False):
    """The email of a sign-up, a confirmation, a promotion or a cancellation, composed by the task
    worker (queued with the change, engagement/emails.py `compose_in_worker`). The change it tells about
    is kept whatever happens to the email."""
    compose_in_worker(send_signup_email_task, signup.pk, template, receipt)


@task()
def send_signup_email_task(signup_id: int, template: str, receipt: bool = False) -> bool:
    """`send_signup_email` in a savepoint, in the task worker; an error is logged."""
    signup = SignUp.objects.select_related("event").filter(pk=signup_id).first()
    if signup is None:
        return False
    with kept(f"the {template} email of sign-up {signup_id}"):
        return send_signup_email(signup, template, receipt=receipt) is not None
    return False


def sign_up(page, *, name, email, people=1, answers=(), phone="", language="fi", now=None):
    """Sign someone up for `page`'s event. Returns the SignUp (confirmed or waiting).

    Raises SignUpRefused or AlreadySignedUp.
    """
    now = now or timezone.now()
    state = page.signup_state(now)
    if state != SignupState.OPEN:
        raise SignUpRefused(state)
    email = email.strip().lower()
    with transaction.atomic():
        _lock(page.translation_key)
        # The queries below run while the event is locked, so as few as can be: each waits its turn
        # on a busy server, and every other sign-up to the event waits for them.
        places = SignUp.objects.places_and_address(page.translation_key, email)
        if places["active_of_address"]:
            raise AlreadySignedUp(_signup_of_address(page.translation_key, email))
        if places["of_address"] >= settings.SIGNUP_MAX_PER_EMAIL:
            raise SignUpRefused("too_many")
        status, waiting_before = SignUp.Status.CONFIRMED, None
        if page.capacity is not None:
            if people > page.capacity - places["confirmed_people"] or places["waiting"]:
                if not page.waiting_list:
                    raise SignUpRefused("full")
                status, waiting_before = SignUp.Status.WAITING, places["waiting"]
        try:
            with transaction.atomic():
                signup = SignUp.objects.create(
                    event_key=page.translation_key,
                    event=page,
                    name=name,
                    email=email,
                    phone=phone,
                    people=people,
                    answers=list(answers),
                    language=language,
                    status=status,
                    event_ends_at=page.ends_at,
                    confirm_by=now + timedelta(hours=page.signup_confirm_hours) if page.signup_confirm_hours else None,
                )
        except IntegrityError as error:
            existing = _signup_of_address(page.translation_key, email)
            if existing:
                raise AlreadySignedUp(existing) from error
            raise
        if waiting_before is not None:
            signup.queued_at_position = waiting_before + 1  # the last in the queue: counted above, under the lock
        send_signup_email_kept(signup, receipt_template(signup), receipt=True)
    return signup


def _signup_of_address(event_key, email):
    """The sign-up of `email` to the event that is not cancelled or erased, if any."""
    active = SignUp.objects.filter(event_key=event_key, email__iexact=email, erased_at__isnull=True)
    return active.exclude(status=SignUp.Status.CANCELLED).first()


def receipt_template(signup):
    """The email after signing up: the request to confirm the address first, when the event asks for it."""
    if signup.awaits_email_confirmation:
        return "confirm_email"
    return "confirmed" if signup.status == SignUp.Status.CONFIRMED else "waiting"


def confirm_email(signup, now=None):
    """The person used the link in their email in time. Returns (result, signup): result is "confirmed",
    "already" or "expired" (too late: the place was or is about to be released)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(signup.event_key)
        signup = SignUp.objects.get(pk=signup.pk)
        if signup.confirm_by is None or signup.email_confirmed_at is not None:
            return "already", signup
        if signup.status == SignUp.Status.CANCELLED or now >= signup.confirm_by:
            return "expired", signup
        signup.email_confirmed_at = now
        signup.save(update_fields=["email_confirmed_at"])
        send_signup_email_kept(signup, receipt_template(signup))
    return "confirmed", signup


def release_unconfirmed(now=None):
    """Cancel sign-ups not confirmed by their deadline and give their places to the waiting list.
    Waiting ones go first, so that nobody unconfirmed is promoted into a freed place. Safe to run twice."""
    now = now or timezone.now()
    overdue = SignUp.objects.filter(confirm_by__lte=now, email_confirmed_at__isnull=True).exclude(
        status=SignUp.Status.CANCELLED
    )
    released = 0
    for status in (SignUp.Status.WAITING, SignUp.Status.CONFIRMED):
        for signup_id, event_key in overdue.filter(status=status).values_list("pk", "event_key"):
            with transaction.atomic():
                _lock(event_key)
                signup = overdue.filter(pk=signup_id).select_related("event").first()
                if signup is None:
                    continue  # confirmed or cancelled meanwhile
                was_confirmed = signup.status == SignUp.Status.CONFIRMED
                signup.status = SignUp.Status.CANCELLED
                signup.cancelled_at = now
                signup.save(update_fields=["status", "cancelled_at"])
                released += 1
                page = signup.event.specific if signup.event is not None else None
                if was_confirmed and page is not None and not page.is_past:
                    promote_waiting(event_key, page.capacity)
    return released


def promote_waiting(event_key, capacity):
    """Move people from the waiting list, first come first served, while they fit. Call under the lock."""
    promoted = []
    free = None if capacity is None else capacity - SignUp.objects.confirmed_people(event_key)
    for waiting in SignUp.objects.waiting_queue(event_key):
        if free is not None and waiting.people > free:
            break  # keep the order: nobody jumps the queue
        waiting.status = SignUp.Status.CONFIRMED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at"])
        promoted.append(waiting)
        if free is not None:
            free -= waiting.people
    for signup in promoted:
        send_signup_email_kept(signup, "promoted")
    return promoted


def cancel(signup, notify=True):
    """Cancel a sign-up (idempotent) and promote from the waiting list. Returns the promoted sign-ups.

    `notify=False` sends the person no email (erasure on request: they asked for it, and their address is
    about to go); the people promoted from the waiting list are emailed all the same."""
    with transaction.atomic():
        _lock(signup.event_key)
        signup = SignUp.objects.get(pk=signup.pk)
        if signup.status == SignUp.Status.CANCELLED:
            return []
        was_confirmed = signup.status == SignUp.Status.CONFIRMED
        signup.status = SignUp.Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        if notify:
            send_signup_email_kept(signup, "cancelled")
        page = signup.event
        if was_confirmed and page is not None and not page.specific.is_past:
            return promote_waiting(signup.event_key, page.specific.capacity)
    return []


def move_to_waiting_list(signup):
    """Staff move a confirmed person to the end of the waiting list (emailed), and the freed places go
    to the waiting list in order. Returns the promoted sign-ups."""
    with transaction.atomic():
        _lock(signup.event_key)
        signup = SignUp.objects.get(pk=signup.pk)
        if signup.status != SignUp.Status.CONFIRMED:
            return []
        signup.status = SignUp.Status.WAITING
        signup.waiting_since = timezone.now()
        signup.save(update_fields=["status", "waiting_since"])
        send_signup_email_kept(signup, "waiting")
        page = signup.event
        if page is not None and not page.specific.is_past:
            return promote_waiting(signup.event_key, page.specific.capacity)
    return []


def event_published(page):
    """After an event is published: places a raised capacity freed go to the waiting list at once."""
    if not page.signup_enabled or page.is_cancelled or page.is_past:
        return []
    with transaction.atomic():
        _lock(page.translation_key)
        return promote_waiting(page.translation_key, page.capacity)


def on_event_published(sender, instance, **kwargs):
    event_published(instance)


def send_reminders(now=None):
    """Remind confirmed people of tomorrow's events. Each sign-up is reminded at most once."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    # By name: the page type is defined in pages.py, which uses this module.
    event_pages = apps.get_model("events", "EventPage").objects
    keys = set(event_pages.live().starting_on(tomorrow).with_signup().values_list("translation_key", flat=True))
    sent = 0
    for signup_id in SignUp.objects.filter(
        event_key__in=keys, status=SignUp.Status.CONFIRMED, reminded_at__isnull=True, erased_at__isnull=True
    ).exclude(confirm_by__isnull=False, email_confirmed_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            # Claim the row first: a second cron run (even a concurrent one) skips it.
            signup = (
                SignUp.objects.select_for_update(skip_locked=True)
                .filter(pk=signup_id, reminded_at__isnull=True).first()
            )
            if signup is None:
                continue
            signup.reminded_at = now
            signup.save(update_fields=["reminded_at"])
            send_signup_email(signup, "reminder")
            sent += 1
    return sent


def email_attendees(event_key, *, subject, message, include_waiting=False):
    """Send an organiser's message to everyone signed up (e.g. about a cancellation)."""
    statuses = [SignUp.Status.CONFIRMED] + ([SignUp.Status.WAITING] if include_waiting else [])
    count = 0
    for signup in SignUp.objects.filter(event_key=event_key, status__in=statuses, erased_at__isnull=True):
        page = event_for_language(signup)
        send_templated_email(
            to=[signup.email],
            template="events/emails/message",
            context={
                "signup": signup, "event": page, "subject": subject, "message": message,
                "cancel_url": cancel_url(signup),
            },
            language=signup.language,
        )
        count += 1
    return count
