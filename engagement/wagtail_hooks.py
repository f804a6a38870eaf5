"""Admin for the email outbox (operators see what is waiting, what failed and why), the pages sent in
from the public forms (association entries, events) and the review of updates that associations sent
for their live pages."""

from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from kumppanuus.admin_ui import ModelViewSet

from .admin_views import PendingUpdatesPanel, can_moderate, review_update
from .links import mask_private_links
from .models import OutgoingEmail, PageSubmission
from .moderation import pending_updates

LINKS_PERMISSION = "engagement.view_email_links"


class NoAddPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


class OutgoingEmailInspectView(generic.InspectView):
    """The private links in an email (cancel, withdraw, manage…) are keys: shown only to those who need them."""

    def get_body_text_display_value(self):
        if self.request.user.has_perm(LINKS_PERMISSION):
            return self.object.body_text
        return mask_private_links(self.object.body_text)


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    inspect_view_class = OutgoingEmailInspectView
    icon = "mail"
    menu_label = _("Email outbox")
    add_to_settings_menu = True
    inspect_view_enabled = True
    list_display = ["subject", "status", "language", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "language", "template"]
    search_fields = ["subject"]
    inspect_view_fields = [
        "to",
        "subject",
        "status",
        "language",
        "template",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "body_text",
    ]
    # Emails are made by the site, never by hand; an operator may only set a failed one back to waiting.
    form_fields = ["status"]
    permission_policy = NoAddPermissionPolicy(OutgoingEmail)


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet("outbox")


@hooks.register("register_admin_urls")
def register_submission_review_urls():
    return [path("submissions/updates/<int:pk>/", review_update, name="submission_update_review")]


@hooks.register("construct_homepage_panels")
def add_pending_updates_panel(request, panels):
    waiting = [
        submission
        for submission in pending_updates().select_related("page").order_by("created_at")[:50]
        if can_moderate(request.user, submission.page)
    ]
    if waiting:
        panels.append(PendingUpdatesPanel(waiting))


# --- Pages sent in from the public forms (all kinds, read-only) -------------------------------------


class SubmissionLinksColumn(Column):
    """Links from a submission to its page, its changes (the submitted revision against the live page, or
    a preview of a new page) and the page's editor, where moderators approve or reject it."""

    def get_value(self, instance):
        if instance.page_id is None:
            return "–"
        page_id = instance.page_id
        links = [(reverse("wagtailadmin_pages:edit", args=[page_id]), _("Page"))]
        if instance.revision_id:
            live_revision_id = (
                Page.objects.filter(pk=page_id, live=True).values_list("live_revision_id", flat=True).first()
            )
            if live_revision_id and live_revision_id != instance.revision_id:
                url = reverse("wagtailadmin_pages:revisions_compare", args=[page_id, "live", instance.revision_id])
            else:
                url = reverse("wagtailadmin_pages:revisions_view", args=[page_id, instance.revision_id])
            links.append((url, _("Changes")))
        if instance.status == PageSubmission.Status.IN_REVIEW:
            links.append((reverse("wagtailadmin_pages:edit", args=[page_id]), _("Approve or reject")))
        return format_html_join(
            " · ", '<a href="{}">{}<span class="w-sr-only">: {}</span></a>',
            ((url, label, instance.title) for url, label in links),
        )


class PageSubmissionViewSet(ModelViewSet):
    """Who sent which page and what was decided. Moderating itself happens in Wagtail's workflow; each row
    links there. The private status token is never shown."""

    model = PageSubmission
    icon = "tasks"
    menu_label = _("Submissions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "title", "kind", "status", "submitter_name", "language", "created_at", "decided_at",
        SubmissionLinksColumn("links", label=_("Review")),
    ]
    list_filter = ["kind", "status", "language"]
    search_fields = ["title", "submitter_name", "submitter_email"]
    form_fields = ["moderator_comment"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "title", "kind", "status", "page", "submitter_name", "submitter_email", "language", "message",
        "moderator_comment", "created_at", "decided_at",
    ]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_page_submission_viewset():
    return PageSubmissionViewSet("page_submissions")
