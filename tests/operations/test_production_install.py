"""The README's production install, done literally (mark `load`: run by `pytest -m load`).

A copy of the checkout is installed with `pip install -c requirements.lock .` (not editable) into a fresh
virtualenv; the commands run from a separate site folder with an environment file loaded as the cron
lines do, `python -m kumppanuus migrate / collectstatic / start_site`; gunicorn serves it with production
settings on a PostgreSQL database of its own. Then the restore drill (scripts/restore_drill.sh) restores a
dump of that database into a scratch database, checks it and drops it.
"""

import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.load import servers
from tests.smtp_sink import free_port

pytestmark = pytest.mark.load

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"fi": "Testilän kunta", "sv": "Testby kommun"}


def run(command, *, cwd, env=None, timeout=600):
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode:
        raise AssertionError(f"{command} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def copy_checkout(target):
    """The checkout's files as git sees them (tracked and new, nothing ignored: no .venv, var/ or .mo)."""
    listing = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def env_file(path, database):
    """The README's environment file, values with spaces quoted (systemd's EnvironmentFile and a shell read it)."""
    path.write_text(
        "DJANGO_SETTINGS_MODULE=kumppanuus.settings.production\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        "ALLOWED_HOSTS=127.0.0.1,localhost\n"
        f"DATABASE_URL={servers.database_url(database)}\n"
        'DEFAULT_FROM_EMAIL="Testilän kunta <noreply@testila.example>"\n'
        "EMAIL_URL=dummymail://\n"
        # Plain HTTP on loopback: no proxy in front terminates TLS here.
        "SECURE_SSL_REDIRECT=0\nSECURE_HSTS_SECONDS=0\nSESSION_COOKIE_SECURE=0\nCSRF_COOKIE_SECURE=0\n"
    )
    path.chmod(0o600)


def with_env(env_path, *command):
    """`command` as a cron line runs it: in the site's folder, the environment file loaded by the shell."""
    return ["bash", "-c", f'set -a && . "{env_path}" && set +a && exec "$@"', "_", *command]


@pytest.fixture(scope="module")
def installed(postgres):  # the load tests' private PostgreSQL cluster
    # A folder of its own rather than pytest's numbered temporary folders, which another pytest run on the
    # same machine may rotate away while this one still runs from them.
    with tempfile.TemporaryDirectory(prefix="kumppanuus-install-") as folder:
        yield from _install(Path(folder))


def _install(root):
    source, venv, site = root / "src", root / "venv", root / "site"
    source.mkdir()
    site.mkdir()
    copy_checkout(source)
    run([sys.executable, "-m", "venv", venv], cwd=root)
    run([venv / "bin" / "pip", "install", "--quiet", "-c", "requirements.lock", "."], cwd=source, timeout=1200)
    python = venv / "bin" / "python"
    clean = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(root), "LANG": "C.UTF-8"}
    database = f"install_{secrets.token_hex(6)}"
    servers.create_database(database)
    try:
        env_path = root / "kumppanuus.env"
        env_file(env_path, database)
        for command in (
            ["migrate", "--no-input"],
            ["collectstatic", "--no-input"],
            ["start_site", "--name-fi", NAMES["fi"], "--name-sv", NAMES["sv"], "--host", "127.0.0.1", "--port", "80"],
        ):
            run(with_env(env_path, python, "-m", "kumppanuus", *command), cwd=site, env=clean)
        yield {"root": root, "source": source, "venv": venv, "python": python, "site": site, "env": clean,
               "env_path": env_path, "database": database}
    finally:
        servers.drop_database(database)


def test_the_installed_package_carries_everything_and_runs_from_the_site_folder(installed):
    found = json.loads(run(
        [installed["python"], "-c",
         "import json, kumppanuus, home, engagement.feedback; from pathlib import Path; "
         "p = Path(kumppanuus.__file__).parent; "
         "print(json.dumps({'modules': [kumppanuus.__file__, home.__file__, engagement.feedback.__file__], "
         "'templates': len(list(p.parent.glob('*/templates/**/*.html'))) + len(list(p.glob('templates/**/*.html'))), "
         "'catalogues': sorted(str(m.relative_to(p)) for m in p.glob('locale/*/LC_MESSAGES/*.mo')), "
         "'css': sorted(c.name for c in p.glob('static/css/*.css')), "
         "'demo': sorted(str(t.relative_to(p)) for t in p.glob('demo/content/*/*.toml'))}))"],
        cwd=installed["site"], env=installed["env"],
    ))
    assert all("site-packages" in module for module in found["modules"]), found["modules"]
    assert found["templates"] > 50
    # Every catalogue of the checkout, compiled (django and djangojs, in fi and sv).
    catalogues = sorted(str(po.relative_to(ROOT).with_suffix(".mo")) for po in ROOT.glob("locale/*/LC_MESSAGES/*.po"))
    assert len(catalogues) >= 4 and found["catalogues"] == catalogues
    assert found["css"] == sorted(css.name for css in (ROOT / "site" / "static" / "css").glob("*.css"))
    assert "site.css" in found["css"]
    # The demo's texts (load_demo), every language's file.
    assert found["demo"] == sorted(str(t.relative_to(ROOT / "site")) for t in ROOT.glob("site/demo/content/*/*.toml"))
    # Runtime files in the working directory (the site's folder), not in site-packages.
    assert list((installed["site"] / "var" / "static" / "css").glob("site.*.css"))
    # The environment file as a shell reads it (cron): a quoted value with spaces arrives whole.
    settings = run(with_env(installed["env_path"], installed["python"], "-m", "kumppanuus", "shell", "--no-imports", "-c",
                            "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL); print(settings.DEBUG)"),
                   cwd=installed["site"], env=installed["env"])
    assert settings.splitlines()[-2:] == ["Testilän kunta <noreply@testila.example>", "False"]


def test_gunicorn_serves_both_languages_with_production_settings(installed):
    port = free_port()
    log = installed["root"] / "gunicorn.log"
    with open(log, "ab") as output:
        gunicorn = subprocess.Popen(
            with_env(installed["env_path"], installed["venv"] / "bin" / "gunicorn", "-c", "python:kumppanuus.gunicorn_conf",
                     "kumppanuus.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"),
            cwd=installed["site"], env=installed["env"], stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        client = servers.Client(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while client.get("/ping/").status != 200:
            assert gunicorn.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)

        not_found = {"fi": ("/fi/ei-ole-olemassa/", "Sivua ei löytynyt"), "sv": ("/sv/finns-inte/", "Sidan hittades inte")}
        for language, name in NAMES.items():
            page = client.get(f"/{language}/")
            assert page.status == 200, page.text[:2000]
            assert name in page.text and f'lang="{language}"' in page.text
            stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+\.css)">', page.text).group(1)
            assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", stylesheet)  # hashed by collectstatic
            css = client.get(stylesheet)
            assert css.status == 200 and css.headers["Content-Type"].startswith("text/css") and len(css.body) > 1000

            path, title = not_found[language]
            missing = client.get(path)
            assert missing.status == 404 and title in missing.text and name in missing.text  # the site's own page

        health = client.get("/health/")
        assert health.status == 200 and json.loads(health.text)["status"] == "ok", health.text

        token = str(uuid.uuid4())
        assert client.get(f"/fi/feedback/track/{token}/?from=email").status == 404
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    access = log.read_text()
    assert '"GET /fi/feedback/track/***/ HTTP/1.1" 404' in access
    assert token not in access and "from=email" not in access
    assert "TemplateDoesNotExist" not in access and "Traceback" not in access


def test_restore_drill_restores_the_latest_dump_checks_it_and_drops_it(installed):
    backups = installed["root"] / "backups"
    backups.mkdir(mode=0o700)
    dump = backups / "kumppanuus-2026-11-30.dump"
    run(["bash", "-c", 'umask 077 && pg_dump -Fc -f "$0" "$1"', dump, servers.database_url(installed["database"])],
        cwd=backups)
    assert dump.stat().st_mode & 0o077 == 0  # readable by its owner only

    # As the README runs it: no site environment, only the server, the backups and the virtualenv.
    drill_env = {**installed["env"], "BACKUP_DIR": str(backups), "PYTHON": str(installed["python"]),
                 "DRILL_DATABASE_URL": servers.database_url("postgres")}
    output = run(["bash", ROOT / "scripts" / "restore_drill.sh"], cwd=backups, env=drill_env)
    assert f"restoring {dump} into kumppanuus_drill_" in output
    assert "/fi/ 200" in output and "/sv/ 200" in output and "restore drill passed" in output
    scratch = re.search(r"into (kumppanuus_drill_\w+)", output).group(1)
    assert not servers.query("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (scratch,))

    # A broken newest dump fails the drill, and its scratch database is dropped all the same.
    (backups / "kumppanuus-2026-12-01.dump").write_bytes(b"not a dump")
    failed = subprocess.run(["bash", ROOT / "scripts" / "restore_drill.sh"], cwd=backups, env=drill_env,
                            capture_output=True, text=True, timeout=300)
    assert failed.returncode != 0
    assert not servers.query("postgres", "SELECT 1 FROM pg_database WHERE datname LIKE 'kumppanuus_drill_%%'")
