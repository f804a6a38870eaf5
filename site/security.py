"""Security headers on every response, cached pages included (this middleware sits outside the page cache).

- Content-Security-Policy (django-csp): the public site runs no inline script or style, so its policy
  allows only this site's own files, and frames from the video services in CSP_EMBED_SOURCES.
  CONTENT_SECURITY_POLICY in the settings.
- The Wagtail admin (and its previews, which render public templates) needs inline scripts and styles:
  it gets the looser ADMIN_CONTENT_SECURITY_POLICY, still limited to this site.
- Permissions-Policy: no camera, microphone, location, payment or sensors (PERMISSIONS_POLICY).
- RejectNulBytesMiddleware: 400 for a NUL character in the address.
- Sign-in lockout after repeated failures (django-axes), below.
Django's SecurityMiddleware sends the rest: X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Opener-Policy and, in production, HSTS; X-Frame-Options comes from XFrameOptionsMiddleware.
"""

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, SuspiciousOperation
from django.forms.utils import ErrorDict
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from wagtail.admin.views.account import LoginView

ADMIN_PREFIXES = ("/admin/",)


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(settings, "PERMISSIONS_POLICY", "") and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


class RejectNulBytesMiddleware:
    """A NUL character in the path or the query string is never part of a real address of this site, and
    PostgreSQL cannot store or compare one: answer 400 (the 400 page, in the URL's language) instead of
    letting a view fail on it. Forms reject NUL in what they are sent with their own error message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise SuspiciousOperation("NUL character in the address")
        return self.get_response(request)


# --- Sign-in lockout (django-axes) --------------------------------------------------------------------------
# AXES_* in the settings: after AXES_FAILURE_LIMIT failed sign-ins with one username from one address,
# that pair is locked out for AXES_COOLOFF_TIME. The attempts are kept in the database, so every app
# server agrees; a successful sign-in clears them.


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, except that authenticate() without a request (the test client's login(), scripts)
    is left to the next backend: every sign-in over HTTP passes the request, and is counted."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message():
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "Too many failed sign-in attempts. Signing in with this username from your address is blocked for "
        "%(minutes)d minute. Try again later, or ask an administrator to unlock the account.",
        "Too many failed sign-in attempts. Signing in with this username from your address is blocked for "
        "%(minutes)d minutes. Try again later, or ask an administrator to unlock the account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The admin's own sign-in page again, with the lockout explained above the form (429); elsewhere (the
    sign-in of private pages) the site's page with the same message."""
    message = lockout_message()
    if request.path_info.startswith(ADMIN_PREFIXES):
        view = LoginView()
        view.setup(request)
        form = view.get_form_class()(request=request, initial={"username": (credentials or {}).get("username", "")})
        form.cleaned_data = {}
        form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([message], error_class="nonfield")})
        response = TemplateResponse(request, view.template_name, view.get_context_data(form=form), status=429)
    else:
        response = TemplateResponse(request, "lockout.html", {"message": message}, status=429)
    return response.render()  # axes hands it back from a middleware, after the templates are rendered
