"""The association form page: an association adds its entry to the directory, updates it, sends a
corrected version when the moderators ask for changes, and confirms once a year that it is current.

Routes (docs/architecture.md: one pattern for a page with forms):

    ""                      a new entry
    "update/<entry>/"       an update of a live entry, filled in from the live page
    "correct/<token>/"      a corrected version of a submission the moderators asked changes to
    "confirm/<token>/"      the yearly "still current" link (GET asks, POST confirms)
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from engagement.moderation import form_content, submission_to_correct
from engagement.views import PublicFormRoutes
from home.models import AssociationCategory, AssociationIndexPage, AssociationPage
from home.models.pages import BasePage

from .forms import AssociationForm
from .services import (
    association_form_initial,
    confirm_association,
    correction_initial,
    create_association_submission,
)

CONFIRM_STATUS = {"ask": 200, "confirmed": 200, "already": 200, "expired": 410, "invalid": 400}


class AssociationFormPage(PublicFormRoutes, BasePage):
    """The public form of the association directory. New entries go under the live directory of the
    page's language; the directory links here through its "form for associations"."""

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "directory/association_form.html"

    class Meta:
        verbose_name = _("association form page")
        verbose_name_plural = _("association form pages")

    def form_call_to_action(self, request=None):
        """(button text, URL) for a directory or an influence channel that links to this form."""
        return str(_("Add or update your association")), self.get_url(request)

    def entry_update_url(self, entry_pk, request=None):
        """Where the association of the entry `entry_pk` suggests an update (linked from its page)."""
        return self.get_url(request) + self.reverse_subpage("update", args=[entry_pk])

    def directory(self):
        return AssociationIndexPage.objects.live().filter(locale_id=self.locale_id).order_by("path").first()

    # --- routes ---------------------------------------------------------------------------------

    @path("", name="form")
    def new_entry(self, request):
        return self._serve_form(request)

    @path("update/<int:entry_id>/", name="update")
    def update_entry(self, request, entry_id):
        entry = AssociationPage.objects.live().filter(pk=entry_id).first()
        if entry is None:
            raise Http404
        # The entry in this page's language, where it is translated (and live).
        translated = entry.get_translation_or_none(self.locale)
        if translated is not None and translated.live:
            entry = translated
        return self._serve_form(request, entry=entry)

    @path("correct/<str:token>/", name="correct")
    def correct_submission(self, request, token):
        correcting = submission_to_correct(token, "association")
        if correcting is None:
            raise Http404
        entry = None
        if correcting.is_queued_update:
            entry = AssociationPage.objects.live().filter(pk=correcting.page_id).first()
        return self._serve_form(request, entry=entry, correcting=correcting)

    @path("confirm/<str:token>/", name="confirm")
    def confirm(self, request, token):
        """The "yes, our entry is still current" link from the yearly email: the link (GET) shows the
        entry and a button; the button (POST) confirms. Mail scanners that open links confirm nothing."""
        result, association = confirm_association(token, commit=request.method == "POST")
        update_url = self.entry_update_url(association.pk, request) if association is not None else ""
        response = TemplateResponse(
            request,
            "directory/association_confirm.html",
            {**self.get_context(request), "result": result, "association": association, "update_url": update_url},
            status=CONFIRM_STATUS[result],
        )
        add_never_cache_headers(response)
        return response

    # --- the form -------------------------------------------------------------------------------

    def _serve_form(self, request, entry=None, correcting=None):
        """New entries (no `entry`) become draft pages in the moderators' workflow; updates of a live
        entry wait as submissions until a moderator applies them; both are told by email."""
        index = self.directory()
        if index is None:
            raise Http404
        categories = [
            (category.slug, category.name) for category in AssociationCategory.objects.filter(locale_id=self.locale_id)
        ]
        initial = correction_initial(correcting) if correcting is not None else association_form_initial(entry)

        def on_valid(form):
            submission, _created = form.store_once(
                lambda: create_association_submission(
                    form.cleaned_payload, index=index, entry=entry, locale=self.locale, replaces=correcting,
                    content=form_content(form),
                )
            )
            return TemplateResponse(
                request,
                "directory/association_form_done.html",
                {"page": self, "self": self, "submission": submission, "index": index, "entry": entry},
            )

        return self.serve_public_form(
            request,
            form_class=AssociationForm,
            context={"index": index, "entry": entry, "correcting": correcting},
            on_valid=on_valid,
            scope="association-form",
            form_kwargs={"categories": categories, "initial": initial},
        )
