"""The public proposals page: the listing, the form for a new proposal, and each proposal at its own URL."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from engagement.views import PublicFormRoutes
from home.models import SiteSettings
from home.models.pages import BasePage
from kumppanuus.filters import page_number, paginated, rows_of_page
from kumppanuus.text import request_language

from .caching import cached
from .filters import SORTS, ProposalFilterSet
from .forms import FollowForm, ProposalForm, SupportForm
from .models import LANGUAGE_CHOICES, Proposal, ProposalState, ProposalTheme, threshold_for
from .services import receive_proposal, request_follow, request_support

PER_PAGE = 10


class ProposalIndexPage(PublicFormRoutes, BasePage):
    """Lists published proposals of both languages; the counts are shared, as proposals are not per page."""

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("proposals page")
        verbose_name_plural = _("proposals pages")

    def form_call_to_action(self, request=None):
        """(button text, URL) for an influence channel whose form this is: the new proposal form."""
        return str(_("Make a proposal")), self.get_url(request) + self.reverse_subpage("new")

    # --- helpers --------------------------------------------------------------------------------

    def _threshold(self, request):
        return threshold_for(SiteSettings.for_request(request).entitled_voters)

    def _themes(self):
        """[(slug, name, translation_key)] of the themes in this page's language, cached."""
        return cached(
            f"themes:{self.locale_id}",
            lambda: list(
                ProposalTheme.objects.filter(locale_id=self.locale_id).values_list("slug", "name", "translation_key")
            ),
        )

    def _theme_names(self):
        return {key: name for _slug, name, key in self._themes()}

    def _states(self):
        return cached("states", lambda: {state.pk: state for state in ProposalState.objects.all()})

    def _rows(self, filters, number):
        """Page `number` of the filtered, sorted listing as plain rows (rows_of_page), cached until anything
        about proposals changes."""

        def compute():
            listing = filters.filter_queryset(Proposal.objects.published().with_support_count()).values(
                "pk", "title", "summary", "language", "published_at", "answered_at", "state_id",
                "theme__translation_key", "support_total",
            )
            return rows_of_page(listing, number, PER_PAGE, list)

        return cached("rows:" + ":".join([*filters.selected().values(), str(number)]), compute)

    def proposal_url(self, proposal, route="proposal"):
        """The proposal's page (or its support or follow form: `route`) under this page."""
        return self.url + self.reverse_subpage(route, args=[proposal.pk])

    # --- routes ---------------------------------------------------------------------------------

    @path("", name="listing")
    def listing(self, request):
        states = self._states()
        theme_names = self._theme_names()
        filters = ProposalFilterSet(request.GET, queryset=Proposal.objects.none())
        number = page_number(request.GET.get("page"))
        items = paginated(self._rows(filters, number), number, PER_PAGE)
        for row in items.object_list:
            row["state"] = states.get(row["state_id"])
            row["theme_name"] = theme_names.get(row["theme__translation_key"], "")
            row["url"] = self.url + self.reverse_subpage("proposal", args=[row["pk"]])
        return self.render(
            request,
            context_overrides={
                "new_url": self.url + self.reverse_subpage("new"),
                "items": items,
                "themes": [{"slug": slug, "name": name} for slug, name, _key in self._themes()],
                "states": [s for s in states.values() if s.is_public],
                "language_choices": LANGUAGE_CHOICES,
                "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
                "selected": filters.selected(),
                "threshold": self._threshold(request),
            },
        )

    @path("new/", name="new")
    def new_proposal(self, request):
        def on_valid(form):
            language = request_language()
            proposal, _created = form.store_once(lambda: receive_proposal(form.cleaned_payload, language))
            return TemplateResponse(
                request,
                "proposals/proposal_received.html",
                {"page": self, "self": self, "proposal": proposal},
            )

        return self.serve_public_form(
            request,
            form_class=ProposalForm,
            template="proposals/proposal_form.html",
            on_valid=on_valid,
            scope=f"proposals:new:{self.translation_key}",
        )

    def _get_public(self, pk):
        """The proposal with its state, theme, association and support count; cached per version."""

        def fetch():
            proposal = (
                Proposal.objects.filter(pk=pk)
                .select_related("state", "theme", "association", "merged_into")
                .with_support_count()
                .first()
            )
            if proposal is None or proposal.moderation not in (Proposal.Moderation.PUBLISHED, Proposal.Moderation.MERGED):
                return False
            if not proposal.state.is_public:
                return False
            association = proposal.association
            if association is not None and association.locale_id != self.locale_id:
                association = association.get_translation_or_none(self.locale) or association
            proposal.association_here = association
            return proposal

        proposal = cached(f"proposal:{pk}:{self.locale_id}", fetch)
        if not proposal:
            raise Http404
        return proposal

    @path("<int:pk>/", name="proposal")
    def proposal(self, request, pk):
        proposal = self._get_public(pk)
        if proposal.moderation == Proposal.Moderation.MERGED and proposal.merged_into_id:
            return redirect(self.proposal_url(proposal.merged_into), permanent=False)
        theme_names = self._theme_names()
        proposal.theme_name = theme_names.get(proposal.theme.translation_key, "") if proposal.theme_id else ""
        association = proposal.association_here
        threshold = self._threshold(request)
        count = proposal.support_count()
        return self.render(
            request,
            template="proposals/proposal_detail.html",
            context_overrides={
                "proposal": proposal,
                "association": association,
                "threshold": threshold,
                "count": count,
                "support_url": self.proposal_url(proposal, "support") if proposal.takes_supports else "",
                "follow_url": self.proposal_url(proposal, "follow") if proposal.is_open else "",
                "progress": min(100, int(count * 100 / threshold)) if threshold else None,
            },
        )

    def _form_route(self, request, pk, form_class, template, on_valid, scope):
        proposal = self._get_public(pk)
        # A decided proposal can still be followed (to hear when it is implemented) but not supported.
        if not (proposal.takes_supports if scope == "support" else proposal.is_open):
            return redirect(self.proposal_url(proposal))
        proposal_url = self.proposal_url(proposal)

        def on_valid_form(form):
            on_valid(form, proposal)
            return TemplateResponse(
                request,
                "proposals/check_email.html",
                {"page": self, "self": self, "proposal": proposal, "proposal_url": proposal_url, "kind": scope},
            )

        return self.serve_public_form(
            request,
            form_class=form_class,
            template=template,
            context={"proposal": proposal, "proposal_url": proposal_url},
            on_valid=on_valid_form,
            scope=f"proposals:{scope}",
        )

    @path("<int:pk>/support/", name="support")
    def support(self, request, pk):
        def on_valid(form, proposal):
            data = form.cleaned_payload
            form.store_once(
                lambda: request_support(proposal, data["name"], data["email"], request_language())
            )

        return self._form_route(request, pk, SupportForm, "proposals/support_form.html", on_valid, "support")

    @path("<int:pk>/follow/", name="follow")
    def follow(self, request, pk):
        def on_valid(form, proposal):
            email = form.cleaned_payload["email"]
            form.store_once(lambda: request_follow(proposal, email, request_language()))

        return self._form_route(request, pk, FollowForm, "proposals/follow_form.html", on_valid, "follow")
