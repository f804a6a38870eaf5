"""The privacy log: who searched, exported or erased a person's data, and when.

The email address itself is never stored here, only a keyed hash (HMAC-SHA256) of its normalised form
(see `engagement.privacy.data.email_hash`), so the log does not become a register of the people it is
about, and a guessed address cannot be checked against it; an officer who knows the address can still
find its entries. Entries are kept PRIVACY_LOG_RETENTION_DAYS (engagement/privacy/retention.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyLogEntry(models.Model):
    class Action(models.TextChoices):
        SEARCH = "search", _("Search")
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erase")

    class Via(models.TextChoices):
        ADMIN = "admin", _("Admin")
        COMMAND = "command", _("Command line")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the log still says who it was after the account is deleted.
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, db_index=True)
    via = models.CharField(_("used through"), max_length=10, choices=Via.choices, default=Via.ADMIN)
    email_hash = models.CharField(_("email hash (HMAC-SHA256)"), max_length=64, db_index=True)
    counts = models.JSONField(_("counts per kind"), default=dict)

    class Meta:
        verbose_name = _("privacy log entry")
        verbose_name_plural = _("privacy log")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [("use_privacy_tools", _("Can find, export and erase a person's data"))]

    def __str__(self):
        return f"{self.get_action_display()} {self.email_hash[:12]}…"

    @property
    def total(self):
        return sum(self.counts.values())
