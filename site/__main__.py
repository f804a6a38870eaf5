"""`python -m kumppanuus COMMAND`: Django's management commands for an installed site, with production
settings unless DJANGO_SETTINGS_MODULE says otherwise (manage.py in the checkout defaults to development)."""

import os
import sys

from django.core.management import execute_from_command_line


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kumppanuus.settings.production")

    execute_from_command_line([f"{sys.executable} -m kumppanuus", *sys.argv[1:]])


if __name__ == "__main__":
    main()
