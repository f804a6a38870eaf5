"""Hostile input everywhere a visitor can put it: every field of every public form (found by crawling the
demo and following the links in its emails, so a new form or field is covered by itself), every query
parameter a public view reads (recorded while it answers), the path parameters of the routes, and the
Open311 API. In Finnish and Swedish.

Text is stored as it was written, angle brackets included (no form refuses them as HTML); it is escaped
on output. Each answer must be below 500; HTML must never contain the markup unescaped; no header may be split;
nothing may read files; over-long fields and oversized requests must be rejected with a 4xx or the
form's own error message. What was accepted and stored is then published (pages, proposals, answered
feedback) and the public site crawled again: the payloads must be escaped there too, and in every email
sent, and the Open311 API, the Atom feeds and the calendars must stay well-formed. That crawl fetches
again the pages the test published or added, and one of each kind and language of those that read a
database table the test wrote (recorded when the demo was first crawled, site_map.Tables); it follows
the links of the others.
"""

from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction
from django.test import Client as DjangoClient
from django.utils.crypto import get_random_string
from wagtail.models import Page

from engagement.feedback import services as feedback_services
from engagement.feedback.models import Feedback, FeedbackTopic, Open311ApiKey
from engagement.models import PageSubmission
from engagement.proposals import services as proposal_services
from engagement.proposals.models import Proposal

from ..site_map import (
    LANGUAGES,
    ParameterRecorder,
    Tables,
    crawl,
    email_links,
    form_data,
    get_forms,
    has_errors,
    one_page_per_kind,
    resolver_routes,
)

pytestmark = pytest.mark.django_db


class Client(DjangoClient):
    """Each request in its own savepoint, as each has its own transaction in production: one that fails in
    the database leaves the test's transaction usable. Errors come back as 500 answers, not exceptions."""

    def __init__(self, **defaults):
        super().__init__(raise_request_exception=False, **defaults)

    def request(self, **request):
        try:
            with transaction.atomic():
                response = super().request(**request)
                if response.status_code >= 500:
                    raise _Failed(response)
        except _Failed as failed:
            response = failed.response
        return response


class _Failed(Exception):
    def __init__(self, response):
        self.response = response

PAYLOADS = {
    "xss-script": "<script>alert(1)</script>",
    "xss-attribute": '"><img src=x onerror=alert(1)>',
    "sql": "' OR 1=1 --",
    "path-traversal": "../../etc/passwd",
    "header-injection": "foo\r\nSet-Cookie: x=y",
    "nul": "a\x00b",
    "control-characters": "Rivi\x0btoinen\x1b[31m\x07",
}
# Numbers a view may try to parse: pages, ids, years.
QUERY_EXTRAS = {"negative": "-1", "huge-number": "9" * 40, "long": "x" * 5000}
UNESCAPED = ("<script>alert(1)", "<img src=x onerror")
# Django's own internals read these; they are not parameters of the site's views.
IGNORED_PARAMETERS = {"csrfmiddlewaretoken"}
TITLE_400 = {"fi": "Pyyntöä ei voitu käsitellä", "sv": "Begäran kunde inte behandlas"}


def problems_in(response, label):
    """What is wrong with this answer, as a list of messages."""
    found = []
    if response.status_code >= 500:
        error = getattr(response, "exc_info", None)
        found.append(f"{label}: {response.status_code}" + (f" {error[1]!r}" if error else ""))
    for name, value in response.items():
        if "\r" in value or "\n" in value or name.lower() == "x":
            found.append(f"{label}: header {name!r} was split: {value!r}")
    if "x" in response.cookies:
        found.append(f"{label}: the payload set a cookie")
    if getattr(response, "streaming", False):
        return found
    body = response.content.decode(errors="replace")
    if "root:x:0:" in body:
        found.append(f"{label}: /etc/passwd in the answer")
    if "html" in response.get("Content-Type", ""):
        for marker in UNESCAPED:
            if marker in body:
                found.append(f"{label}: {marker!r} unescaped in the HTML")
    return found


def email_problems(start):
    """The HTML of every email sent since `start` escapes the payloads."""
    found = []
    for message in mail.outbox[start:]:
        for content, mime in getattr(message, "alternatives", []):
            if "html" in mime and any(marker in content for marker in UNESCAPED):
                found.append(f"email {message.subject!r}: payload unescaped in its HTML")
        for name, value in message.extra_headers.items():
            if "\n" in str(value):
                found.append(f"email {message.subject!r}: header {name} split")
        if "\n" in message.subject:
            found.append(f"email {message.subject!r}: the subject was split")
    return found


def language_of(path):
    return path[1:3] if path[1:3] in LANGUAGES and path[3:4] == "/" else "fi"


# The kinds of public form on the demo (the template or view of the page they are on), the slowest
# first: each kind, in both languages, is its own test (a failure names the kind; the demo it runs on is
# built once for the package, see conftest.py). `test_the_sweep_reaches_every_public_form` fails when the
# crawl finds a kind that is not listed here, so a new form is still covered by itself.
FORM_KINDS = [
    "directory/association_form.html",
    "events/submit_event.html",
    "feedback/feedback_page.html",
    "proposals/proposal_form.html",
    "events/signup_form.html",
    "consultations/comment_form.html",
    "proposals:private",
    "proposals/support_form.html",
    "consultations/report_form.html",
    "proposals/follow_form.html",
    "consultations/agree_form.html",
    "events:cancel",
]
# What the forms of a kind store, to be published and looked at again.
STORES = {
    "directory/association_form.html": PageSubmission,
    "events/submit_event.html": PageSubmission,
    "feedback/feedback_page.html": Feedback,
    "proposals/proposal_form.html": Proposal,
}


def kind_id(kind):
    return kind.removesuffix(".html").replace("/", "-").replace(":", "-")


def is_closed(client, form):
    """Whether the form's page no longer shows all its fields (e.g. a sign-up already cancelled)."""
    shown = client.get(form.page).content.decode()
    return not all(f'name="{spec.name}"' in shown for spec in form.fields if spec.name not in IGNORED_PARAMETERS)


# Fields where a person types free text: each payload goes into all of them in one POST (what the form
# stores then holds it in every such field at once). The captcha and the honeypot are sent one at a time:
# a payload there is refused for its own reason.
FREE_TEXT = ("text", "textarea", "search")
ONE_AT_A_TIME = {"captcha_0", "captcha_1", "website"}


def sweep_form(form, covered, seen_links):
    """Send `form` valid, then each payload in each field and each field over its max_length, then
    oversized; return (failures, closed). A field is tried once per language and kind of form
    (`covered`: the sign-up forms of all events share their name and email fields).

    A payload goes into the free-text fields together (FREE_TEXT), into the others one field at a time.
    When the form refuses the one with them all (a field's own validation), or it shows a problem, each
    of those fields is sent again alone: what a field accepts is stored, and a problem is named by its
    field."""
    failures = []
    language = language_of(form.action)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if is_closed(client, form):
        return failures, True  # nothing to send any more
    baseline = client.post(form.action, form_data(form))
    failures += problems_in(baseline, f"{form.action} (valid)")
    todo = [spec for spec in form.fields
            if spec.name not in IGNORED_PARAMETERS and (form.action[:4], form.kind, spec.name) not in covered]
    covered |= {(form.action[:4], form.kind, spec.name) for spec in todo}
    together = [spec.name for spec in todo if spec.kind in FREE_TEXT and spec.name not in ONE_AT_A_TIME]
    alone = [spec.name for spec in todo if spec.name not in together]

    def send(names, kind, payload):
        """POST the payload in the fields `names`: (response, problems)."""
        start = len(mail.outbox)
        response = client.post(form.action, form_data(form, **dict.fromkeys(names, payload)))
        label = f"POST {form.action} {'+'.join(names)}={kind}"
        found = problems_in(response, label) + email_problems(start)
        # Pages that only the emails lead to (receipts, private pages) show what was stored.
        new_links = set(email_links(start)) - seen_links if kind.startswith("xss") else set()
        for link in new_links:
            seen_links.add(link)
            found += problems_in(client.get(link), f"GET {link} after {label}")
        return response, found

    for kind, payload in PAYLOADS.items():
        one_by_one = list(alone)
        if len(together) > 1:
            response, found = send(together, kind, payload)
            failures += found
            if found or has_errors(response):
                one_by_one += together
        else:
            one_by_one += together
        for name in one_by_one:
            failures += send([name], kind, payload)[1]
    for spec in todo:
        if spec.maxlength:
            response = client.post(form.action, form_data(form, **{spec.name: "x" * (spec.maxlength + 1)}))
            failures += problems_in(response, f"POST {form.action} {spec.name}=over max_length")
            if response.status_code < 400 and not has_errors(response):
                failures.append(f"POST {form.action} {spec.name}: {spec.maxlength + 1} characters accepted")
    # A request over DATA_UPLOAD_MAX_MEMORY_SIZE is refused before any view sees it (the CSRF check
    # reads the body first, as in production), with a clear page in the person's language.
    secret = get_random_string(32)
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    strict.cookies[django_settings.CSRF_COOKIE_NAME] = secret
    oversized = "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = strict.post(form.action, {**form_data(form, csrfmiddlewaretoken=secret), "filler": oversized})
    failures += problems_in(response, f"POST {form.action} oversized")
    if response.status_code != 400 or TITLE_400[language] not in response.content.decode():
        failures.append(f"POST {form.action} oversized: {response.status_code}, not the 400 page in {language}")
    return failures, False


def stored():
    """What the forms may have stored, as it is now: {model: {pk: its row (and a submission's latest revision)}}."""
    rows = {model: {row["id"]: row for row in model.objects.values()} for model in (Proposal, Feedback)}
    fields = [field.attname for field in PageSubmission._meta.concrete_fields]
    rows[PageSubmission] = {row["id"]: row for row in PageSubmission.objects.values(*fields, "page__latest_revision")}
    return rows


# What the look after publishing can find: markup (UNESCAPED) and file contents. The other payloads are
# plain text on a page; their harm is in headers, emails and storage, checked when they were sent
# (problems_in, email_problems, stored_control_characters). So only what holds one of these is published
# and opened in the admin: the association form alone stores ~150 pages, most with harmless text.
PUBLISHED_PAYLOADS = (PAYLOADS["xss-script"], PAYLOADS["xss-attribute"], PAYLOADS["path-traversal"])


def _shows_a_payload(row):
    text = str(row)
    return any(payload in text or repr(payload)[1:-1] in text for payload in PUBLISHED_PAYLOADS)


def problems_after_publishing(moderator, pages, written, before):
    """Publish what was stored, as moderators would, and look at the whole public site again, at the
    admin's edit pages of the submissions and at what machines read.

    Only what the test stored or changed, with a payload the look can find (PUBLISHED_PAYLOADS), is
    published (`before`: stored() at its start; what the package's demo had then holds no payload). A
    submission is opened in the admin when it holds a payload in a field not yet seen there (the
    Finnish and Swedish forms store alike). Of the pages crawled before (`pages`), those that read none
    of the tables written since (`written`, site_map.Tables) answer as before, without the payloads, and
    are not fetched again; of the others, one of each kind and language is, and every page published
    here (site_map.crawl)."""
    now = stored()
    changed = {
        model: {pk for pk, row in rows.items() if before[model].get(pk) != row and _shows_a_payload(row)}
        for model, rows in now.items()
    }
    failures, published = [], []
    for submission in PageSubmission.objects.filter(pk__in=changed[PageSubmission]).select_related("page"):
        revision = submission.page.get_latest_revision()
        if revision is not None:
            revision.publish(user=moderator)
            published.append(submission.page_id)
    for proposal in Proposal.objects.filter(pk__in=changed[Proposal]).exclude(moderation=Proposal.Moderation.PUBLISHED):
        proposal_services.publish(proposal)
    for feedback in Feedback.objects.filter(pk__in=changed[Feedback], publish_consent=True, answer_published=False):
        feedback_services.answer(feedback, "Kiitos.", None, publish=True)
    admin = Client()
    admin.force_login(moderator)
    shown = set()  # (field, payload) already seen in an edit page: the Swedish and Finnish forms store alike
    for submission in PageSubmission.objects.filter(pk__in=changed[PageSubmission]).order_by("pk"):
        holds = {(name, payload) for name, value in submission.content.items() for payload in PUBLISHED_PAYLOADS
                 if payload in str(value)}
        if holds and holds <= shown:
            continue
        shown |= holds
        failures += problems_in(admin.get(f"/admin/pages/{submission.page_id}/edit/"), f"admin edit of {submission.title!r}")
    client = Client()
    rewritten = {page.url for page in Page.objects.filter(pk__in=published)}
    for url, visited in crawl(client, known=pages, written=written, rewritten=rewritten).items():
        failures += [f"{problem} (after publishing)" for problem in problems_in(_Html(visited.html), f"GET {url}")]
    # What machines read: the Open311 API, the Atom feeds and the calendars carry the text as data,
    # escaped by their writers, and stay well-formed.
    for url in ("/open311/v2/requests.xml", "/open311/v2/requests.json", "/events/feeds/fi/new.atom",
                "/events/feeds/sv/new.atom", "/events/feeds/fi/all.ics", "/events/feeds/sv/all.ics"):
        response = client.get(url)
        failures += problems_in(response, f"GET {url} (after publishing)")
        if url.endswith((".xml", ".atom")):
            try:
                ElementTree.fromstring(response.content)
            except ElementTree.ParseError as error:
                failures.append(f"GET {url}: not well-formed XML after publishing: {error}")
            if any(marker.encode() in response.content for marker in UNESCAPED):
                failures.append(f"GET {url}: a payload unescaped in the XML")
    return failures + stored_control_characters()


@pytest.mark.parametrize("form_kind", FORM_KINDS, ids=kind_id)
def test_every_field_of_the_form_escapes_or_rejects_hostile_input(form_kind, demo_site, django_user_model):
    """The forms of one kind, in both languages: every field with every payload, over its max_length,
    and oversized; then what they stored is published and the site looked at again."""
    pages, forms = demo_site
    forms = [form for form in forms if form.kind == form_kind]
    assert forms, f"the crawl found no form on {form_kind}"
    stores = STORES.get(form_kind)
    stored_before = stores.objects.count() if stores else 0
    failures, covered, seen_links, closed, before = [], set(), set(email_links()), [], stored()
    with Tables() as written:
        for form in forms:
            found, was_closed = sweep_form(form, covered, seen_links)
            failures += found
            if was_closed:
                closed.append(form.action)
        assert len(closed) < len(forms), f"every {form_kind} form was closed: {closed}"
        if stores:
            assert stores.objects.count() > stored_before, f"the {form_kind} forms stored no {stores.__name__}"
        if covered:  # a form with fields to type in (not just a button) may have stored a payload
            moderator = django_user_model.objects.create_superuser("moderaattori", "mod@koivula.example", "x" * 20)
            failures += problems_after_publishing(moderator, pages, written, before)
    # Text with angle brackets is stored as it was written, in the feedback form too: it is escaped on
    # output, not refused on input.
    if stores is Feedback and not Feedback.objects.filter(message=PAYLOADS["xss-script"]).exists():
        failures.append("the feedback form did not store a message with angle brackets as written")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(sorted(set(failures))[:200])


def test_the_sweep_reaches_every_public_form(demo_site):
    """Every kind of form the crawl finds is in FORM_KINDS, every PublicForm subclass of the site is
    among the forms found (a new form must be reachable), few forms are closed, and the usual fields
    are among those swept."""
    _pages, forms = demo_site
    assert len(forms) > 20
    assert {form.kind for form in forms} == set(FORM_KINDS), "add the new kind of form to FORM_KINDS"

    from engagement.forms import PublicForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    site_forms = {cls for cls in subclasses(PublicForm) if not cls.__module__.startswith("tests.")}
    bound, closed, swept = set(), [], set()
    original_init = PublicForm.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if self.is_bound:
            bound.add(type(self))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PublicForm, "__init__", recording_init)
        for form in forms:
            client = Client(HTTP_ACCEPT_LANGUAGE=language_of(form.action))
            if is_closed(client, form):
                closed.append(form.action)
                continue
            swept |= form.names - IGNORED_PARAMETERS
            client.post(form.action, form_data(form))
    assert len(closed) <= 4, closed
    assert site_forms <= bound, f"forms not reached by the crawl: {site_forms - bound}"
    assert swept >= {"message", "email", "name", "title", "description"}


def stored_control_characters():
    """Every text column of the site's own models and of pages: no control character but tab and line
    breaks reached storage through any form."""
    from django.apps import apps
    from django.db import models
    from wagtail.models import Page

    control = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    found = []
    for model in [*apps.get_models(), Page]:
        if model is not Page and not model.__module__.startswith(("engagement.", "home.")):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)) and field.model is model:
                count = model._base_manager.filter(**{f"{field.name}__regex": control}).count()
                if count:
                    found.append(f"{model._meta.label}.{field.name}: {count} rows with control characters stored")
    return found


class _Html:
    """A crawled page, looked at like a response."""

    status_code = 200
    cookies = {}

    def __init__(self, html):
        self.content = html.encode()

    def items(self):
        return []

    def get(self, name, default=""):
        return "text/html" if name == "Content-Type" else default


def test_every_query_and_path_parameter_escapes_or_rejects_hostile_input(demo_site, monkeypatch):
    pages, _forms = demo_site
    topic = FeedbackTopic.objects.filter(code__gt="").first()
    api_key = Open311ApiKey.objects.create(name="Testi", key="security-sweep-key")
    recorder = ParameterRecorder(monkeypatch)
    get_form_fields = get_forms(pages)
    targets = set(one_page_per_kind(pages)) | set(get_form_fields)
    routes = {route.path: route for language in LANGUAGES for route in resolver_routes(language)}
    targets |= set(routes)
    failures, parameters_seen = [], set()
    for url in sorted(targets):
        language = language_of(url)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        read = recorder.read_by(client, url) | {spec.name for spec in get_form_fields.get(url, [])}
        read -= IGNORED_PARAMETERS
        parameters_seen |= read
        for name in sorted(read):
            for kind, payload in {**PAYLOADS, **QUERY_EXTRAS}.items():
                response = client.get(url, {name: payload})
                failures += problems_in(response, f"GET {url}?{name}={kind}")
        # Path parameters that take free text (tokens, slugs, languages).
        route = routes.get(url)
        if route and "abc" in url:
            for kind, payload in PAYLOADS.items():
                path = url.replace("abc", quote(payload, safe=""), 1)
                failures += problems_in(client.get(path), f"GET {path} ({kind} in the path)")
                failures += problems_in(client.post(path, {}), f"POST {path} ({kind} in the path)")

    # The Open311 API takes POSTs from other systems: every parameter it reads, with a valid key.
    base = {"api_key": api_key.key, "service_code": topic.code, "description": "Katuvalo on rikki.", "lat": "60.2", "long": "24.9"}
    client = Client()
    read = set()
    for fmt in ("json", "xml"):
        url = f"/open311/v2/requests.{fmt}"
        recorder.keys = set()
        created = client.post(url, base)
        read = recorder.keys - IGNORED_PARAMETERS
        for name in sorted(read):
            for kind, payload in {**PAYLOADS, **QUERY_EXTRAS}.items():
                failures += problems_in(client.post(url, {**base, name: payload}), f"POST {url} {name}={kind}")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(sorted(set(failures))[:200])
    assert {"q", "page", "category", "month", "topic", "status", "start_date", "service_code", "from", "theme"} <= parameters_seen
    assert {"description", "email", "lat", "service_code"} <= read, (read, created.status_code, created.content[:300])
