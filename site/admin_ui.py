"""Admin building blocks that speak each user's language and show local times.

Wagtail evaluates a few labels once, at start-up, in whatever language is active then (the snippets'
breadcrumbs, `UpdatedAtColumn`), so a Swedish moderator read "Päivitetty" or "Etusivu"; and its inspect
views show raw values (True, None) and times in UTC. The project's viewsets use these instead.
"""

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables import UpdatedAtColumn as WagtailUpdatedAtColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser


def display_value(value):
    """A value as a person reads it: yes/no, a dash for nothing, a local date and time."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


class LocalInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or isinstance(value, (bool, date)):
            return display_value(value)
        return value


class YesNoColumn(Column):
    """A boolean as "Yes"/"No" in the user's language (Wagtail's BooleanColumn says "True" in its icon)."""

    def get_value(self, instance):
        return display_value(super().get_value(instance))


def UpdatedAtColumn(**kwargs):  # noqa: N802 - stands in for Wagtail's class
    """Wagtail's UpdatedAtColumn with its label translated when shown, not at start-up."""
    return WagtailUpdatedAtColumn(label=kwargs.pop("label", _("Updated")), **kwargs)


class ModelViewSet(WagtailModelViewSet):
    inspect_view_class = LocalInspectView


def _object_text(msgid, name):
    return gettext(msgid) % {"object": name}


_lazy_object_text = lazy(_object_text, str)


class LocalizedSnippetChooser(AdminSnippetChooser):
    """Wagtail makes one chooser widget per snippet at start-up, with "Choose feedback topic" already in
    the language active then; these texts are translated when shown."""

    def __init__(self, model, **kwargs):
        super().__init__(model, **kwargs)
        name = model._meta.verbose_name
        self.choose_one_text = _lazy_object_text("Choose %(object)s", name)
        self.choose_another_text = _lazy_object_text("Choose another %(object)s", name)
        self.link_to_chosen_text = _lazy_object_text("Edit this %(object)s", name)


class LocalizedSnippetChooserViewSet(SnippetChooserViewSet):
    @cached_property
    def widget_class(self):
        return LocalizedSnippetChooser(model=self.model, icon=self.icon)


class SnippetViewSet(WagtailSnippetViewSet):
    chooser_viewset_class = LocalizedSnippetChooserViewSet

    @property
    def breadcrumbs_items(self):
        breadcrumbs = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
        if getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False) or not self.get_menu_item_is_registered():
            breadcrumbs.append({"url": reverse_lazy("wagtailsnippets:index"), "label": _("Snippets")})
        return breadcrumbs


# Messages of Wagtail's admin that its Finnish or Swedish catalogue lacks (Wagtail 7.4): shown in English,
# or in the Swedish admin in Finnish (Django falls back to the default language). These are the ones on
# the screens the staff use: the explorer (filters, sorting, result counts, row menus), the dashboard,
# the editor, the generic listings and forms, and Wagtail's own screens (images, reports, workflows).
# Marked here so that makemessages keeps them in the project's catalogue, where they are translated;
# Django reads the project's catalogue (LOCALE_PATHS) before Wagtail's. tests/foundation/
# test_admin_languages.py fails on any such message on a project admin view or one of Wagtail's
# screens; tests/foundation/test_wagtail_messages.py checks each one.
WAGTAIL_MESSAGES = (
    gettext_noop("any"),
    gettext_noop("%(range_start)s - %(range_end)s"),
    gettext_noop("Minimum"),
    gettext_noop("Maximum"),
    gettext_noop("Usage count"),
    gettext_noop("Filter by up to ten most popular tags."),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
                 "'<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("%(field_label)s:"),
    gettext_noop("(blank)"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("'%(page_title)s' has been moved successfully."),
    gettext_noop("Focus on the drag button and press up or down arrows to move the item, then press enter to "
                 "submit the change."),
    gettext_noop("Date updated"),
    gettext_noop("Edited by"),
    gettext_noop("Has child pages"),
    gettext_noop("Any"),
    gettext_noop("Exploring"),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("Sort menu order"),
    gettext_noop("Toggle status"),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("Once live anyone can view"),
    gettext_noop("Close dialog"),
    # The dashboard.
    gettext_noop("Edit account avatar"),
    gettext_noop("Search all pages…"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    # The keyboard shortcuts dialog of every admin page.
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Application"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Text editing"),
    gettext_noop("Add or show comments"),
    gettext_noop("Toggle minimap"),
    # The side panels of the explorer and the editor (their Swedish would read Finnish, the default
    # language, to which Django falls back).
    gettext_noop("Side panels"),
    gettext_noop("Side panel width"),
    gettext_noop("Minimap"),
    # The editor of a page or snippet and the generic listings and forms.
    gettext_noop("A network error occurred"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Checks"),
    gettext_noop("Content metrics"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop("Readability"),
    gettext_noop("Saved"),
    gettext_noop("Show issue"),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop("This data explained"),
    gettext_noop("This publishing schedule will only take effect after you select the \"Schedule to publish\" option"),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle comments"),
    gettext_noop("Toggle preview"),
    gettext_noop("Toggle section"),
    gettext_noop("Troubleshoot your connection to the site before proceeding. Open the "
                 "editor in a separate tab to view the last saved version."),
    gettext_noop("View latest version"),
    gettext_noop("We calculate reading time from word count, using different reading speeds for different languages."),
    gettext_noop("We extract the main content from the page preview, "
                 "remove all formatting, and calculate the number of words."),
    gettext_noop("We use a readability formula based on length of words and "
                 "sentences. Long sentences and words result in a worse readability score."),
    # Wagtail's own screens: images, reports, workflows, copying and moving a page, the account,
    # promoted search results.
    gettext_noop("Alias"),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("Copied for translation from %(title)s (%(locale)s)"),
    gettext_noop("Is commenting action"),
    gettext_noop("Keep the new pages updated with future changes"),
    gettext_noop("Select a new parent for this page."),
    gettext_noop("Show disabled"),
    gettext_noop("Snug"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Used by"),
    gettext_noop("Used on"),
    gettext_noop("Views"),
)
