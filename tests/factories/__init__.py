"""Factories per app: tests/factories/home.py, feedback.py, proposals.py, events.py.

A translation is made with `kumppanuus.translations.translate(obj, "sv", title=…)` (a page or snippet) or
`create_and_translate(Model, fi_fields, sv_fields, parent=…)`: the helper the demo uses too."""

from wagtail.users.models import UserProfile


def admin_language(user, language):
    """Set the language `user` reads the admin in ("fi" or "sv"), as their account settings would."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
