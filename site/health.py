"""Liveness and health: `/ping/` for the plainest check, `/health/` for load balancers and monitoring
(the database, the cache, the email outbox and the task queue). Wiring: it may look at every layer."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from engagement.models import OutgoingEmail
from engagement.ratelimit import client_address


def ping(request):
    """Liveness without touching the database or cache; also the benchmark's plain-Django floor."""
    return HttpResponse("ok", content_type="text/plain")


TASK_OVERDUE_MINUTES = 10


def overdue_tasks():
    """Tasks in the database queue (django-tasks-db) that were due over TASK_OVERDUE_MINUTES ago and
    are still waiting: a worker that stopped. Other task backends keep no queue to look at: 0."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks_db.models import DBTaskResult, get_date_max  # deferred: only with that task backend

    due_before = timezone.now() - timedelta(minutes=TASK_OVERDUE_MINUTES)
    return (
        DBTaskResult.objects.ready()
        .filter(Q(run_after=get_date_max(), enqueued_at__lte=due_before) | Q(run_after__lte=due_before))
        .count()
    )


def may_see_health_details(request):
    """The queue counts are for the operators: a request from this machine itself (not one a proxy on
    it passes on), or one with `Authorization: Bearer <HEALTH_TOKEN>`. Everyone else gets the status."""
    token = getattr(settings, "HEALTH_TOKEN", "")
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and constant_time_compare(given, f"Bearer {token}"):
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META and not settings.NUM_PROXIES:
        return False  # passed on by a proxy: the peer address is the proxy's, not the client's
    try:
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False


@never_cache
def health(request):
    """Report on the database, the cache and the task queue, for load balancers and monitoring.

    Anyone gets the status code and `status`; the checks only `may_see_health_details`."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        cache.set("health-check", "ok", 10)
        checks["cache"] = "ok" if cache.get("health-check") == "ok" else "error: read back failed"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"error: {error.__class__.__name__}"
    try:
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count()
        overdue = overdue_tasks()
        warnings = []
        if failed:
            warnings.append(f"{failed} email(s) failed")
        if overdue:
            warnings.append(f"{overdue} task(s) waiting over {TASK_OVERDUE_MINUTES} minutes: is the worker running?")
        checks["queue"] = "ok" if not warnings else "warning: " + "; ".join(warnings)
        checks["emails_waiting"] = waiting
        checks["tasks_overdue"] = overdue
    except Exception as error:  # noqa: BLE001
        checks["queue"] = f"error: {error.__class__.__name__}"
    healthy = all(not str(value).startswith("error") for value in checks.values())
    body = {"status": "ok" if healthy else "error"}
    if may_see_health_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)
