"""Background tasks shared by every module."""

import logging

from django_tasks import task

from .delivery import Result, deliver
from .models import OutgoingEmail

logger = logging.getLogger(__name__)


@task()
def deliver_email(email_id: int) -> str:
    """Send one stored email; a failure is recorded on the email, and the task queues itself again for
    when the retry is due (where the queue can defer tasks; `send_pending_emails` retries in any case)."""
    result = deliver(email_id)
    if result == Result.FAILED:
        retry_later(email_id)
    return result


def retry_later(email_id):
    email = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).first()
    if email is None or not deliver_email.get_backend().supports_defer:
        return
    try:
        deliver_email.using(run_after=email.next_attempt_at).enqueue(email_id)
    except Exception:  # noqa: BLE001 - the outbox row is the safety net: cron still finds it
        logger.exception("Could not queue the retry of email %s", email_id)
