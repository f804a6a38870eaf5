"""Serving a public form: rate limit, validate, store once, never cache. And the submitter's private
status page of a page sent in from a public form (engagement/moderation.py)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from wagtail.contrib.routable_page.models import RoutablePageMixin

from .models import PageSubmission
from .moderation import correction_url
from .ratelimit import is_rate_limited, rate_limited_response


def handle_public_form(request, *, form_class, template, context, on_valid, scope, form_kwargs=None):
    """GET shows an empty form; POST validates it and calls `on_valid(form)`, which returns a response.

    An invalid form is shown again with everything the person typed and an error summary. Responses
    are never cached: each one carries a new captcha and a new submission token. `context` may be a
    callable that returns it: a valid POST, answered by `on_valid`, then never builds it.
    """
    form_kwargs = form_kwargs or {}
    if request.method == "POST":
        if is_rate_limited(request, scope):
            return rate_limited_response(request)
        form = form_class(request.POST, request.FILES, **form_kwargs)
        form.receipt_scope = request.path
        if form.is_valid():
            response = on_valid(form)
            add_never_cache_headers(response)
            return response
    else:
        form = form_class(**form_kwargs)
    response = TemplateResponse(request, template, {**(context() if callable(context) else context), "form": form})
    add_never_cache_headers(response)
    return response


class PublicFormRoutes(RoutablePageMixin):
    """The one pattern for a page that serves public forms (docs/architecture.md).

    Each form is a sub-route of the page, declared with Wagtail's `@path` and linked with
    `self.reverse_subpage(name)`; its view method calls `serve_public_form()`:

        @path("signup/", name="signup")
        def signup(self, request):
            return self.serve_public_form(
                request, form_class=SignupForm, template="events/signup_page.html",
                on_valid=lambda form: redirect(...), form_kwargs={"event": self},
            )

    The page's own context (`get_context`) is the base of the form's template context.
    """

    def serve_public_form(self, request, *, form_class, on_valid, template=None, context=None,
                          form_kwargs=None, scope=None):
        request.is_preview = getattr(request, "is_preview", False)
        return handle_public_form(
            request,
            form_class=form_class,
            template=template or self.get_template(request),
            context=lambda: {**self.get_context(request), **(context or {})},
            on_valid=on_valid,
            scope=scope or f"page:{self.translation_key}",
            form_kwargs=form_kwargs,
        )


@never_cache
def submission_status(request, token):
    """The submitter's private view of their submission, by token; nothing personal is shown."""
    submission = PageSubmission.objects.filter(token=token).select_related("page").first()
    if submission is None:
        raise Http404
    page = submission.page.specific if submission.page else None
    return TemplateResponse(
        request,
        "engagement/submission_status.html",
        {
            "submission": submission,
            "page_url": page.url if page is not None and page.live else "",
            "correction_url": correction_url(submission),
        },
    )
