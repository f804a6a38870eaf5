"""The consultation pages: the index (open first, then closed, filtered by theme and stage) and the
consultation itself, with its comment, report and agree routes (docs/architecture.md: pages sit above
forms and services)."""

import uuid

from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail_localize.fields import SynchronizedField

from engagement.ratelimit import is_rate_limited, rate_limited_response
from engagement.views import PublicFormRoutes
from home.models.pages import BasePage
from home.models.routing import SpecificChildRouteMixin
from kumppanuus.filters import page_number, paginated
from kumppanuus.text import request_language

from . import caching, services
from .caching import cached
from .filters import ConsultationFilter
from .forms import AgreeForm, CommentForm, ReportForm
from .models import Answer, Comment, ModerationMode, SectionSummary, Stage

BROWSER_COOKIE = "consultation_browser"
BROWSER_COOKIE_SALT = "consultations.browser"
BROWSER_COOKIE_AGE = 60 * 60 * 24 * 400  # browsers keep a cookie at most 400 days

COMMENTS_PER_SECTION = 10  # a screenful; the rest behind "show more comments" (a link, no JavaScript)
PER_PAGE = 10




class ConsultationIndexPage(SpecificChildRouteMixin, BasePage):
    """Lists the consultations under it: open ones first, then upcoming, then closed."""

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count_per_parent = 1
    child_model = "consultations.ConsultationPage"
    child_select_related = ("theme", "locale")

    class Meta:
        verbose_name = _("consultations page")
        verbose_name_plural = _("consultations pages")

    def form_call_to_action(self, request=None):
        """(button text, URL) for an influence channel that leads here."""
        return str(_("See the consultations and comment")), self.get_url(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = ConsultationPage.objects.live().public().child_of(self).select_related("theme")
        consultations = ConsultationFilter(request.GET or None, queryset=pages, locale=self.locale_id)
        valid = consultations.is_bound and consultations.is_valid()
        number = page_number(request.GET.get("page"))
        selected = sorted(consultations.form.cleaned_data.items()) if valid else []
        # repr: a theme's slug may hold any character, so no separator could keep the keys apart.
        key = repr(("index", self.pk, get_language(), selected, number))
        data = listing_page(key, lambda: (consultations.qs if valid else pages), number)
        context.update(
            filter=consultations,
            items=paginated({name: data[name] for name in ("count", "offset", "rows")}, number, PER_PAGE),
            cards=mark_safe(data["cards"]),  # noqa: S308 - rendered (and escaped) by its template
        )
        return context


def listing_page(key, listing, number):
    """Page `number` of the consultations in `listing()`: its length and its cards rendered once, cached
    until a consultation, theme or summary changes (the namespace) or the next consultation opens or
    closes (which moves it to another group and changes its stage)."""
    now = timezone.now()
    full_key = caching.consultations.key(key)
    data = cache.get(full_key)
    if data is not None and (data["until"] is None or now < data["until"]):
        return data
    queryset = listing()
    page = Paginator(queryset.with_summary_dates().ordered_for_listing(now), PER_PAGE).get_page(number)
    count = page.paginator.count
    items = list(page.object_list)
    bounds = queryset.aggregate(
        opens=models.Min("opens_at", filter=models.Q(opens_at__gt=now)),
        closes=models.Min("closes_at", filter=models.Q(closes_at__gt=now)),
    )
    data = {
        "count": count,
        "offset": page.start_index() - 1 if count else 0,
        "rows": [item.pk for item in items],
        "cards": render_to_string("consultations/includes/consultation_cards.html", {"consultations": items, "now": now}),
        "until": min((moment for moment in bounds.values() if moment is not None), default=None),
    }
    cache.set(full_key, data, caching.consultations.timeout)
    return data


class ConsultationPageQuerySet(PageQuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now=None):
        return self.filter(closes_at__lte=now or timezone.now())

    def with_summary_dates(self):
        summaries = SectionSummary.objects.filter(
            consultation__translation_key=models.OuterRef("translation_key"), published_at__isnull=False
        ).order_by("published_at").values("published_at")[:1]
        return self.annotate(first_summary_at=models.Subquery(summaries))

    def ordered_for_listing(self, now=None):
        """Open ones first (closing soonest first), then upcoming, then closed (latest first)."""
        now = now or timezone.now()
        return self.annotate(
            listing_group=models.Case(
                models.When(opens_at__lte=now, closes_at__gt=now, then=models.Value(0)),
                models.When(opens_at__gt=now, then=models.Value(1)),
                default=models.Value(2),
                output_field=models.IntegerField(),
            )
        ).order_by("listing_group", models.Case(
            models.When(closes_at__gt=now, then="closes_at"), default=None, output_field=models.DateTimeField()
        ).asc(nulls_last=True), "-closes_at", "pk")


class ConsultationPage(PublicFormRoutes, BasePage):
    """A draft put to residents: its sections, documents and timeline, the comment form while it is
    open, and the summary of what was heard once staff publish it."""

    summary = models.TextField(_("summary"), max_length=1000, help_text=_("What is being decided, in a few sentences."))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    theme = models.ForeignKey(
        "consultations.ConsultationTheme", verbose_name=_("theme"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=ModerationMode.choices, default=ModerationMode.PRE
    )
    preparation_started = models.DateField(_("preparation started"), null=True, blank=True)
    decision_expected = models.DateField(
        _("decision expected"), null=True, blank=True, help_text=_("When the decision is expected to be made.")
    )
    decided_at = models.DateField(_("decided"), null=True, blank=True)
    decision = RichTextField(
        _("decision"), blank=True, features=["bold", "italic", "link", "ul", "document-link"],
        help_text=_("What was decided, and by whom; a link to the minutes."),
    )

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("theme"),
                FieldPanel("moderation"),
            ],
            heading=_("Consultation"),
        ),
        InlinePanel("sections", heading=_("Sections of the draft"), label=_("Section"), min_num=1),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        InlinePanel("contacts", heading=_("Contact people"), label=_("Contact person")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("preparation_started"), FieldPanel("decision_expected")]),
                FieldPanel("decided_at"),
                FieldPanel("decision"),
            ],
            heading=_("Timeline"),
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("opens_at"),
        SynchronizedField("closes_at"),
        SynchronizedField("moderation"),
        SynchronizedField("preparation_started"),
        SynchronizedField("decision_expected"),
        SynchronizedField("decided_at"),
    ]

    objects = PageManager.from_queryset(ConsultationPageQuerySet)()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.title

    # --- where the consultation stands ----------------------------------------------------------

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @cached_property
    def summary_published_at(self):
        """When the summary was published (in any language), or None."""
        if hasattr(self, "first_summary_at"):  # annotated by the listing (with_summary_dates)
            return self.first_summary_at
        return (
            SectionSummary.objects.of(self).published().order_by("published_at")
            .values_list("published_at", flat=True).first()
        )

    def stage(self, now=None):
        now = now or timezone.now()
        if self.decided_at:
            return Stage.DECISION
        if self.summary_published_at:
            return Stage.SUMMARY
        if now < self.opens_at:
            return Stage.PREPARATION
        if now < self.closes_at:
            return Stage.OPEN
        return Stage.CLOSED

    def timeline(self, now=None):
        """[(stage, label, date or None, state)] with state "done", "current" or "coming"."""
        current = self.stage(now)
        order = list(Stage)
        dates = {
            Stage.PREPARATION: self.preparation_started,
            Stage.OPEN: self.opens_at,
            Stage.CLOSED: self.closes_at,
            Stage.SUMMARY: self.summary_published_at,
            Stage.DECISION: self.decided_at or self.decision_expected,
        }
        steps = []
        for stage in order:
            position = order.index(stage) - order.index(current)
            state = "done" if position < 0 else "current" if position == 0 else "coming"
            steps.append({"stage": stage, "label": stage.label, "date": dates[stage], "state": state})
        return steps

    # --- what the page shows ----------------------------------------------------------------------

    @property
    def language(self):
        return self.locale.language_code[:2]

    def sub_url(self, name, *args):
        return self.url + self.reverse_subpage(name, args=args)

    def _parts(self, request=None):
        """(sections, contacts, documents): cached per published version; a preview reads its own."""
        def compute():
            return (
                list(self.sections.all()),
                [contact.person for contact in self.contacts.select_related("person")],
                list(self.documents.select_related("document", "image")),
            )

        if getattr(request, "is_preview", False) or not self.pk:
            return compute()
        return cached(f"parts:{self.pk}:{self.last_published_at}:{self.latest_revision_id}", compute)

    def _sections(self):
        return self._parts()[0]

    def _comment_groups(self, languages):
        """Per section translation key (None: the whole draft), its first screenful of published
        comments in `languages`, and how many there are: one query whatever the number of comments."""
        published = Comment.objects.of(self).public().filter(language__in=languages)
        partition = [models.F("section__translation_key")]
        ranked = published.annotate(
            rank=models.Window(RowNumber(), partition_by=partition, order_by=[models.F("created_at").asc(), models.F("pk").asc()]),
            total=models.Window(models.Count("pk"), partition_by=partition),
        ).filter(rank__lte=COMMENTS_PER_SECTION)
        comments, counts = {}, {}
        for comment in ranked.select_related("section").order_by("created_at", "pk"):
            key = comment.section.translation_key if comment.section_id else None
            comments.setdefault(key, []).append(comment)
            counts[key] = comment.total
        return comments, counts

    def _comments_html(self, request, sections, all_languages, has_summaries):
        """Each group's comments as HTML (how many, the first screenful, the link to all of them) by
        key: a section's translation key, or "draft". Rendered once per change of the comments, their
        agreements or the summaries (each bumps the namespace), publication and language shown: a
        hundred comments were most of the page's time. A preview renders its own."""
        language = get_language()
        languages = ["fi", "sv"] if all_languages else [self.language]

        def compute():
            comments, counts = self._comment_groups(languages)
            cited = self._cited_ids() if has_summaries else set()
            html = {}
            for key, section in [*((section.translation_key, section) for section in sections), (None, None)]:
                items = comments.get(key, [])
                for comment in items:
                    comment.is_cited = comment.pk in cited
                    self.add_comment_urls(comment)
                total = counts.get(key, 0)
                group = {
                    "section": section, "key": str(key or "draft"), "comments": items, "total": total,
                    "more": total - len(items),
                    "all_url": self.sub_url("comments", str(key or "draft")) + ("?languages=all" if all_languages else ""),
                }
                html[group["key"]] = render_to_string(
                    "consultations/includes/comment_group.html", {"group": group, "LANGUAGE_CODE": language}
                )
            return html

        if getattr(request, "is_preview", False) or not self.pk:
            return compute()
        return cached(
            f"comments:{self.pk}:{self.last_published_at}:{self.latest_revision_id}:{all_languages}:"
            f"{has_summaries}:{language}", compute,
        )

    def add_comment_urls(self, comment):
        comment.agree_url = self.sub_url("agree", comment.pk)
        comment.report_url = self.sub_url("report", comment.pk)
        return comment

    def _cited_ids(self):
        return set(
            SectionSummary.cited_comments.through.objects.filter(
                sectionsummary__consultation__translation_key=self.translation_key,
                sectionsummary__published_at__isnull=False,
            ).values_list("comment_id", flat=True)
        )

    def _results(self, sections):
        """Each question's results (all languages together) for the chart and its table."""
        counts = cached(f"results:{self.translation_key}", lambda: Answer.objects.results(self))
        results = {}
        for section in sections:
            if not section.has_question:
                continue
            answered = counts.get(section.translation_key, {})
            rows = [{"label": label, "count": answered.get(number, 0)} for number, label in section.choices()]
            total = sum(row["count"] for row in rows)
            top = max([row["count"] for row in rows] + [1])
            for index, row in enumerate(rows):
                row["percent"] = round(row["count"] * 100 / total) if total else 0
                row["width"] = round(row["count"] * 100 / top)
                row["y"] = index * 32
            results[section.translation_key] = {"rows": rows, "total": total, "height": len(rows) * 32}
        return results

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        sections, contacts, documents = self._parts(request)
        all_languages = request.GET.get("languages") == "all"
        summaries = {
            summary.section.translation_key if summary.section_id else None: summary
            for summary in SectionSummary.objects.published().filter(consultation=self)
            .select_related("section").prefetch_related("cited_comments")
        }
        # The summary's date for the timeline, from the summaries just read (all languages publish together).
        self.__dict__["summary_published_at"] = min(
            (summary.published_at for summary in summaries.values()), default=None
        )
        results = self._results(sections) if summaries or not self.is_open(now) else {}
        open_now = self.is_open(now)
        comments_html = self._comments_html(request, sections, all_languages, has_summaries=bool(summaries))

        def group(key, section):
            return {
                "section": section,
                "summary": summaries.get(key),
                "results": results.get(key) if section is not None else None,
                "comment_url": (self.sub_url("comment_section", section.pk) if section else self.sub_url("comment"))
                if open_now else "",
                "comments_html": comments_html[str(key or "draft")],
            }

        context.update(
            now=now,
            is_open=open_now,
            stage=self.stage(now),
            groups=[group(section.translation_key, section) for section in sections],
            draft_group=group(None, None),
            all_languages=all_languages,
            other_languages_url="?" + urlencode({"languages": "all"}) + "#comments",
            own_language_url="?#comments",
            has_summary=bool(summaries),
            contacts=contacts,
            documents=documents,
        )
        return context

    # --- routes -----------------------------------------------------------------------------------

    @path("")
    def consultation(self, request):
        return self.render(request)

    def _closed_response(self, request):
        return TemplateResponse(
            request, "consultations/closed.html",
            {**self.get_context(request), "page": self, "self": self}, status=200,
        )

    def _comment(self, request, section):
        if not self.is_open():
            return self._closed_response(request)
        language = request_language(get_language() or self.language)

        def on_valid(form):
            data = form.cleaned_payload

            def submit():
                return services.submit_comment(
                    self, text=data.get("text", ""), language=language, section=section,
                    nickname=data.get("nickname", ""), email=data.get("email", ""), choices=form.choices,
                )

            try:
                # An answer without a comment has nothing to keep a receipt of; a comment is stored once.
                comment = form.store_once(submit)[0] if data.get("text") else submit()
            except services.ConsultationClosed:
                return self._closed_response(request)
            return TemplateResponse(request, "consultations/comment_received.html", {
                "page": self, "self": self, "comment": comment, "section": section,
            })

        return self.serve_public_form(
            request, form_class=CommentForm, on_valid=on_valid, template="consultations/comment_form.html",
            context={"section": section}, form_kwargs={"section": section},
            scope=f"consultations:comment:{self.translation_key}",
        )

    @path("comment/", name="comment")
    def comment(self, request):
        return self._comment(request, None)

    @path("comment/<int:section_id>/", name="comment_section")
    def comment_section(self, request, section_id):
        section = self.sections.filter(pk=section_id).first()
        if section is None:
            raise Http404
        return self._comment(request, section)

    def _public_comment(self, pk):
        comment = Comment.objects.of(self).public().select_related("section").filter(pk=pk).first()
        if comment is None:
            raise Http404
        return self.add_comment_urls(comment)

    def _back_url(self, comment):
        query = "?languages=all" if comment.language != self.language else ""
        return f"{self.url}{query}#comment-{comment.pk}"

    @path("comment/<int:pk>/report/", name="report")
    def report(self, request, pk):
        comment = self._public_comment(pk)

        def on_valid(form):
            token, new_token = browser_token(request)
            services.report(comment, services.browser_hash(token), form.cleaned_payload.get("reason", ""))
            response = TemplateResponse(request, "consultations/reported.html", {
                "page": self, "self": self, "comment": comment, "back_url": self._back_url(comment),
            })
            return remember_browser(response, token, new_token)

        return self.serve_public_form(
            request, form_class=ReportForm, on_valid=on_valid, template="consultations/report_form.html",
            context={"comment": comment, "back_url": self._back_url(comment)},
            scope=f"consultations:report:{self.translation_key}",
        )

    @path("comment/<int:pk>/agree/", name="agree")
    def agree(self, request, pk):
        comment = self._public_comment(pk)
        if request.method == "POST":
            if is_rate_limited(request, f"consultations:agree:{self.translation_key}"):
                return rate_limited_response(request)
            token, new_token = browser_token(request)
            services.agree(comment, services.browser_hash(token))
            response = HttpResponseRedirect(self._back_url(comment))
            return remember_browser(response, token, new_token)
        return TemplateResponse(request, "consultations/agree_form.html", {
            **self.get_context(request), "comment": comment, "form": AgreeForm(),
            "back_url": self._back_url(comment),
        })

    @path("comments/<str:key>/", name="comments")
    def comment_list(self, request, key):
        """Every published comment of one section (or of the whole draft), a page at a time."""
        sections = {str(section.translation_key): section for section in self._sections()}
        if key != "draft" and key not in sections:
            raise Http404
        all_languages = request.GET.get("languages") == "all"
        comments = Comment.objects.of(self).public().filter(
            language__in=["fi", "sv"] if all_languages else [self.language]
        )
        comments = comments.filter(section__isnull=True) if key == "draft" else comments.filter(
            section__translation_key=key)
        items = Paginator(comments.order_by("created_at", "pk"), 50).get_page(request.GET.get("page"))
        cited = self._cited_ids()
        for comment in items:
            comment.is_cited = comment.pk in cited
            self.add_comment_urls(comment)
        return self.render(request, template="consultations/comment_list.html", context_overrides={
            "section": sections.get(key), "items": items, "all_languages": all_languages,
        })


def browser_token(request):
    """(token, is new): this browser's random token from its signed cookie, or a new one."""
    try:
        return request.get_signed_cookie(BROWSER_COOKIE, salt=BROWSER_COOKIE_SALT), False
    except (KeyError, signing.BadSignature):
        return uuid.uuid4().hex, True


def remember_browser(response, token, new):
    if new:
        response.set_signed_cookie(
            BROWSER_COOKIE, token, salt=BROWSER_COOKIE_SALT, max_age=BROWSER_COOKIE_AGE,
            httponly=True, samesite="Lax", secure=None,
        )
    return response
