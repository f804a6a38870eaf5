"""The association directory in the admin: the report of entries not confirmed for over a year."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from .services import stale_associations


def may_see_report(user):
    return page_permission_policy.user_has_any_permission(user, ["change", "publish"])


def stale_associations_report(request):
    if not may_see_report(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "directory/admin/stale_associations.html",
        {"rows": stale_associations(), "page_title": _("Associations to confirm")},
    )


@hooks.register("register_admin_urls")
def register_stale_associations_url():
    return [path("reports/stale-associations/", stale_associations_report, name="stale_associations")]


class StaleAssociationsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_stale_associations_menu_item():
    return StaleAssociationsMenuItem(
        _("Associations to confirm"),
        reverse("stale_associations"),
        name="stale-associations",
        icon_name="warning",
        order=1000,
    )
