"""The dependency audit (scripts/audit.py): a known vulnerability fails CI; an unreachable vulnerability
service only warns. pip-audit itself is not run here (it needs the network); its JSON report is."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(*dependencies):
    return {"dependencies": list(dependencies), "fixes": []}


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "django", "version": "5.2.1",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "aliases": [], "description": "…"}],
}
SKIPPED = {"name": "anyascii", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def test_a_vulnerable_package_fails_with_the_advisory(audit):
    code, lines = audit.judge(report(CLEAN, VULNERABLE))
    assert code == 1
    assert "VULNERABLE: django 5.2.1: PYSEC-2025-1 (fixed in: 5.2.2)" in lines


def test_clean_packages_pass_and_skipped_ones_are_reported(audit):
    code, lines = audit.judge(report(CLEAN, SKIPPED))
    assert code == 0
    assert any("1 of 2 packages could not be audited" in line for line in lines)
    assert any("1 packages audited, no known vulnerabilities" in line for line in lines)


def test_no_reachable_service_warns_and_passes(audit, monkeypatch, capsys):
    monkeypatch.setattr(audit, "ensure_tool", lambda: Path("/bin/true"))
    answers = {"pypi": report(SKIPPED), "osv": None}
    monkeypatch.setattr(audit, "run", lambda tool, service: answers[service])
    assert audit.main() == 0
    out = capsys.readouterr().out
    assert "pypi vulnerability service answered for no package" in out
    assert "osv vulnerability service could not be reached" in out
    assert "nothing was audited" in out


def test_the_second_service_is_used_when_the_first_fails(audit, monkeypatch, capsys):
    monkeypatch.setattr(audit, "ensure_tool", lambda: Path("/bin/true"))
    answers = {"pypi": None, "osv": report(VULNERABLE)}
    monkeypatch.setattr(audit, "run", lambda tool, service: answers[service])
    assert audit.main() == 1
    assert "PYSEC-2025-1" in capsys.readouterr().out


def test_every_pinned_package_is_in_the_audited_lock_file():
    """The audit reads requirements.lock: every line there is an exact pin pip-audit can look up."""
    lines = [line for line in (SCRIPT.parents[1] / "requirements.lock").read_text().splitlines() if line.strip()]
    assert lines and all("==" in line and not line.startswith("-") for line in lines)


# --- Visible warnings and patch releases of Django and Wagtail (issue 13) -----------------------------------


def test_warnings_are_annotations_on_github_actions(audit, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    audit.warn("the osv vulnerability service could not be reached")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("WARNING: dependency audit:")
    assert out[1] == "::warning title=Dependency audit::the osv vulnerability service could not be reached"


def test_the_test_command_repeats_the_warnings_at_the_end():
    script = (SCRIPT.parent / "test.sh").read_text()
    assert "scripts/audit.py > var/audit.log" in script and "cat var/audit.log" in script
    assert "trap finish EXIT" in script and "grep '^WARNING:' var/audit.log" in script
    finish = script.split("finish() {", 1)[1].split("\n}", 1)[0]
    assert "audit_report" in finish and "repeat_warnings" in finish


def test_a_newer_patch_release_of_django_or_wagtail_warns(audit, capsys):
    versions = {"django": ["6.0", "5.2.21", "5.2.20", "5.2.19", "5.1.15"], "wagtail": ["8.0.1", "7.4.4", "7.4rc1"]}
    warnings = audit.check_patch_releases(lookup=versions.get, pins={"django": "5.2.19", "wagtail": "7.4.4"})
    assert warnings == ["django 5.2.21 is out; requirements.lock pins 5.2.19: update the lock"]
    assert "WARNING: dependency audit: django 5.2.21 is out" in capsys.readouterr().out


def test_an_unreachable_index_warns_and_the_audit_still_passes(audit, monkeypatch, capsys):
    monkeypatch.setattr(audit, "available_versions", lambda name: None)
    monkeypatch.setattr(audit, "ensure_tool", lambda: Path("/bin/true"))
    monkeypatch.setattr(audit, "run", lambda tool, service: report(CLEAN))
    assert audit.main() == 0
    out = capsys.readouterr().out
    assert "WARNING: dependency audit: could not ask the package index for the latest django 5.2.x" in out


def test_the_lock_pins_the_series_the_project_is_on(audit):
    pins = audit.pinned_versions()
    for name, series in audit.TRACKED_SERIES.items():
        assert pins[name].startswith(series + "."), (name, pins[name])
