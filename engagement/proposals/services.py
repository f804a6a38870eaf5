"""What happens to proposals: receiving, moderating, supporting, following, answering, and the emails
each step sends. Views and the admin call these; tests exercise them directly too."""

import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Site

from engagement.emails import absolute_url, compose_in_worker, kept, send_staff_email, send_templated_email
from home.groups import MODERATORS
from home.models import SiteSettings

from . import caching
from .models import STATE_PUBLISHED, STATE_RECEIVED, Follower, Proposal, ProposalState, Support, threshold_for

CONFIRM_SALT = "proposals.confirm"


def lang_url(language, name, *args):
    with translation.override(language):
        return absolute_url(reverse(name, args=args))


def entitled_voters():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return 0
    return SiteSettings.for_site(site).entitled_voters


# --- Signed, expiring, single-use confirmation links -------------------------------------------------


def make_confirm_token(kind, obj):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"k": kind, "id": obj.pk, "n": str(obj.confirm_nonce)})


def read_confirm_token(token, kind):
    """Return (pk, nonce) or raise signing.BadSignature / signing.SignatureExpired."""
    data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
        token, max_age=getattr(settings, "PROPOSAL_CONFIRM_LINK_MAX_AGE", 7 * 24 * 3600)
    )
    if data.get("k") != kind:
        raise signing.BadSignature("wrong kind")
    return data["id"], data["n"]


def proposal_of_confirm_token(token, kind):
    """The proposal a confirmation link is about, to name it before the person confirms; None for a
    link that is not valid (the confirmation itself says why)."""
    try:
        pk, _nonce = read_confirm_token(token, kind)
    except signing.BadSignature:
        return None
    model = Support if kind == "s" else Follower
    row = model.objects.select_related("proposal").filter(pk=pk).first()
    return row.proposal if row else None


# --- Making a proposal ----------------------------------------------------------------------------


def receive_proposal(data, language):
    proposal = Proposal.objects.create(
        title=data["title"],
        summary=data["summary"],
        text=data["text"],
        theme=data.get("theme"),
        language=language,
        proposer_name=data["proposer_name"],
        show_name=data.get("show_name", False),
        proposer_email=data["proposer_email"],
        association=data.get("association"),
        state=ProposalState.get(STATE_RECEIVED),
    )
    # The receipt and the moderators' notification are composed by the task worker (engagement/emails.py).
    compose_in_worker(send_proposal_emails, proposal.pk)
    return proposal


@task()
def send_proposal_emails(proposal_id: int) -> bool:
    """The proposer's receipt and the moderators' notification of a new proposal, in a savepoint: the
    proposal is kept whatever happens to them (an error is logged)."""
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return False
    with kept(f"the emails of proposal {proposal_id}"):
        send_templated_email(
            to=[proposal.proposer_email],
            template="proposals/emails/receipt",
            context={"proposal": proposal, "private_url": proposal.private_url()},
            language=proposal.language,
            receipt=True,
        )
        notify_moderators(proposal)
        return True
    return False


def moderator_emails():
    User = get_user_model()
    return sorted(
        set(
            User.objects.filter(is_active=True, groups__name=MODERATORS)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )



def notify_moderators(proposal):
    emails = moderator_emails()
    if emails:
        send_staff_email(
            to=emails,
            template="proposals/emails/new_for_moderation",
            context={"proposal": proposal, "admin_url": absolute_url(reverse("proposals_proposal:edit", args=[proposal.pk]))},
        )


# --- Moderation -----------------------------------------------------------------------------------


def publish(proposal):
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.moderation == Proposal.Moderation.PUBLISHED:
            return proposal
        proposal.moderation = Proposal.Moderation.PUBLISHED
        proposal.published_at = timezone.now()
        if proposal.state.slug == STATE_RECEIVED:
            proposal.state = ProposalState.get(STATE_PUBLISHED)
        proposal.notified_state = proposal.state
        proposal.save()
        send_templated_email(
            to=[proposal.proposer_email],
            template="proposals/emails/published",
            context={"proposal": proposal, "url": public_url(proposal)},
            language=proposal.language,
        )
    return proposal


def reject(proposal, reason):
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        proposal.moderation = Proposal.Moderation.REJECTED
        proposal.rejection_reason = reason
        proposal.closed_at = proposal.closed_at or timezone.now()
        proposal.save()
        send_templated_email(
            to=[proposal.proposer_email],
            template="proposals/emails/rejected",
            context={"proposal": proposal, "reason": reason},
            language=proposal.language,
        )
    return proposal


def merge(duplicate, survivor):
    """Merge `duplicate` into `survivor`: its supports and followers move over, each email counted once."""
    if duplicate.pk == survivor.pk:
        raise ValueError("A proposal cannot be merged into itself.")
    with transaction.atomic():
        # Lock both in a fixed order so two merges can't deadlock.
        locked = {p.pk: p for p in Proposal.objects.select_for_update().filter(pk__in=[duplicate.pk, survivor.pk])}
        duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
        existing = set(survivor.supports.values_list("email", flat=True))
        for support in duplicate.supports.all():
            if support.email and support.email in existing:
                keep = survivor.supports.get(email=support.email)
                if support.counts and not keep.counts:
                    Support.objects.filter(pk=keep.pk).update(
                        confirmed_at=support.confirmed_at, withdrawn_at=None, name=support.name
                    )
                support.delete()
            else:
                Support.objects.filter(pk=support.pk).update(proposal=survivor)
                existing.add(support.email)
        following = set(survivor.followers.values_list("email", flat=True)) | {survivor.proposer_email.lower()}
        for follower in duplicate.followers.all():
            if follower.email in following:
                follower.delete()
            else:
                Follower.objects.filter(pk=follower.pk).update(proposal=survivor)
                following.add(follower.email)
        # The duplicate's proposer follows the surviving proposal (unless their address was erased).
        if duplicate.proposer_email and duplicate.proposer_email.lower() not in following:
            Follower.objects.create(
                proposal=survivor, email=duplicate.proposer_email, language=duplicate.language, confirmed_at=timezone.now()
            )
        duplicate.moderation = Proposal.Moderation.MERGED
        duplicate.merged_into = survivor
        duplicate.closed_at = duplicate.closed_at or timezone.now()
        duplicate.save()
        if duplicate.proposer_email:
            send_templated_email(
                to=[duplicate.proposer_email],
                template="proposals/emails/merged",
                context={"proposal": duplicate, "survivor": survivor, "url": public_url(survivor)},
                language=duplicate.language,
            )
    check_threshold(survivor)
    return survivor


def public_url(proposal, language=None, full=True):
    """The proposal's page under the index page of the given language (default: its own); `full`: with
    the site's address, for emails."""
    # The page type sits above the services (pages.py imports this module): found through the registry.
    ProposalIndexPage = apps.get_model("proposals", "ProposalIndexPage")
    language = language or proposal.language
    index = (
        ProposalIndexPage.objects.live().filter(locale__language_code=language).order_by("path").first()
        or ProposalIndexPage.objects.live().order_by("path").first()
    )
    if index is None:
        return ""
    path = index.url + index.reverse_subpage("proposal", args=[proposal.pk])
    return absolute_url(path) if full else path


# --- Support --------------------------------------------------------------------------------------


def request_support(proposal, name, email, language):
    """Store (or renew) a support and email a confirmation link. Returns the Support.

    The same email can support a proposal once: asking again re-sends the link, or tells the person
    they already support it.
    """
    email = email.strip().lower()
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, name=name, email=email, language=language)
    except IntegrityError:
        support = Support.objects.get(proposal=proposal, email=email)
        nonce = _new_nonce()  # only the newest link works
        # A support that does not count (unconfirmed or withdrawn) is renewed: a conditional UPDATE, so that
        # one confirmed meanwhile is left alone; it changes no public figure, so nothing is purged.
        renewed = not support.counts and (
            Support.objects.filter(pk=support.pk)
            .exclude(confirmed_at__isnull=False, withdrawn_at__isnull=True)
            .update(name=name, language=language, withdrawn_at=None, confirmed_at=None, confirm_nonce=nonce)
        )
        if renewed:
            support.name, support.language, support.withdrawn_at = name, language, None
            support.confirmed_at, support.confirm_nonce = None, nonce
        else:
            compose_in_worker(send_support_email, support.pk, "already_supported", language)
            return support
    compose_in_worker(send_support_email, support.pk, "confirm_support", language)
    return support


@task()
def send_support_email(support_id: int, template: str, language: str) -> bool:
    """The link that confirms a support ("confirm_support", with the support's newest nonce), or word
    that the address supports the proposal already ("already_supported"), in the language of the form
    that asked; composed by the task worker, in a savepoint (an error is logged, the support is kept)."""
    support = Support.objects.select_related("proposal").filter(pk=support_id).first()
    if support is None:
        return False
    proposal = support.proposal
    with kept(f"the {template} email of support {support_id}"):
        if template == "confirm_support":
            confirm_url = lang_url(language, "proposals:confirm_support", make_confirm_token("s", support))
            context = {"proposal": proposal, "confirm_url": confirm_url}
        else:
            context = {"proposal": proposal, "url": public_url(proposal, language), "withdraw_url": withdraw_url(support)}
        return send_templated_email(to=[support.email], template=f"proposals/emails/{template}", context=context,
                                    language=language, receipt=True) is not None
    return False


def withdraw_url(support):
    return lang_url(support.language, "proposals:withdraw_support", support.token)


def confirm_support(token):
    """Use a confirmation link. Returns (status, support) with status "confirmed", "used" or "invalid"/"expired".

    The update is conditional on the link's nonce and on the support being unconfirmed, so a link works
    once, and any number of simultaneous confirmations each count exactly once (the count is taken
    from the rows).
    """
    try:
        pk, nonce = read_confirm_token(token, "s")
    except signing.SignatureExpired:
        return "expired", None
    except signing.BadSignature:
        return "invalid", None
    support = Support.objects.select_related("proposal").filter(pk=pk).first()
    if support is None:
        return "invalid", None
    with transaction.atomic():
        updated = Support.objects.filter(
            pk=pk, confirm_nonce=nonce, confirmed_at__isnull=True, withdrawn_at__isnull=True
        ).update(confirmed_at=timezone.now(), confirm_nonce=_new_nonce())
    if not updated:
        return "used", support
    caching.bump(support.proposal_id)
    support.refresh_from_db()
    send_templated_email(
        to=[support.email],
        template="proposals/emails/support_confirmed",
        context={"proposal": support.proposal, "withdraw_url": withdraw_url(support), "url": public_url(support.proposal, support.language)},
        language=support.language,
    )
    check_threshold(support.proposal)
    return "confirmed", support


def _new_nonce():
    return uuid.uuid4()


def withdraw_support(support):
    updated = Support.objects.filter(pk=support.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), confirm_nonce=_new_nonce()
    )
    caching.bump(support.proposal_id)
    return updated


def check_threshold(proposal):
    """Alert staff once when confirmed supports reach 2 % of the residents entitled to vote."""
    threshold = threshold_for(entitled_voters())
    if not threshold:
        return False
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.threshold_reached_at or proposal.confirmed_supports().count() < threshold:
            return False
        proposal.threshold_reached_at = timezone.now()
        proposal.save(update_fields=["threshold_reached_at", "updated_at"])
        recipients = moderator_emails()
        if recipients:
            send_staff_email(
                to=recipients,
                template="proposals/emails/threshold_reached",
                context={
                    "proposal": proposal,
                    "threshold": threshold,
                    "count": proposal.confirmed_supports().count(),
                    "deadline": proposal.council_deadline,
                    "admin_url": absolute_url(reverse("proposals_proposal:edit", args=[proposal.pk])),
                },
            )
    return True


# --- Following ------------------------------------------------------------------------------------


def request_follow(proposal, email, language):
    email = email.strip().lower()
    follower, _created = Follower.objects.get_or_create(proposal=proposal, email=email, defaults={"language": language})
    if follower.confirmed_at:
        return follower
    send_templated_email(
        to=[email],
        template="proposals/emails/confirm_follow",
        context={"proposal": proposal, "confirm_url": lang_url(language, "proposals:confirm_follow", make_confirm_token("f", follower))},
        language=language,
        receipt=True,
    )
    return follower


def confirm_follow(token):
    try:
        pk, nonce = read_confirm_token(token, "f")
    except signing.SignatureExpired:
        return "expired", None
    except signing.BadSignature:
        return "invalid", None
    updated = Follower.objects.filter(pk=pk, confirm_nonce=nonce, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirm_nonce=_new_nonce()
    )
    follower = Follower.objects.select_related("proposal").filter(pk=pk).first()
    return ("confirmed" if updated else "used"), follower


# --- States and answers ---------------------------------------------------------------------------


def recipients_of_updates(proposal):
    """{email: (language, follower token or None)} of the proposer, confirmed supporters and confirmed
    followers; each email once, in the language the person last used with us."""
    people = {}
    for email, language, token in proposal.followers.filter(confirmed_at__isnull=False).values_list(
        "email", "language", "token"
    ):
        people[email] = (language, token)
    for email, language in proposal.confirmed_supports().exclude(email="").values_list("email", "language"):
        people[email] = (language, people.get(email, (None, None))[1])
    email = proposal.proposer_email.lower()
    people[email] = (proposal.language, people.get(email, (None, None))[1])
    return people


def notify_state_change(proposal):
    """Tell everyone involved, once each, about the proposal's new state (and answer, if any).

    Idempotent: the state people were last told about is stored under a row lock, so saving twice or
    two moderators saving at once sends nothing twice.
    """
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("state").get(pk=proposal.pk)
        if proposal.moderation != Proposal.Moderation.PUBLISHED or proposal.notified_state_id == proposal.state_id:
            return 0
        if proposal.state.is_decision and not proposal.answered_at:
            proposal.answered_at = timezone.now()
        if proposal.state.is_closed and not proposal.closed_at:
            proposal.closed_at = timezone.now()
        proposal.notified_state = proposal.state
        Proposal.objects.filter(pk=proposal.pk).update(
            notified_state=proposal.state, answered_at=proposal.answered_at, closed_at=proposal.closed_at
        )
        caching.bump(proposal.pk)
        people = recipients_of_updates(proposal)
        for email, (language, follower_token) in sorted(people.items()):
            send_templated_email(
                to=[email],
                template="proposals/emails/state_changed",
                context={
                    "proposal": proposal,
                    "state_name": proposal.state.name(language),
                    "url": public_url(proposal, language),
                    "unfollow_url": lang_url(language, "proposals:unfollow", follower_token) if follower_token else "",
                },
                language=language,
            )
    return len(people)
