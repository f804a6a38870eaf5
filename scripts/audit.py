#!/usr/bin/env python
"""Dependency audit: every package pinned in requirements.lock against the known vulnerabilities.

    python scripts/audit.py          # scripts/test.sh runs it among the checks

pip-audit (pinned in requirements-audit.lock) runs from its own virtualenv under var/, so the audit
tool's dependencies never mix with the app's. It asks PyPI's vulnerability data first and OSV second.

- A known vulnerability in a pinned package fails (exit 1), with the advisory and the fixed versions.
- When no vulnerability service can be reached (or it answers for no package), the audit warns and
  passes: the network is not the project's fault, and CI must not turn red for it.
- Django and Wagtail must be at the latest patch release of their series (security fixes come as
  patch releases): a newer one on the package index is a warning to update requirements.lock.

Every warning is a line starting "WARNING:" on standard output (and a `::warning::` annotation on
GitHub Actions); scripts/test.sh repeats them at the end of the run, so that they are not lost above
the test output.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
TOOL_LOCK = ROOT / "requirements-audit.lock"
TOOL_VENV = ROOT / "var" / "audit-venv"
SERVICES = ("pypi", "osv")
TIMEOUT = 300
# Packages whose patch releases the lock must follow: name -> the series the project is on.
TRACKED_SERIES = {"django": "5.2", "wagtail": "7.4"}


def warn(text):
    print(f"WARNING: dependency audit: {text}", flush=True)
    if os.environ.get("GITHUB_ACTIONS"):
        print(f"::warning title=Dependency audit::{text}", flush=True)


def version_key(version):
    return tuple(int(part) for part in re.findall(r"\d+", version))


def pinned_versions(lock=LOCK):
    pins = {}
    for line in lock.read_text().splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = version.split(";")[0].strip()
    return pins


def available_versions(name):
    """The versions of `name` on the configured package index, or None when it cannot be asked."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "index", "versions", name, "--disable-pip-version-check"],
            timeout=120, capture_output=True, text=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"Available versions: (.+)", result.stdout)
    return [part.strip() for part in found.group(1).split(",")] if found else None


def check_patch_releases(lookup=None, pins=None):
    """Warn when a tracked package has a newer patch release than the lock pins. Returns the warnings."""
    lookup = lookup or available_versions
    pins = pinned_versions() if pins is None else pins
    warnings = []
    for name, series in TRACKED_SERIES.items():
        pinned = pins.get(name)
        if pinned is None:
            warnings.append(f"{name} is not pinned in requirements.lock")
            continue
        versions = lookup(name)
        if versions is None:
            warnings.append(f"could not ask the package index for the latest {name} {series}.x")
            continue
        in_series = [v for v in versions if v == series or v.startswith(series + ".")]
        in_series = [v for v in in_series if re.fullmatch(r"[\d.]+", v)]  # no pre-releases
        latest = max(in_series, key=version_key, default=None)
        if latest and version_key(latest) > version_key(pinned):
            warnings.append(f"{name} {latest} is out; requirements.lock pins {pinned}: update the lock")
    for text in warnings:
        warn(text)
    return warnings


def ensure_tool():
    """The pip-audit executable, installed on first use; None if it cannot be installed."""
    tool = TOOL_VENV / "bin" / "pip-audit"
    if tool.exists():
        return tool
    try:
        venv.create(TOOL_VENV, with_pip=True, clear=True)
        subprocess.run(
            [str(TOOL_VENV / "bin" / "pip"), "install", "--quiet", "-r", str(TOOL_LOCK)],
            check=True, timeout=TIMEOUT, capture_output=True, text=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        warn(f"could not install pip-audit ({error.__class__.__name__})")
        return None
    return tool if tool.exists() else None


def run(tool, service):
    """pip-audit's JSON report from `service`, or None when it could not ask the service."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        command = [
            str(tool), "--requirement", str(LOCK), "--no-deps", "--disable-pip", "--progress-spinner", "off",
            "--vulnerability-service", service, "--timeout", "20", "--format", "json", "--output", str(output),
        ]
        try:
            subprocess.run(command, timeout=TIMEOUT, capture_output=True, text=True)
        except subprocess.SubprocessError:
            return None
        if not output.exists():
            return None
        return json.loads(output.read_text())


def judge(report):
    """(exit code, lines to print) for one report: fail on any vulnerability, warn on what was skipped."""
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = [dep for dep in dependencies if not dep.get("skip_reason")]
    lines = []
    vulnerable = [dep for dep in audited if dep.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"VULNERABLE: {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixed})")
    if skipped:
        lines.append(f"WARNING: dependency audit: {len(skipped)} of {len(dependencies)} packages could not be audited")
    if not vulnerable:
        lines.append(f"dependency audit: {len(audited)} packages audited, no known vulnerabilities")
    return (1 if vulnerable else 0), lines


def main():
    check_patch_releases()
    tool = ensure_tool()
    if tool is None:
        return 0
    for service in SERVICES:
        report = run(tool, service)
        if report is None:
            warn(f"the {service} vulnerability service could not be reached")
            continue
        if not any(not dep.get("skip_reason") for dep in report.get("dependencies", [])):
            warn(f"the {service} vulnerability service answered for no package")
            continue
        code, lines = judge(report)
        print("\n".join(lines))
        return code
    warn("no vulnerability service could be reached; nothing was audited")
    return 0


if __name__ == "__main__":
    sys.exit(main())
