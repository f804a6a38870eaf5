"""The privacy tools in the Wagtail admin: a "Privacy" menu (only with the permission) with the
search / export / erase tool and the read-only privacy log; the log's actions in Wagtail's audit log."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy

from kumppanuus.admin_ui import ModelViewSet

from . import views
from .models import PrivacyLogEntry
from .registry import by_key

PERMISSION = views.PERMISSION


class PrivacyOfficerPolicy(ModelPermissionPolicy):
    """The log is read-only, and readable by everyone who may use the tools."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(PERMISSION)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class PrivacyLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=PrivacyLogEntry.Action.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = PrivacyLogEntry
        fields = []


class HashColumn(Column):
    def get_value(self, instance):
        return f"{instance.email_hash[:16]}…"


class CountsColumn(Column):
    def get_value(self, instance):
        kinds = by_key()
        parts = [
            f"{kinds[key].label if key in kinds else key}: {count}"
            for key, count in instance.counts.items()
            if count
        ]
        return ", ".join(str(part) for part in parts) or "0"


class PrivacyLogViewSet(ModelViewSet):
    model = PrivacyLogEntry
    icon = "list-ul"
    menu_label = _("Privacy log")
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = PrivacyLogFilterSet
    list_display = [
        Column("created_at", label=_("time")),
        Column("action", label=_("action"), accessor="get_action_display"),
        Column("username", label=_("user")),
        Column("via", label=_("used through"), accessor="get_via_display"),
        HashColumn("email_hash", label=_("email hash (HMAC-SHA256)")),
        CountsColumn("counts", label=_("found or erased")),
    ]
    list_export = ["created_at", "action", "username", "via", "email_hash", "counts"]
    export_filename = "privacy-log"
    inspect_view_fields = ["created_at", "action", "username", "via", "email_hash", "counts"]
    form_fields = []
    permission_policy = PrivacyOfficerPolicy(PrivacyLogEntry)


@hooks.register("register_admin_viewset")
def register_privacy_log_viewset():
    return PrivacyLogViewSet("privacy_log", url_prefix="privacy/log")


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path("privacy/", views.search_view, name="privacy_search"),
        path("privacy/export/", views.export_view, name="privacy_export"),
        path("privacy/erase/", views.erase_view, name="privacy_erase"),
    ]


class PrivacyMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_privacy_menu():
    submenu = Menu(
        items=[
            MenuItem(_("Find a person's data"), reverse("privacy_search"), name="privacy-search", icon_name="search", order=100),
            MenuItem(_("Privacy log"), reverse("privacy_log:index"), name="privacy-log", icon_name="list-ul", order=200),
        ]
    )
    return PrivacyMenuItem(_("Privacy"), submenu, name="privacy", icon_name="lock", order=9000)


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action("privacy.search", _("Privacy: search"), _("Searched a person's data by email"))
    actions.register_action("privacy.export", _("Privacy: export"), _("Exported a person's data"))
    actions.register_action("privacy.erase", _("Privacy: erase"), _("Erased a person's data"))
