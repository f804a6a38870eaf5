#!/usr/bin/env bash
# The test command behind `make test`: checks, then the whole suite against a real PostgreSQL server.
#
# PostgreSQL: DATABASE_URL if set; else the server on 127.0.0.1:5432 (the project's machines start
# one); else a throw-away cluster made with Debian's pg_virtualenv (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=kumppanuus.settings.test

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  # apt-get update once per run, only when something is missing.
  if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

checks() {
  echo "== ruff"
  $BIN/ruff check .
  echo "== import contract (lint-imports, .importlinter; docs/architecture.md)"
  $BIN/lint-imports --no-cache
  echo "== unused code (vulture; allow-list scripts/vulture_allowlist.py)"
  $BIN/python scripts/unused_code.py
  echo "== deferred imports (at most 15, each with a reason)"
  $BIN/python scripts/deferred_imports.py
  echo "== manage.py check"
  $BIN/python manage.py check --fail-level WARNING
  echo "== the public API's OpenAPI document is valid, without warnings"
  $BIN/python manage.py spectacular --validate --fail-on-warn --lang en --file /dev/null
  echo "== migrations are up to date"
  $BIN/python manage.py makemigrations --check --dry-run
  echo "== translations are complete"
  $BIN/python scripts/messages.py check
  echo "== check --deploy with production settings"
  SECRET_KEY="$(head -c 64 /dev/urandom | base64 | tr -d '\n/+=' | head -c 60)" ALLOWED_HOSTS=kunta.example \
    DJANGO_SETTINGS_MODULE=kumppanuus.settings.production $BIN/python manage.py check --deploy --fail-level WARNING
}

# The checks beside the suite (see below): their output in var/checks.log, shown after the suite.
checks_start() {
  mkdir -p var
  ( set +e; checks > var/checks.log 2>&1; echo $? > var/checks.rc ) &
  CHECKS_PID=$!
}
checks_report() {
  wait "$CHECKS_PID" || true
  cat var/checks.log
  local code; code="$(cat var/checks.rc 2>/dev/null || echo 1)"
  [ "$code" = 0 ] || echo "== the checks failed (exit $code): see above"
  return "$code"
}

# Debian's packages the tests use, installed in the background while pip works (apt and pip mostly wait on
# the network and the disk): Chromium for the browser tests (Playwright drives it; no browser download),
# flite that speaks the captcha (its audio alternative; the tests check that it is offered), varnish (the
# load tests start their own varnishd, own port and working folder, in front of gunicorn with
# deploy/varnish/kumppanuus.vcl; a varnish service the package may start is left alone), and Redis and
# PostgreSQL, whose binaries the load tests start as private servers.
debian_packages_start() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v flite >/dev/null || missing+=(flite)
  command -v varnishd >/dev/null || [ -x /usr/sbin/varnishd ] || missing+=(varnish)
  command -v redis-server >/dev/null || missing+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  DEBIAN_MISSING="${missing[*]}"
  [ -n "$DEBIAN_MISSING" ] || return 0
  echo "== installing Debian's ${DEBIAN_MISSING} (in the background)"
  mkdir -p var
  ( apt_install "${missing[@]}" ) > var/debian.log 2>&1 &
  DEBIAN_PID=$!
}
debian_packages_wait() {
  [ -n "${DEBIAN_PID:-}" ] || return 0
  if ! wait "$DEBIAN_PID"; then cat var/debian.log; echo "== installing Debian's ${DEBIAN_MISSING} failed"; return 1; fi
}

# The dependency audit mostly waits on pip and the vulnerability services, so `make test` starts it in the
# background before the checks and reports it after the suite (a vulnerability still fails the run); it
# is given AUDIT_TIMEOUT seconds in all, then warns and passes like an unreachable service.
AUDIT_TIMEOUT="${AUDIT_TIMEOUT:-420}"
audit_start() {
  mkdir -p var
  ( set +e; timeout "$AUDIT_TIMEOUT" $BIN/python scripts/audit.py > var/audit.log 2>&1; echo $? > var/audit.rc ) &
  AUDIT_PID=$!
}
audit_report() {
  wait "$AUDIT_PID" || true
  echo "== dependency audit (pip-audit; warns and goes on when no vulnerability service answers)"
  local code; code="$(cat var/audit.rc 2>/dev/null || echo 1)"
  if [ "$code" = 124 ]; then
    echo "WARNING: dependency audit: no answer within ${AUDIT_TIMEOUT} s; nothing was audited" >> var/audit.log
    code=0
  fi
  cat var/audit.log
  return "$code"
}

# The audit's warnings again at the very end, where CI output is read (a passing audit may have audited nothing).
repeat_warnings() { if grep -q '^WARNING:' var/audit.log 2>/dev/null; then echo "== warnings"; grep '^WARNING:' var/audit.log; fi; }
# At the end, however the run ends: the audit's report (started in the background, see audit_start),
# then its warnings. A vulnerability fails a run that has not failed already.
finish() {
  local code=$?
  if [ -n "${CHECKS_PID:-}" ]; then checks_report || { [ "$code" != 0 ] || code=1; }; fi
  if [ -n "${AUDIT_PID:-}" ]; then audit_report || { [ "$code" != 0 ] || code=1; }; fi
  if [ -n "${SHARED_MARKED:-}" ]; then $BIN/python scripts/shared_servers.py check var/shared_servers.json || { [ "$code" != 0 ] || code=1; }; fi
  repeat_warnings
  exit "$code"
}
rm -f var/audit.log var/audit.rc var/checks.log var/checks.rc var/debian.log var/shared_servers.json
trap finish EXIT

# One worker per core, at most 4 (each may run Chromium); TEST_WORKERS overrides, 1 means no xdist.
WORKERS="${TEST_WORKERS:-$(nproc)}"; [ "$WORKERS" -le 4 ] || WORKERS=4
parallel() { if [ "$WORKERS" -gt 1 ]; then echo "-n $WORKERS --dist loadfile --no-loadscope-reorder"; fi; }

if [ "${1:-}" = "--checks-only" ]; then audit_start; checks; exit 0; fi

# `make test-fast`: while working, no checks and no load tests, and the test databases are kept between
# runs (--reuse-db: migrations made since are applied, nothing else is rebuilt). On the PostgreSQL at
# 127.0.0.1:5432 under a fixed name when it runs (DATABASE_URL wins), else in SQLite. Arguments go to pytest.
if [ "${1:-}" = "--fast" ]; then
  shift
  trap - EXIT
  if [ -z "${DATABASE_URL:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/kumppanuus_local"
  fi
  exec $BIN/pytest $(parallel) --reuse-db --durations=15 "$@"
fi

# `make test` (no arguments): Debian's packages are installed while pip installs the Python ones, and the
# checks run in the background beside the suite (each waits mostly on the network or on one core); both
# report in the output, and a failure fails the run. The suite starts once the packages are there.
debian_packages_start
if [ $# -eq 0 ]; then
  make --no-print-directory install
  audit_start
  checks_start
else
  audit_start
  checks
fi
debian_packages_wait

# The whole run leaves the machine's shared PostgreSQL and Redis as they were (never restarted, stopped
# or flushed: the load and fault tests start private ones): noted here, checked at the end (finish).
if [ $# -eq 0 ]; then mkdir -p var; $BIN/python scripts/shared_servers.py mark var/shared_servers.json; SHARED_MARKED=1; fi

# The suite and the load and fault tests (tests/load and the production install, mark `load`) in one
# pytest run on both cores (pytest-xdist): each file goes whole to one worker, the load tests together as
# one group, first (they mostly wait on pip, servers and restarts, so the other core goes on with the
# suite meanwhile); tests/conftest.py orders the rest. The load tests start their own PostgreSQL cluster
# and Redis on free ports of loopback, with gunicorn and the task worker on them, and restart that private
# cluster; the machine's servers are never restarted or flushed. Each worker has its own test database
# (<name>_gw0, <name>_gw1). TEST_WORKERS=1 runs on one core (in one process, no xdist).
# With arguments (e.g. a test path), pytest runs just those.
run_pytest() {
  if [ $# -gt 0 ]; then $BIN/pytest "$@"; return; fi
  echo "== tests, the load and fault tests included (pytest -m '' on $WORKERS worker(s))"
  $BIN/pytest -m "" $(parallel) --durations=15
}

# Each run's databases have names of their own (test_kumppanuus_<run>), so two runs on one server never
# meet; pytest-django drops them at the end.
RUN_ID="$(date +%s)_$$"

if [ -n "${DATABASE_URL:-}" ]; then
  echo "== tests on DATABASE_URL"
  run_pytest "$@"
elif pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (command -v psql >/dev/null && psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1); then
  echo "== tests on PostgreSQL at 127.0.0.1:5432"
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/kumppanuus_${RUN_ID}" run_pytest "$@"
else
  echo "== no PostgreSQL running: starting a throw-away cluster with pg_virtualenv"
  command -v pg_virtualenv >/dev/null || apt_install postgresql postgresql-common
  export -f run_pytest apt_install as_root; export BIN
  pg_virtualenv bash -c 'DATABASE_URL="postgres://${PGUSER}:${PGPASSWORD}@${PGHOST}:${PGPORT}/${PGDATABASE}" run_pytest "$@"' _ "$@"
fi
