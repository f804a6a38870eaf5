"""manage.py privacy_report: the same find, export and erase, logged under the operator's name."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from engagement.privacy import data
from engagement.privacy.models import PrivacyLogEntry

from .conftest import PERSON

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("privacy_report", *args, stdout=out)
    return out.getvalue()


def test_report_export_and_erase_are_logged(officer, world, tmp_path):
    before = data.counts(data.find(PERSON))
    output = run("--email", PERSON.upper(), "--operator", officer.username)
    assert f"feedback: {before['feedback']}" in output
    target = tmp_path / "out.json"
    run("--email", PERSON, "--operator", officer.username, "--export", str(target))
    export = json.loads(target.read_text(encoding="utf-8"))
    assert export["counts"] == before
    output = run("--email", PERSON, "--operator", officer.username, "--erase")
    assert "Nothing erased" in output and data.counts(data.find(PERSON)) == before
    run("--email", PERSON, "--operator", officer.username, "--erase", "--yes")
    assert sum(data.counts(data.find(PERSON)).values()) == 0
    entries = list(PrivacyLogEntry.objects.order_by("pk"))
    assert [entry.action for entry in entries] == ["search", "search", "export", "search", "search", "erase"]
    assert {(entry.user, entry.via, entry.email_hash) for entry in entries} == {(officer, "command", data.email_hash(PERSON))}
    assert entries[-1].counts == before


def test_operator_must_have_the_permission(staff_user_factory, world):
    moderator = staff_user_factory("Moderators")
    with pytest.raises(CommandError):
        run("--email", PERSON, "--operator", moderator.username, "--erase", "--yes")
    with pytest.raises(CommandError):
        run("--email", PERSON, "--operator", "nobody")
    assert data.find(PERSON)["feedback"]
    assert not PrivacyLogEntry.objects.exists()
