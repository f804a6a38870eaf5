"""The content side in the Wagtail admin.

Directory (issue 3): contact people, departments and association categories as snippets. (Submissions
from the public forms are engagement's: engagement/wagtail_hooks.py; the report of entries not confirmed
for a year is the directory module's: engagement/directory/wagtail_hooks.py.)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from home.models import AssociationCategory, ContactPerson, Department
from kumppanuus.admin_ui import SnippetViewSet

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


