"""The admin's sign-in and password reset are throttled per client address, whatever the username or
email (issue 13, finding 11), and `check --deploy` warns when a proxy is announced but NUM_PROXIES is 0."""

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from kumppanuus.checks import check_proxy_addresses

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def sign_in(client, username, password="wrong password"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password, "next": "/admin/"})


def test_password_spraying_across_usernames_is_throttled_per_address(superuser, settings):
    settings.ADMIN_SIGN_IN_RATE_LIMIT = "3/10m"
    settings.AXES_FAILURE_LIMIT = 100  # the per-username lockout is not what stops this
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    statuses = [sign_in(attacker, username).status_code for username in ("aino", "bertil", "cecilia")]
    assert statuses == [200, 200, 200]
    throttled = sign_in(attacker, "admin", PASSWORD)  # even the right password of another username
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "600"
    # The staff member at another address is not affected: a throttle is per address, never per username.
    colleague = Client(REMOTE_ADDR="192.0.2.10")
    assert sign_in(colleague, "admin", PASSWORD).status_code == 302


def test_the_sign_in_page_itself_still_opens_while_throttled(settings):
    settings.ADMIN_SIGN_IN_RATE_LIMIT = "1/10m"
    client = Client(REMOTE_ADDR="198.51.100.9")
    sign_in(client, "aino")
    assert sign_in(client, "aino").status_code == 429
    assert client.get(reverse("wagtailadmin_login")).status_code == 200


def reset(client, email):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email})


def test_password_reset_requests_are_throttled_per_address(superuser, settings):
    settings.ADMIN_PASSWORD_RESET_RATE_LIMIT = "2/h"
    flooder = Client(REMOTE_ADDR="198.51.100.9")
    assert [reset(flooder, f"staff{n}@koivula.example").status_code for n in range(2)] == [302, 302]
    assert reset(flooder, superuser.email).status_code == 429
    assert not [message for message in mail.outbox if superuser.email in message.to]


def test_password_reset_requests_are_throttled_per_email_from_many_addresses(superuser, settings):
    settings.ADMIN_PASSWORD_RESET_RATE_LIMIT = "2/h"
    statuses = [reset(Client(REMOTE_ADDR=f"198.51.100.{n}"), superuser.email).status_code for n in range(1, 4)]
    assert statuses == [302, 302, 429]


def test_deploy_check_warns_when_a_proxy_is_announced_but_num_proxies_is_0(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.NUM_PROXIES = 0
    assert [warning.id for warning in check_proxy_addresses(None)] == ["kumppanuus.W001"]
    assert "kumppanuus.W001" in [message.id for message in run_checks(include_deployment_checks=True)]
    # Not among the ordinary checks: only `check --deploy` says it.
    assert "kumppanuus.W001" not in [message.id for message in run_checks()]


def test_deploy_check_is_quiet_with_num_proxies_or_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.NUM_PROXIES = 1
    assert check_proxy_addresses(None) == []
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.NUM_PROXIES = 0
    assert check_proxy_addresses(None) == []
