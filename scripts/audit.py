#!/usr/bin/env python
"""Dependency audit: every package pinned in requirements.lock against the known vulnerabilities.

    python scripts/audit.py          # scripts/test.sh runs it among the checks

pip-audit (pinned in requirements-audit.lock) runs from its own virtualenv under var/, so the audit
tool's dependencies never mix with the app's. It asks PyPI's vulnerability data first and OSV second.

- A known vulnerability in a pinned package fails (exit 1), with the advisory and the fixed versions.
- When no vulnerability service can be reached (or it answers for no package), the audit warns and
  passes: the network is not the project's fault, and CI must not turn red for it.
"""

import json
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


def warn(text):
    print(f"WARNING: dependency audit: {text}")


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
