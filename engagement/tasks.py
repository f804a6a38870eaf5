"""Background tasks shared by every module."""

from django_tasks import task

from .emails import deliver


@task()
def deliver_email(email_id: int) -> str:
    """Send one stored email; failures are recorded on the email and retried later."""
    return deliver(email_id)
