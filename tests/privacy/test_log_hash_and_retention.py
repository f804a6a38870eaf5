"""The privacy log keeps a keyed hash of the address, not one anyone can recompute, and only for
PRIVACY_LOG_RETENTION_DAYS (issue 13, finding 14)."""

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from engagement.privacy import data
from engagement.privacy.log import record
from engagement.privacy.models import PrivacyLogEntry
from engagement.retention import policies

from .conftest import PERSON

pytestmark = pytest.mark.django_db


def test_the_hash_is_keyed_and_cannot_be_recomputed_from_a_guess(settings):
    plain = hashlib.sha256(PERSON.encode()).hexdigest()
    keyed = data.email_hash(PERSON)
    assert keyed != plain and len(keyed) == 64
    assert data.email_hash(" Aino.Virtanen@EXAMPLE.com ") == keyed  # the same normalised address
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert data.email_hash(PERSON) != keyed  # the key is in it
    settings.PRIVACY_HASH_KEY = "a-key-of-its-own"
    first = data.email_hash(PERSON)
    settings.SECRET_KEY = "yet-another-secret-key-" + "y" * 40
    assert data.email_hash(PERSON) == first  # PRIVACY_HASH_KEY survives a change of SECRET_KEY


def test_search_still_finds_earlier_entries_by_the_address(client, officer, world):
    legacy = PrivacyLogEntry.objects.create(
        username="vanha", action="search", email_hash=hashlib.sha256(PERSON.encode()).hexdigest(), counts={}
    )
    client.force_login(officer)
    client.post("/admin/privacy/", {"email": PERSON})
    html = client.post("/admin/privacy/", {"email": PERSON.upper()}).content.decode()
    assert "vanha" in html  # the entry written with the plain hash, until retention removes it
    assert PrivacyLogEntry.objects.filter(email_hash=data.email_hash(PERSON)).count() == 2
    assert legacy.pk


def test_the_log_is_kept_for_its_retention_period_then_deleted_with_its_audit_lines(officer, settings):
    settings.PRIVACY_LOG_RETENTION_DAYS = 30
    assert "privacy-log" in policies()
    old = record(officer, PrivacyLogEntry.Action.SEARCH, PERSON, {"feedback": 1})
    recent = record(officer, PrivacyLogEntry.Action.ERASE, PERSON, {"feedback": 1})
    PrivacyLogEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert ModelLogEntry.objects.filter(action__startswith="privacy.").count() == 2
    call_command("apply_retention", "--only", "privacy-log")
    call_command("apply_retention", "--only", "privacy-log")  # safe to run twice
    assert list(PrivacyLogEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert list(ModelLogEntry.objects.filter(action__startswith="privacy.").values_list("object_id", flat=True)) == [
        str(recent.pk)
    ]
