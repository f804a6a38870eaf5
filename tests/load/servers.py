"""Real servers for the load and fault tests: a private PostgreSQL cluster and a private Redis, each on a
free port of loopback and owned by the test run (so a fault test may restart them without touching the
machine's shared servers), gunicorn with production settings, the task worker, and an HTTP client with
cookies.

Everything listens on 127.0.0.1 only. The settings are `kumppanuus.settings.bench` (production, with the
captcha in test mode so that a program can submit forms) and the environment of `env_for()`, like
scripts/bench.py.
"""

import glob
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg

from tests.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def wait_until(predicate, timeout, interval=0.25, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"Timed out after {timeout} s waiting for {message}")


# --- A private PostgreSQL cluster ----------------------------------------------------------------

def _postgres_bin(name):
    """A PostgreSQL server program (initdb, pg_ctl): Debian keeps them out of PATH, per major version."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda path: int(path.split("/")[4]))
    if not candidates:
        raise RuntimeError(f"{name} not found: install Debian's postgresql package")
    return candidates[-1]


class PrivatePostgres:
    """A throw-away cluster (initdb) in a folder of its own, on a free port of 127.0.0.1, with trust auth.
    PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="kumppanuus-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self._as = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._run(_postgres_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self.start()

    def _run(self, *command, timeout=120):
        subprocess.run([*self._as, *command], check=True, capture_output=True, timeout=timeout)

    def _ctl(self, action, *extra):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off " \
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        self._run(_postgres_bin("pg_ctl"), action, "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", *extra)

    def start(self):
        self._ctl("start")

    def restart(self, down_seconds=0):
        """Restart the server (every connection to it is cut), staying down `down_seconds`, and wait until
        it accepts connections again."""
        self._ctl("stop", "-m", "fast")
        time.sleep(down_seconds)
        self.start()
        wait_for_postgres(self.url)

    def stop(self):
        try:
            self._ctl("stop", "-m", "immediate")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


# --- PostgreSQL ----------------------------------------------------------------------------------

# The server of the load tests: set by the `postgres` fixture (tests/load/conftest.py) to its private cluster.
SERVER_URL = None


def server_url():
    """The PostgreSQL server of the load tests (host, port and user), without a database."""
    if not SERVER_URL:
        raise RuntimeError("No PostgreSQL server for the load tests: use the `postgres` fixture")
    return urllib.parse.urlsplit(SERVER_URL)


def database_url(name):
    return urllib.parse.urlunsplit(server_url()._replace(path=f"/{name}"))


def connect(name="postgres", **kwargs):
    parts = server_url()
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=urllib.parse.unquote(parts.password or "") or None, dbname=name, connect_timeout=5, **kwargs,
    )


def create_database(name, template=None):
    with connect(autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(name):
    with connect(autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(name, sql, params=()):
    """Rows of one query in database `name`, on a new connection (it survives a server restart)."""
    with connect(name) as connection:
        return connection.execute(sql, params).fetchall()


def wait_for_postgres(url=None, timeout=60):
    parts = urllib.parse.urlsplit(url) if url else server_url()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(
            ["pg_isready", "-q", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)], check=False
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise TimeoutError("PostgreSQL did not come back")


# --- A private Redis -----------------------------------------------------------------------------

def redis_up(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class PrivateRedis:
    """redis-server on a free port of 127.0.0.1, keeping nothing on disk."""

    def __init__(self):
        if not shutil.which("redis-server"):
            raise RuntimeError("The load tests need redis-server (Debian: apt-get install redis-server)")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="kumppanuus-redis-"))
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: redis_up(self.port), 20, message="redis-server")

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


# --- The site's processes ------------------------------------------------------------------------

def env_for(database, *, cache_url, work, **extra):
    """Production settings on loopback: no HTTPS redirect, no rate limit worth the name, quiet logs."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url(database),
        "CACHE_URL": cache_url,
        "STATIC_ROOT": str(Path(work) / "static"),
        "MEDIA_ROOT": str(Path(work) / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "PUBLIC_FORM_RATE_LIMIT": "1000000/m",
        # Many clients behind one loopback address: the per-client and per-address limits lifted too.
        "SIGNUP_CLIENT_RATE_LIMIT": "1000000/m",
        "SIGNUP_MAX_PER_EMAIL": "1000000",
        "RECEIPT_RATE_LIMIT": "1000000/m",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        **{key: str(value) for key, value in extra.items()},
    }


def manage(env, *args, timeout=300):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_script(env, code):
    """Run Python in `manage.py shell` with the site's settings; it prints one JSON line, returned decoded."""
    output = manage(env, "shell", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


class Process:
    """A child process in its own process group, with its output in a log file."""

    def __init__(self, command, env, log):
        self.log = Path(log)
        self.handle = open(self.log, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.handle, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout=20):
        if self.alive():
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=timeout)
            except ProcessLookupError:
                pass
        self.handle.close()


class Gunicorn(Process):
    """`gunicorn kumppanuus.wsgi` with sync workers, as in production, on 127.0.0.1:`port`."""

    def __init__(self, env, port, log, workers=2, timeout=30):
        self.port = port
        super().__init__(
            [PYTHON, "-m", "gunicorn", "kumppanuus.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--timeout", str(timeout), "--graceful-timeout", "5", "--access-logfile", "-", "--no-control-socket"],
            env, log,
        )
        self.wait_until_up()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"gunicorn exited:\n{self.tail()}")
            try:
                urllib.request.urlopen(self.base + "/ping/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"gunicorn did not answer:\n{self.tail()}")

    def worker_pids(self):
        output = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.pid)], capture_output=True, text=True).stdout
        return sorted(int(pid) for pid in output.split())


# --- Varnish in front ----------------------------------------------------------------------------

VCL = ROOT / "deploy" / "varnish" / "kumppanuus.vcl"


def render_vcl(backend_host, backend_port, vcl=VCL):
    """The project's VCL with its backend pointed at `backend_host`:`backend_port` (the two marked lines)."""
    text = Path(vcl).read_text()
    rendered = re.sub(r'"[^"]*";(\s*# BACKEND_HOST)', lambda match: f'"{backend_host}";{match.group(1)}', text)
    rendered = re.sub(r'"[^"]*";(\s*# BACKEND_PORT)', lambda match: f'"{backend_port}";{match.group(1)}', rendered)
    if rendered.count(f'"{backend_host}";') < 1 or f'"{backend_port}";' not in rendered:
        raise RuntimeError(f"{vcl}: no BACKEND_HOST / BACKEND_PORT line to set")
    return rendered


def varnish_up(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Varnish(Process):
    """Debian's varnishd on a free port of 127.0.0.1 in front of `backend_port`, with the project's VCL, in a
    working folder of its own (`-n`, never the machine's varnish), 64 MB of memory storage, in the
    foreground (-F) so that stopping it is stopping this process. `-j none`: no privilege separation, so it
    runs as whoever runs the tests, root or not."""

    def __init__(self, backend_port, log=None, backend_host="127.0.0.1", port=None):
        varnishd = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
        if not varnishd:
            raise RuntimeError("Varnish is missing (Debian: apt-get install varnish)")
        self.port = port or free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="kumppanuus-varnish-"))
        vcl = self.folder / "kumppanuus.vcl"
        vcl.write_text(render_vcl(backend_host, backend_port))
        super().__init__(
            [varnishd, "-F", "-j", "none", "-n", str(self.folder / "work"), "-a", f"127.0.0.1:{self.port}",
             "-T", "none", "-f", str(vcl), "-s", "malloc,64m", "-p", "default_ttl=0"],
            os.environ, log or self.folder / "varnishd.log",
        )
        deadline = time.monotonic() + 60
        while not varnish_up(self.port):
            if not self.alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"varnishd did not start:\n{self.tail()}")
            time.sleep(0.1)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout=20):
        super().stop(timeout)
        shutil.rmtree(self.folder, ignore_errors=True)


# --- HTTP ----------------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body, error=None):
        self.status, self.headers, self.body, self.error = status, headers, body, error

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def __repr__(self):
        return f"<Response {self.status or self.error}>"


class Client:
    """One visitor: a cookie jar, no redirects followed. Connection failures become Response(status=None)."""

    def __init__(self, base, timeout=30):
        self.base = base
        self.timeout = timeout
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())
        except (OSError, urllib.error.URLError) as error:  # refused, reset, timed out
            return Response(None, {}, b"", error=f"{error.__class__.__name__}: {error}")

    def get(self, path):
        return self.request(path)

    def post(self, path, data):
        return self.request(path, data)

    def submit(self, path, fields):
        """GET the form at `path` (a new CSRF cookie and submission token), then POST it with `fields`.
        Returns the POST's response, or the GET's when that failed."""
        page = self.get(path)
        if page.status != 200:
            return page
        form = find_form(page.text, lambda form: "submission_token" in dict(form["fields"]))
        data = dict(form["fields"])
        data.update({"captcha_0": data.get("captcha_0") or "load-test", "captcha_1": "PASSED", "website": ""})
        data.update(fields)
        return self.post(form["action"] or path, data)


class _FormParser(HTMLParser):
    """The forms of a page as a browser would submit them without JavaScript: inputs, checked boxes,
    selected options and textareas, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"id": attrs.get("id"), "action": attrs.get("action") or "", "method": attrs.get("method", "get"),
                          "fields": []}
            self.forms.append(self._form)
        elif self._form is None or attrs.get("disabled") is not None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"].append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            if chosen is not None:
                self._form["fields"].append((self._select["name"], chosen))
            self._select = None


def forms_in(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def find_form(html, predicate):
    for form in forms_in(html):
        if predicate(form):
            return form
    raise AssertionError(f"No such form on the page:\n{html[:2000]}")


def text_of(html):
    """The visible text of a page, whitespace collapsed (for finding a title or a message)."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
