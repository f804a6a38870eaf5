"""The privacy tools from the command line, logged like the admin's:

    manage.py privacy_report --email x@example.com --operator USERNAME              # counts per kind
    manage.py privacy_report --email x@example.com --operator USERNAME --export out.json
    manage.py privacy_report --email x@example.com --operator USERNAME --erase --yes
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from engagement.privacy import data
from engagement.privacy.log import record
from engagement.privacy.models import PrivacyLogEntry
from engagement.privacy.views import PERMISSION


class Command(BaseCommand):
    help = "Find (and export or erase) everything stored about an email address. Every use is logged."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--operator", required=True, help="Username of the member of staff doing this.")
        parser.add_argument("--export", metavar="FILE", help="Write the data as JSON (UTF-8) to FILE.")
        parser.add_argument("--erase", action="store_true", help="Erase the data (needs --yes).")
        parser.add_argument("--yes", action="store_true", help="Confirm --erase.")

    def handle(self, *args, email, operator, export=None, erase=False, yes=False, **options):
        user = get_user_model().objects.filter(username=operator, is_active=True).first()
        if user is None or not user.has_perm(PERMISSION):
            raise CommandError(f"{operator!r} is not an active user allowed to use the privacy tools.")
        email = data.normalise(email)
        if not email or "@" not in email:
            raise CommandError("Give a full email address.")
        via = PrivacyLogEntry.Via.COMMAND
        with transaction.atomic():
            found = data.find(email)
            record(user, PrivacyLogEntry.Action.SEARCH, email, data.counts(found), via=via)
        for key, count in data.counts(found).items():
            self.stdout.write(f"{key}: {count}")
        if export:
            with transaction.atomic():
                found = data.find(email)
                payload = data.export_data(email, found)
                record(user, PrivacyLogEntry.Action.EXPORT, email, data.counts(found), via=via)
            with open(export, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, indent=2)
            self.stdout.write(f"exported to {export}")
        if erase:
            if not yes:
                self.stdout.write("Nothing erased: add --yes to erase the items counted above.")
                return
            with transaction.atomic():
                _found, erased = data.erase(email)
                record(user, PrivacyLogEntry.Action.ERASE, email, erased, via=via)
            self.stdout.write(f"erased {sum(erased.values())} item(s)")
