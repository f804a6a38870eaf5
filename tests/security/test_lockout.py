"""Admin sign-in lockout (django-axes through kumppanuus.security): the real sign-in form at /admin/login/
is blocked for one username from one address after AXES_FAILURE_LIMIT failures, with a clear message in
the person's language; other addresses and usernames are unaffected, success clears the count, and the
attempts live in the database so every app server sees them."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone, translation

from kumppanuus.security import lockout_message

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the superuser fixture's
MESSAGES = {
    "fi": "Liian monta epäonnistunutta kirjautumisyritystä",
    "sv": "För många misslyckade inloggningsförsök",
}


def sign_in(client, password, username="admin"):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def is_signed_in(client):
    return client.get("/admin/").status_code == 200


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_admin_sign_in_locks_after_repeated_failures_with_a_message(superuser, settings, language):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    statuses = [sign_in(client, "wrong password").status_code for _ in range(2)]
    assert statuses == [200, 200]
    locked = sign_in(client, "wrong password")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert MESSAGES[language] in html
    assert 'name="password"' in html  # the sign-in page itself, with the message above the form
    # Even the right password does not get in while the lockout lasts.
    again = sign_in(client, PASSWORD)
    assert again.status_code == 429 and MESSAGES[language] in again.content.decode()
    assert not is_signed_in(client)
    assert AccessAttempt.objects.filter(username="admin").exists()  # in the database: every app server agrees


def test_the_message_in_english_and_the_cool_off_time(settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    with translation.override("en"):
        assert lockout_message().startswith("Too many failed sign-in attempts.")
        assert "15 minutes" in lockout_message()
    with translation.override("fi"):
        assert "15 minuutiksi" in lockout_message()
    with translation.override("sv"):
        assert "15 minuter" in lockout_message()


def test_the_lockout_is_per_username_and_address(superuser, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_superuser("toinen", "toinen@koivula.example", PASSWORD)
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(3):
        response = sign_in(attacker, "wrong password")
    assert response.status_code == 429
    # The same username from another address (the real admin at the town hall) still signs in.
    colleague = Client(REMOTE_ADDR="192.0.2.10")
    assert sign_in(colleague, PASSWORD).status_code == 302 and is_signed_in(colleague)
    # Another username from the attacker's address is not blocked either.
    assert sign_in(attacker, PASSWORD, username="toinen").status_code == 302


def test_a_successful_sign_in_clears_the_failures(superuser, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        assert sign_in(client, "wrong password").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert sign_in(client, "wrong password").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(superuser, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    sign_in(client, "wrong password")
    assert sign_in(client, "wrong password").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert sign_in(client, PASSWORD).status_code == 302


def test_sign_ins_without_a_request_still_work(superuser, client):
    """The test client's login() and scripts call authenticate() without a request; they are not counted."""
    assert client.login(username="admin", password=PASSWORD)
    assert not client.login(username="admin", password="wrong password")


def test_the_sign_in_of_private_pages_is_locked_too(superuser, settings, home_fi):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    statuses = [
        client.post("/fi/_util/login/", {"username": "admin", "password": "wrong"}).status_code for _ in range(2)
    ]
    assert statuses[-1] == 429
    assert MESSAGES["fi"] in client.post("/fi/_util/login/", {"username": "admin", "password": "x"}).content.decode()


def test_failed_attempts_are_erased_by_the_retention_job_and_sign_ins_are_not_logged(superuser, settings):
    from io import StringIO

    from axes.models import AccessLog
    from django.core.management import call_command

    client = Client()
    sign_in(client, "wrong password")
    old = AccessAttempt.objects.get()
    sign_in(Client(REMOTE_ADDR="192.0.2.44"), "wrong password")
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - timedelta(days=settings.SIGN_IN_ATTEMPT_RETENTION_DAYS + 1)
    )
    call_command("apply_retention", "--only", "sign-in-attempts", stdout=StringIO())
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.44"]
    assert sign_in(client, PASSWORD).status_code == 302
    assert not AccessLog.objects.exists()
