"""The association form's stable addresses, from before it was a page: `associations/submit/` (linked from
emails already sent, with `?entry=` or `?submission=`, and from pages of other modules) and the yearly
`associations/confirm/<token>/` links. Each redirects to the form page's route in the active language."""

import re

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from .services import form_page, path_token

TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _redirect_to(route, *args):
    page = form_page()
    if page is None:
        raise Http404
    return redirect(page.url + page.reverse_subpage(route, args=args))


@never_cache
def association_form(request):
    entry = request.GET.get("entry", "")
    token = request.GET.get("submission", "")
    if entry.isdigit():
        return _redirect_to("update", int(entry))
    if TOKEN.fullmatch(token):
        return _redirect_to("correct", token)
    return _redirect_to("form")


@never_cache
def association_confirm(request, token):
    return _redirect_to("confirm", path_token(token))
