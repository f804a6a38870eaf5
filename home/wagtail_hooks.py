"""The content side in the Wagtail admin.

Directory (issue 3): contact people, departments and association categories as snippets. (Submissions
from the public forms are engagement's: engagement/wagtail_hooks.py; the report of entries not confirmed
for a year is the directory module's: engagement/directory/wagtail_hooks.py.)
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets.button import ListingButton
from wagtail.models import Locale, Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationSource

from home.caching import layout
from home.models import AssociationCategory, ContactPerson, Department
from home.rich_text import CachedPageLinkHandler
from kumppanuus.admin_ui import SnippetViewSet

# --- Rich text -----------------------------------------------------------------------------------------


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own (order 0), which it replaces
def cached_page_links(features):
    features.register_link_type(CachedPageLinkHandler)


# --- Directory: snippets -----------------------------------------------------------------------------


# Feedback topics notify their contact people: whoever may change such a person's address decides
# where residents' feedback goes, so only those who may route feedback can (engagement/feedback).
FEEDBACK_ROUTING_PERMISSION = "feedback.change_topic_routing"


class ContactPersonAdminForm(WagtailAdminModelForm):
    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        instance = self.instance
        changed = instance.pk is not None and email.casefold() != (instance.email or "").casefold()
        user = self.for_user
        if changed and instance.feedback_topics.exists() and not (user and user.has_perm(FEEDBACK_ROUTING_PERMISSION)):
            raise ValidationError(
                _("This person is notified of new feedback. Ask a feedback handler to change the address.")
            )
        return email


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_label = _("Contact people")
    list_display = ["name", "role", "department", "email", "phone", "locale"]
    list_filter = ["department", "locale"]
    search_fields = ["name", "role", "topics", "email"]
    # The database, not the search index: searching named fields crashes Wagtail's SQLite index
    # (wagtail#10217, the `make run` setup), and these lists are short.
    search_backend_name = None
    ordering = ["sort_order", "name"]

    def get_edit_handler(self):
        return ObjectList(ContactPerson.panels, base_form_class=ContactPersonAdminForm).bind_to_model(ContactPerson)


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "sort_order", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]
    search_backend_name = None  # as for contact people


class AssociationCategoryViewSet(SnippetViewSet):
    model = AssociationCategory
    icon = "tag"
    menu_label = _("Association categories")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "group"
    menu_order = 250
    items = (ContactPersonViewSet, DepartmentViewSet, AssociationCategoryViewSet)


register_snippet(DirectoryGroup)




# --- The page explorer's translation buttons, without two queries per row ----------------------------
#
# wagtail-localize decides its "Translate this page" and "Sync translated pages" buttons with two queries
# for each page listed: 100 of the explorer's 140 queries on a page of 50 events. The explorer's queryset
# gets the two answers as annotations instead (evaluated for the listed rows only), and the buttons are
# made from them; anywhere else (page headers, other listings) wagtail-localize's own function runs.


@hooks.register("construct_explorer_page_queryset")
def annotate_translation_state(_parent_page, pages, request):
    if not request.user.has_perm("wagtail_localize.submit_translation"):
        return pages
    translations = (
        Page.objects.filter(translation_key=OuterRef("translation_key"), alias_of__isnull=True)
        .order_by().values("translation_key").annotate(n=Count("locale_id", distinct=True)).values("n")
    )
    synced = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id"), translations__enabled=True
    ).values("pk")[:1]
    # The number of locales once for the listing, not a cache read per row.
    locales = layout.cached("locale-count", Locale.objects.count)
    return pages.annotate(localize_translated_locales=Subquery(translations), localize_synced_source=Subquery(synced),
                          localize_locale_count=Value(locales, output_field=IntegerField()))


def translation_buttons(page, user, view_name=None, next_url=None):
    if not hasattr(page, "localize_translated_locales"):
        yield from localize_hooks.page_listing_more_buttons(page, user, view_name=view_name, next_url=next_url)
        return
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    if (page.localize_translated_locales or 0) < page.localize_locale_count:
        url = reverse("wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id])
        yield ListingButton(_("Translate this page"), url, priority=60, icon_name="wagtail-localize-language")
    if page.localize_synced_source is not None:
        url = reverse("wagtail_localize:update_translations", args=[page.localize_synced_source])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield ListingButton(_("Sync translated pages"), url, priority=60, icon_name="resubmit")


# In place of wagtail-localize's function for the listings (its page header buttons stay its own).
hooks._hooks["register_page_listing_more_buttons"] = [
    (function, order) for function, order in hooks._hooks["register_page_listing_more_buttons"]
    if function is not localize_hooks.page_listing_more_buttons
]
hooks.register("register_page_listing_more_buttons", translation_buttons)
