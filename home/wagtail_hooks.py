"""The content side in the Wagtail admin.

Directory (issue 3): contact people, departments and association categories as snippets; association
submissions from the public form. (The report of entries not confirmed for a year: the directory module.)
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from engagement.models import PageSubmission
from home.models import AssociationCategory, ContactPerson, Department
from kumppanuus.admin_ui import ModelViewSet, SnippetViewSet

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


# --- Directory: submissions from the public forms (all kinds, read-only) -----------------------------


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
