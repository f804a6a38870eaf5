"""The privacy registry is per module (issue 14): each module registers its own kinds in its privacy.py,
the privacy package knows none of them, and a kind a module registers is found, exported and erased
through the registry alone, inside the one transaction, with the shared matching (names in emails,
the audit log) working from what it found."""

import ast
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

import engagement.privacy
from engagement.events import services as event_services
from engagement.events.models import SignUp
from engagement.models import OutgoingEmail
from engagement.privacy import data, registry
from engagement.privacy.registry import Kind, admin_url, iso
from tests.factories.events import EventIndexPageFactory, EventPageFactory

MODULES = (
    "engagement.feedback", "engagement.proposals", "engagement.events", "engagement.directory", "engagement.consultations"
)
PACKAGE = Path(engagement.privacy.__file__).parent


def imported_names(path):
    """Every module a file imports (relative imports resolved), deferred ones included."""
    package = "engagement.privacy" + "".join(f".{part}" for part in path.parent.relative_to(PACKAGE).parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_the_privacy_package_imports_no_module():
    files = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "data.py" in files and PACKAGE / "management" / "commands" / "privacy_report.py" in files
    offending = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in files
        for name in imported_names(path)
        if any(name == module or name.startswith(f"{module}.") for module in MODULES)
    }
    assert offending == set()


def test_the_import_check_sees_relative_and_deferred_imports(tmp_path, monkeypatch):
    """The check above would notice `from ..events import services` inside a function."""
    sub = tmp_path / "management"
    sub.mkdir()
    (sub / "x.py").write_text("def f():\n    from ...events import services\n    import engagement.feedback.models\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert {"engagement.events", "engagement.events.services", "engagement.feedback.models"} <= imported_names(sub / "x.py")


def test_each_module_registers_its_own_kinds():
    owners = {kind.key: type(kind).__module__ for kind in registry.kinds()}
    assert owners == {
        "feedback": "engagement.feedback.privacy",
        "feedback_notes": "engagement.feedback.privacy",
        "proposals": "engagement.proposals.privacy",
        "supports": "engagement.proposals.privacy",
        "follows": "engagement.proposals.privacy",
        "signups": "engagement.events.privacy",
        "consultation_comments": "engagement.consultations.privacy",
        "associations": "engagement.directory.privacy",
        "submissions": "engagement.privacy.core",
        "emails": "engagement.privacy.core",
        "audit_log": "engagement.privacy.core",
    }
    keys = [kind.key for kind in registry.kinds()]
    related = [kind.key for kind in registry.kinds() if isinstance(kind, registry.RelatedKind)]
    assert keys[-len(related):] == related  # related kinds read the others' results, so they come last


def test_a_key_cannot_be_registered_by_two_kinds():
    class Impostor(Kind):
        key = "signups"

    with pytest.raises(ValueError, match="registered twice"):
        registry.register(Impostor)
    assert type(registry.by_key()["signups"]).__module__ == "engagement.events.privacy"


class StaffAccountKind(Kind):
    """What a new module would add: its own kind, registered from its own privacy.py."""

    key = "test_staff_accounts"
    order = 60
    label = "Staff accounts"
    erase_text = "Name and email are emptied."
    fields = {"auth.User": ("first_name", "last_name", "email")}

    def find(self, email):
        return list(get_user_model().objects.filter(email__iexact=email).order_by("pk"))

    def describe(self, obj):
        return obj.username, obj.date_joined, ""

    def export(self, obj):
        return {"id": obj.pk, "username": obj.username, "name": obj.get_full_name(), "email": obj.email,
                "joined": iso(obj.date_joined)}

    def identifiers(self, obj, email):
        return (obj.get_full_name(),)

    def erase(self, objects, email):
        return get_user_model().objects.filter(pk__in=[obj.pk for obj in objects]).update(
            first_name="", last_name="", email=""
        )

    def admin_url(self, obj, user):
        return admin_url("wagtailusers_users:edit", obj.pk)


@pytest.fixture
def staff_kind(monkeypatch):
    registry.kinds()  # every module's kinds first
    monkeypatch.setattr(registry, "_kinds", dict(registry._kinds))  # the test's own registry, undone after
    registry.register(StaffAccountKind)
    return registry.by_key()[StaffAccountKind.key]


@pytest.mark.django_db
def test_a_modules_kind_is_found_exported_and_erased_through_the_registry(staff_kind, monkeypatch):
    person = get_user_model().objects.create_user("aino", "Aino@Example.com", "x", first_name="Aino", last_name="Lehto")
    other = get_user_model().objects.create_user("muu", "x.aino@example.com", "x", first_name="Muu", last_name="Ihminen")
    # The shared kinds work from what the new kind found: an email that names the person (not by address)
    # to someone else, and the audit log of their account.
    email = OutgoingEmail.objects.create(to=["aino@example.com", "kirjaamo@koivula.example"],
                                         subject="Tunnukset", body_text="Hei Aino Lehto!", language="fi", template="t")
    log(person, "wagtail.edit", data={"changed": "Aino Lehto"})
    entry = ModelLogEntry.objects.filter(action="wagtail.edit").latest("pk")

    found = data.find(" AINO@example.com")
    assert [obj.pk for obj in found["test_staff_accounts"]] == [person.pk]
    assert [obj.pk for obj in found["emails"]] == [email.pk] and entry.pk in {e.pk for e in found["audit_log"]}
    assert list(found).index("test_staff_accounts") < list(found).index("emails")
    export = data.export_data("aino@example.com")
    assert export["test_staff_accounts"][0]["name"] == "Aino Lehto" and export["counts"]["test_staff_accounts"] == 1

    _found, erased = data.erase("aino@example.com")
    assert erased["test_staff_accounts"] == 1
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    other.refresh_from_db()
    assert (other.first_name, other.email) == ("Muu", "x.aino@example.com")
    email.refresh_from_db()
    assert email.to == ["kirjaamo@koivula.example"] and "Aino Lehto" not in email.body_text
    assert "Aino Lehto" not in json.dumps(ModelLogEntry.objects.get(pk=entry.pk).data)

    # One transaction across every kind: a later kind failing undoes the new kind's erasure too.
    person.first_name, person.email = "Aino", "aino@example.com"
    person.save()
    monkeypatch.setattr(registry.by_key()["audit_log"], "erase", lambda objects, email: 1 / 0)
    log(person, "wagtail.edit", data={"changed": "Aino Lehto"})
    with pytest.raises(ZeroDivisionError):
        data.erase("aino@example.com")
    person.refresh_from_db()
    assert person.email == "aino@example.com"


@pytest.mark.django_db
def test_erasure_gives_up_a_place_through_the_sign_up_service_without_emailing_the_person(home_fi, monkeypatch):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_fi), with_signup=True, capacity=1)
    mine = event_services.sign_up(event, name="Aino Lehto", email="aino@example.com", language="fi")
    waiting = event_services.sign_up(event, name="Muu Ihminen", email="muu@example.com", language="fi")
    assert waiting.status == SignUp.Status.WAITING
    calls = []
    cancel = event_services.cancel
    monkeypatch.setattr(event_services, "cancel", lambda signup, **kwargs: calls.append(kwargs) or cancel(signup, **kwargs))
    before = set(OutgoingEmail.objects.values_list("pk", flat=True))

    data.erase("aino@example.com")

    assert calls == [{"notify": False}]
    assert SignUp.objects.get(pk=waiting.pk).status == SignUp.Status.CONFIRMED
    mine = SignUp.objects.get(pk=mine.pk)
    assert mine.status == SignUp.Status.CANCELLED and mine.erased_at and mine.cancelled_at <= timezone.now()
    new = OutgoingEmail.objects.exclude(pk__in=before)
    assert [message.to for message in new] == [["muu@example.com"]]  # the promoted person is told, not Aino
