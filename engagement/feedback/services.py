"""What happens to feedback: receiving it, assigning, changing status, notes, answers and closing.
Each step writes a timeline event; emails go through the shared outbox, so a failing SMTP server loses nothing."""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from engagement.emails import absolute_url, compose_in_worker, kept, send_staff_email, send_templated_email

from .models import Feedback, FeedbackEvent

logger = logging.getLogger(__name__)


def _notify_addresses(topic):
    addresses = [topic.notify_email] if topic.notify_email else []
    addresses += [person.email for person in topic.contact_people.all() if person.email]
    if topic.handler_group_id:
        addresses += [user.email for user in topic.handler_group.user_set.filter(is_active=True) if user.email]
    return list(dict.fromkeys(addresses))


def receive_feedback(data, language, channel=Feedback.Channel.WEB, user=None):
    """Store the feedback and its first event, then queue the receipt and the notification."""
    topic = data["topic"]
    feedback = Feedback.objects.create(
        topic=topic,
        message=data["message"],
        place=data.get("place", ""),
        lat=data.get("lat"),
        long=data.get("long"),
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        wants_reply=data.get("wants_reply", False),
        publish_consent=data.get("publish_consent", False),
        language=language,
        channel=channel,
    )
    recorded(feedback, user)
    return feedback


def recorded(feedback, user=None):
    FeedbackEvent.objects.create(feedback=feedback, kind=FeedbackEvent.Kind.RECEIVED, status=feedback.status, user=user)
    # Its emails are composed by the task worker, queued with the feedback (engagement/emails.py).
    compose_in_worker(send_feedback_emails, feedback.pk)


@task()
def send_feedback_emails(feedback_id: int) -> bool:
    """The receipt and the staff notification of new feedback. The feedback is stored whatever happens
    to them: they go through the outbox, in a savepoint."""
    feedback = Feedback.objects.select_related("topic").filter(pk=feedback_id).first()
    if feedback is None:  # erased meanwhile
        return False
    with kept(f"the emails of feedback {feedback_id}"):
        send_receipt_and_notification(feedback)
        return True
    return False


def send_receipt_and_notification(feedback):
    """The feedback with its topic loaded."""
    if feedback.email:
        send_templated_email(
            to=[feedback.email],
            template="feedback/emails/receipt",
            context={"feedback": feedback, "topic": feedback.topic.localized_for(feedback.language),
                     "tracking_url": feedback.tracking_url()},
            language=feedback.language,
            receipt=True,
        )
    send_staff_email(
        to=_notify_addresses(feedback.topic),
        template="feedback/emails/new_feedback",
        context={
            "feedback": feedback,
            "admin_url": absolute_url(reverse("feedback_feedback:handle", args=[feedback.pk])),
        },
    )


def assign(feedback, user, by):
    feedback.assigned_to = user
    feedback.save(update_fields=["assigned_to", "updated_at"])
    FeedbackEvent.objects.create(
        feedback=feedback, kind=FeedbackEvent.Kind.ASSIGNED, text=user.get_full_name() or user.get_username() if user else "",
        user=by,
    )


def set_status(feedback, status, by):
    if status == feedback.status:
        return
    feedback.status = status
    feedback.save(update_fields=["status", "updated_at"])
    FeedbackEvent.objects.create(feedback=feedback, kind=FeedbackEvent.Kind.STATUS, status=status, user=by)


def add_note(feedback, text, by):
    FeedbackEvent.objects.create(feedback=feedback, kind=FeedbackEvent.Kind.NOTE, text=text, user=by)


def answer(feedback, text, by, publish=False, close=False):
    """Record the answer, email it to the resident in their language, and optionally publish and close."""
    now = timezone.now()
    with transaction.atomic():
        feedback.public_answer = text
        feedback.answer_published = publish and feedback.publish_consent
        feedback.status = Feedback.Status.ANSWERED
        if feedback.answered_at is None:
            feedback.answered_at = now
        feedback.save()
        FeedbackEvent.objects.create(
            feedback=feedback, kind=FeedbackEvent.Kind.ANSWER, status=feedback.status, text=text, user=by
        )
        if feedback.email:
            send_templated_email(
                to=[feedback.email],
                template="feedback/emails/answer",
                context={"feedback": feedback, "topic": feedback.topic.localized_for(feedback.language),
                         "tracking_url": feedback.tracking_url()},
                language=feedback.language,
            )
        if close:
            close_feedback(feedback, "", by)
    return feedback


def close_feedback(feedback, reason, by):
    if not feedback.public_answer and not reason:
        raise ValueError("Feedback closes only with an answer or a reason")
    feedback.status = Feedback.Status.CLOSED
    feedback.closing_reason = reason
    feedback.closed_at = timezone.now()
    feedback.save(update_fields=["status", "closing_reason", "closed_at", "updated_at"])
    FeedbackEvent.objects.create(
        feedback=feedback, kind=FeedbackEvent.Kind.CLOSED, status=feedback.status, text=reason, user=by
    )
