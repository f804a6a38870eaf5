#!/usr/bin/env bash
# Restore drill: restore the latest dump into a scratch database, check that the schema matches the
# installed code (migrate --check) and that the home pages and /health/ answer, then drop the scratch
# database. Exits non-zero when any step fails; the scratch database is dropped in every case.
#
#   scripts/restore_drill.sh [DUMP]     (default: the newest $BACKUP_DIR/*.dump)
#
# On a stock Debian, as the postgres user (it owns the dumps and may create databases; peer authentication):
#   sudo -u postgres BACKUP_DIR=/var/backups/kumppanuus PYTHON=/srv/kumppanuus/.venv/bin/python \
#     /srv/kumppanuus/src/scripts/restore_drill.sh
#
# Environment: DRILL_DATABASE_URL, the server and a user that may create databases (default: DATABASE_URL,
# else postgresql:///postgres, the local server as the current OS user); BACKUP_DIR (default
# /var/backups/kumppanuus); PYTHON, the site's virtualenv (default .venv/bin/python). It needs none of the
# site's secrets, never touches the site's database, and has a cache of its own (in memory), so the live
# site's cached pages and menus can't show in it.
set -euo pipefail

BACKUP_DIR="${BACKUP_DIR:-/var/backups/kumppanuus}"
PYTHON="${PYTHON:-.venv/bin/python}"
SERVER_URL="${DRILL_DATABASE_URL:-${DATABASE_URL:-postgresql:///postgres}}"

dump="${1:-$(ls -t "$BACKUP_DIR"/*.dump 2>/dev/null | head -n 1 || true)}"
if [ -z "$dump" ] || [ ! -r "$dump" ]; then
  echo "restore drill: no readable dump (looked in $BACKUP_DIR)" >&2
  exit 2
fi

dump="$(realpath -s "$dump")"
PYTHON="$(realpath -s "$PYTHON")"  # -s: the virtualenv's python is a symlink
scratch="kumppanuus_drill_$(date +%Y%m%d%H%M%S)_$$"
# The server URL with another database name (libpq takes the same URLs as DATABASE_URL).
url_for() { "$PYTHON" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$SERVER_URL" "$1"; }
maintenance="$(url_for postgres)"
scratch_url="$(url_for "$scratch")"

# Pages are rendered with the installed code's static files, collected here (the site's own folder is
# not the drill's to read).
static_root="$(mktemp -d)"
cleanup() {
  dropdb --maintenance-db="$maintenance" --if-exists "$scratch" || echo "restore drill: could not drop $scratch" >&2
  rm -rf "$static_root"
}
trap cleanup EXIT
# A folder of its own: the caller's (e.g. root's home under sudo -u postgres) may be closed to this user.
cd "$static_root"

echo "== restoring $dump into $scratch"
createdb --maintenance-db="$maintenance" --encoding UTF8 --template template0 "$scratch"
pg_restore --no-owner --no-privileges --exit-on-error -d "$scratch_url" "$dump"

drill() {
  DJANGO_SETTINGS_MODULE=kumppanuus.settings.production DATABASE_URL="$scratch_url" \
    CACHE_URL="locmemcache://restore-drill" ALLOWED_HOSTS="*" EMAIL_URL="dummymail://" STATIC_ROOT="$static_root" \
    SECRET_KEY="restore-drill-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    "$PYTHON" -m kumppanuus "$@"
}

echo "== migrate --check (the schema matches the installed code)"
drill migrate --check

drill collectstatic --no-input --verbosity 0

echo "== pages"
drill shell --no-imports -c '
import json, sys
from django.db.models import Max
from django.test import Client
from wagtail.models import Page, Site
site = Site.objects.get(is_default_site=True)
client = Client(HTTP_HOST=site.hostname)
failed = []
for language in ("fi", "sv"):
    status = client.get(f"/{language}/", secure=True).status_code
    print(f"/{language}/ {status}")
    failed += [language] if status != 200 else []
health = client.get("/health/", secure=True)
print("/health/", health.status_code, health.content.decode()[:200])
failed += ["health"] if health.status_code != 200 else []
newest = Page.objects.aggregate(newest=Max("last_published_at"))["newest"]
print(f"{Page.objects.filter(depth__gt=1).count()} pages, last published {newest:%Y-%m-%d %H:%M}")
sys.exit(1 if failed else 0)
'
echo "== restore drill passed: $dump"
