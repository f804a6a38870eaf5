"""Admin for the email outbox (operators see what is waiting, what failed and why), and the review of
updates that associations sent for their live pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.permission_policies import ModelPermissionPolicy

from kumppanuus.admin_ui import ModelViewSet

from .links import mask_private_links
from .models import OutgoingEmail

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
    from .admin_views import review_update

    return [path("submissions/updates/<int:pk>/", review_update, name="submission_update_review")]


@hooks.register("construct_homepage_panels")
def add_pending_updates_panel(request, panels):
    from .admin_views import PendingUpdatesPanel, can_moderate
    from .moderation import pending_updates

    waiting = [
        submission
        for submission in pending_updates().select_related("page").order_by("created_at")[:50]
        if can_moderate(request.user, submission.page)
    ]
    if waiting:
        panels.append(PendingUpdatesPanel(waiting))
