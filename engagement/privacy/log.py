"""Every use of the privacy tools is written to the privacy log and to Wagtail's audit log."""

from wagtail.log_actions import log as wagtail_log

from .data import email_hash
from .models import PrivacyLogEntry

ACTIONS = {
    PrivacyLogEntry.Action.SEARCH: "privacy.search",
    PrivacyLogEntry.Action.EXPORT: "privacy.export",
    PrivacyLogEntry.Action.ERASE: "privacy.erase",
}


def record(user, action, email, counts, via=PrivacyLogEntry.Via.ADMIN):
    """Log one use. Call it inside the transaction of the action it records, so both or neither stay."""
    entry = PrivacyLogEntry.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        action=action,
        via=via,
        email_hash=email_hash(email),
        counts=dict(counts),
    )
    wagtail_log(
        entry, ACTIONS[action], user=user,
        data={"email_hash": entry.email_hash, "counts": entry.counts, "via": via},
    )
    return entry
