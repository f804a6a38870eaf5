"""What a visitor can reach on the demo site, found rather than listed, so that a new page, form, field,
route or query parameter is covered by the security tests without anyone remembering to add it.

- `crawl()` follows every link of the public site from the home pages (both languages) and keeps the
  HTML of each page, with the forms on it (`FormSpec`, their fields read from the rendered HTML).
- `resolver_routes()` walks Django's URL resolver: every route outside /admin/, with sample values
  for its path parameters (the links in emails are not linked from any page).
- `read_parameters()` records which query parameters a view reads while it answers a GET.
- `Tables` records which database tables the SQL run while it is active reads and writes: the crawl
  keeps, for each kind of page and language, the tables one such page read, so that a later crawl
  fetches again only pages of the kinds that read a table written since (the others would answer the
  same), one of each kind and language and every page added or rewritten.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

LANGUAGES = ("fi", "sv")
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/captcha/")
SKIP_SUFFIXES = (".ics", ".atom", ".vcf", ".xml", ".json", ".csv", ".xlsx", ".pdf")


@dataclass
class FieldSpec:
    name: str
    kind: str  # text, textarea, email, select, checkbox, radio, hidden, date, datetime-local, number, url…
    maxlength: int | None = None
    required: bool = False
    options: list = field(default_factory=list)
    value: str = ""


@dataclass
class FormSpec:
    page: str  # the URL of the page it is on
    action: str  # where it is sent
    fields: list
    kind: str = ""  # the kind of page it is on (Visited.kind)

    @property
    def names(self):
        return {spec.name for spec in self.fields}


def _fields(form):
    specs = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "button", "image", "reset"):
            continue
        if element.name == "select":
            kind = "select"
            options = [option.get("value", option.get_text()) for option in element.find_all("option")]
        elif element.name == "textarea":
            kind, options = "textarea", []
        else:
            kind, options = element.get("type", "text"), []
        if name in specs and kind in ("checkbox", "radio"):
            specs[name].options.append(element.get("value", "on"))
            continue
        maxlength = element.get("maxlength")
        specs[name] = FieldSpec(
            name=name,
            kind=kind,
            maxlength=int(maxlength) if maxlength and maxlength.isdigit() else None,
            required=element.has_attr("required"),
            options=options or ([element.get("value", "on")] if kind in ("checkbox", "radio") else []),
            value=element.get("value", "") if kind == "hidden" else "",
        )
    return list(specs.values())


def is_internal(url):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return False
    return not parts.path.startswith(SKIP_PREFIXES) and not parts.path.endswith(SKIP_SUFFIXES)


@dataclass
class Visited:
    url: str
    html: str
    kind: str  # what answered: the view's name, or for Wagtail pages the template
    tables: frozenset = frozenset()  # the database tables its answer read (a crawl with `record`)
    links: list = field(default_factory=list)  # the internal paths it links to


# A table named in SQL: after FROM, JOIN, INTO or UPDATE, quoted or not. SQLite's full-text tables
# (x_fts, x_fts_data…) are written by triggers when x is: they count as x.
_TABLE = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "ALTER", "DROP", "CREATE")
EVERY_TABLE = "*"  # a write whose table could not be read from the SQL: anything may have changed


def _tables(sql):
    return {re.sub(r"_fts(_\w+)?$", "", name.lower()) for name in _TABLE.findall(sql)}


class Tables:
    """`with Tables() as tables:` the tables the SQL run on this thread's connection meanwhile reads
    (tables.read) and writes (tables.written, with every table a writing statement names)."""

    def __init__(self):
        self.read, self.written = set(), set()

    def __call__(self, execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        names = _tables(sql)
        if verb in _WRITES:
            self.written |= names or {EVERY_TABLE}
        elif verb not in ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "PRAGMA"):
            self.read |= names
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def changed(self, visited):
        """Whether the page `visited` (from a crawl with `record`) may answer otherwise now."""
        return EVERY_TABLE in self.written or not visited.tables or bool(visited.tables & self.written)


def _kind(response):
    match = response.resolver_match
    view = match.view_name if match else ""
    if view.endswith("wagtail_serve") or not view:
        # The page's own template: parts rendered on their own before it (and cached, so only on some
        # requests, e.g. a consultation's comment groups) are includes, not the kind of page.
        templates = [template.name for template in getattr(response, "templates", []) if template.name]
        pages = [name for name in templates if "/includes/" not in name]
        return (pages or templates)[0] if templates else view
    return view


class _Hrefs(HTMLParser):
    """The href of every <a> that has one, read by the parser BeautifulSoup's "html.parser" uses, without
    building a tree (a quarter of the CPU per page; the crawls parse a few thousand pages)."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href", False)
            if href is not False:
                self.hrefs.append(href or "")


def _hrefs(html):
    parser = _Hrefs()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def crawl(client, start=None, limit=800, record=False, known=None, written=None, rewritten=(), follow=True):
    """{url: Visited} of every live page and of every page reachable by links from them (query strings
    dropped): the routes of routable pages (forms, proposals) are found through the links. `follow=False`:
    the `start` pages only.

    `record`: each page is fetched with an empty cache, and the tables its answer read are kept
    (Visited.tables). `known` ({url: Visited} of such a crawl) and `written` (a `Tables`): a known page
    that read none of the tables written is not fetched again (it would answer the same, see Tables);
    nor is one of a kind and language already fetched again (the same template and view on other rows:
    a page the writes added, e.g. a published submission, has an address not known before and is
    always fetched), unless its own content was written (`rewritten`: paths, e.g. an entry updated and
    published). The links of a page not fetched are followed all the same, and it is not in the
    result."""
    from wagtail.models import Page

    if start is None:
        start = [f"/{code}/" for code in LANGUAGES]
        start += [page.url for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")]
    seen, queue, pages, skipped = set(), [urlsplit(url).path for url in start if is_internal(url)], {}, 0
    kinds_again = set()  # (kind, language) of the known pages fetched again
    while queue and len(pages) + skipped < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        before = (known or {}).get(url)
        if before is not None and written is not None:
            again = (before.kind, url[1:3])
            if not written.changed(before) or (again in kinds_again and url not in rewritten):
                skipped += 1
                queue += [path for path in before.links if path not in seen]
                continue
            kinds_again.add(again)
        if record:
            cache.clear()
            with Tables() as tables:
                response = client.get(url)
        else:
            response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        links = []
        for href in _hrefs(html):
            target = urldefrag(urljoin(url, href))[0]
            if is_internal(target):
                links.append(urlsplit(target).path)
        pages[url] = Visited(url, html, _kind(response), frozenset(tables.read) if record else frozenset(), links)
        if follow:
            queue += [path for path in links if path not in seen]
    return pages


def post_forms(pages):
    """Every form with method=post on the visited pages: one per language, kind of page and set of field
    names (the sign-up forms of different events are the same form)."""
    found = {}
    for visited in pages.values():
        for form in BeautifulSoup(visited.html, "html.parser").find_all("form"):
            if form.get("method", "get").lower() != "post":
                continue
            action = urlsplit(urljoin(visited.url, form.get("action") or visited.url)).path
            if not is_internal(action):
                continue
            specs = _fields(form)
            key = (action[:4], visited.kind, frozenset(spec.name for spec in specs))
            found.setdefault(key, FormSpec(page=visited.url, action=action, fields=specs, kind=visited.kind))
    return list(found.values())


def get_forms(pages):
    """{action: [FieldSpec]} of every form with method=get (search, listing filters)."""
    result = {}
    for visited in pages.values():
        for form in BeautifulSoup(visited.html, "html.parser").find_all("form"):
            if form.get("method", "get").lower() == "get":
                result.setdefault(urlsplit(urljoin(visited.url, form.get("action") or visited.url)).path, []).extend(
                    _fields(form)
                )
    return result


def one_page_per_kind(pages):
    """One visited URL per language and kind of page."""
    kinds = {}
    for visited in pages.values():
        kinds.setdefault((visited.url[:4], visited.kind), visited.url)
    return sorted(kinds.values())


# --- filling in a form ----------------------------------------------------------------------------------


def valid_value(spec):
    """A value that a person could send in this field."""
    future = timezone.localtime() + timedelta(days=30)
    if spec.kind == "hidden":
        return str(uuid.uuid4()) if spec.name == "submission_token" else spec.value
    if spec.name == "captcha_1":
        return "PASSED"  # CAPTCHA_TEST_MODE
    if spec.name == "website":
        return ""  # the honeypot
    if spec.kind in ("select", "radio", "checkbox"):
        choices = [option for option in spec.options if option]
        return choices[0] if choices else ""
    return {
        "email": "testi@example.com",
        "url": "https://example.com/",
        "tel": "040 123 4567",
        "number": "1",
        "date": future.strftime("%Y-%m-%d"),
        "datetime-local": future.strftime("%Y-%m-%dT%H:%M"),
    }.get(spec.kind, "Testi")


def form_data(form, **overrides):
    """Every field filled in validly, except the ones in `overrides`; optional ones that would need
    other fields to agree (an end time) are left empty."""
    data = {}
    for spec in form.fields:
        if spec.name in overrides:
            data[spec.name] = overrides[spec.name]
        elif spec.required or spec.kind not in ("datetime-local", "date"):
            data[spec.name] = valid_value(spec)
    return data


def has_errors(response):
    """Whether a form came back with errors (the error summary of every public form)."""
    return b"data-error-summary" in response.content


def email_links(start=0):
    """Every link to this site in the emails sent so far, or since the `start`th (confirmation,
    withdrawal, private pages…)."""
    from django.core import mail

    links = set()
    for message in mail.outbox[start:]:
        bodies = [message.body] + [content for content, _mime in getattr(message, "alternatives", [])]
        for body in bodies:
            for url in re.findall(r"https?://testserver/[^\s\"'<>]+", body):
                if is_internal(url):
                    links.add(urlsplit(url).path)
    return sorted(links)


def is_button_only(form):
    """A form that only sends a button (confirm, cancel, withdraw): nothing a person types."""
    return all(spec.kind == "hidden" for spec in form.fields)


def editable_first(forms):
    """Forms people type into first, then the buttons: a cancel button must not close a form before it is
    tested."""
    return sorted(forms, key=is_button_only)


def discover(client, on_response=None, record=False):
    """The demo site as a visitor finds it, including what only the links in emails lead to: crawl the
    pages, send each form on them once, follow the links in the emails, and again until nothing new
    turns up. Returns (pages, forms).

    A button that shares its page with a form to fill in (cancelling an event submission beside the
    request for changes) is not pressed, so that the form stays open for the tests. `record`: the tables
    each page read are kept (see crawl)."""
    pages = crawl(client)
    forms = post_forms(pages)
    _send_and_follow(client, pages, forms, on_response)
    found = editable_first(post_forms(pages))
    if record:
        # What a page reads depends on what was sent: the tables are recorded once all is sent (the HTML
        # is kept as found). On one page of each kind and language, for all of them: a crawl after writes
        # fetches again one page of each kind and language that read a table written (see crawl), so the
        # kind's tables are what it goes by.
        first = {}
        for url, visited in pages.items():
            first.setdefault((visited.kind, url[1:3]), url)
        recorded = crawl(client, start=list(first.values()), record=True, follow=False)
        for url, visited in pages.items():
            like = recorded.get(first[(visited.kind, url[1:3])])
            if like is not None:
                visited.tables = like.tables
        for url, visited in recorded.items():
            pages[url].links = visited.links
    return pages, found


def _send_and_follow(client, pages, forms, on_response):
    sent = set()
    for _round in range(4):
        editable_actions = {form.action for form in forms if not is_button_only(form)}
        for form in editable_first(forms):
            key = (form.action, frozenset(form.names))
            if key in sent or (is_button_only(form) and form.action in editable_actions):
                continue
            sent.add(key)
            response = client.post(form.action, form_data(form))
            if on_response:
                on_response(form, response)
        new = crawl(client, start=[link for link in email_links() if link not in pages])
        if not new:
            break
        pages.update(new)
        known = {(form.action[:4], frozenset(form.names), form.page) for form in forms}
        forms += [form for form in post_forms(new) if (form.action[:4], frozenset(form.names), form.page) not in known]


# --- the URL resolver ---------------------------------------------------------------------------------

SAMPLES = {"int": "1", "uuid": None, "str": "abc", "slug": "abc", "path": "abc"}


def _regex_sample(match):
    body = match.group(2)
    if "|" in body:
        return body.split("|")[0]
    return "1" if body.startswith("\\d") else "abc"


def _sample_path(pattern, language):
    """A concrete path for one route: its converters filled with sample values."""
    text = str(pattern.pattern)
    if hasattr(pattern.pattern, "converters") and pattern.pattern.converters:

        def fill(match):
            converter, name = match.group(1) or "str", match.group(2)
            if name == "language":
                return language
            return SAMPLES.get(converter) or str(uuid.uuid4())

        return re.sub(r"<(?:(\w+):)?(\w+)>", fill, text)
    text = re.sub(r"\(\?P<(\w+)>([^)]*)\)", _regex_sample, text.lstrip("^").rstrip("$"))
    return text.replace("\\.", ".").replace("\\", "")


@dataclass
class Route:
    name: str  # the view's dotted name and its pattern
    path: str  # a concrete path (under /fi/ or /sv/ when the route is in i18n_patterns)
    language_neutral: bool
    params: list  # names of its path parameters


def resolver_routes(language):
    """Every route outside /admin/ with sample path parameters; Wagtail's catch-all page route excluded."""
    routes = []

    def walk(patterns, prefix, i18n):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                is_i18n = i18n or entry.pattern.__class__.__name__ == "LocalePrefixPattern"
                sub = "" if entry.pattern.__class__.__name__ == "LocalePrefixPattern" else _sample_path(entry, language)
                if (prefix + sub).startswith("admin/"):
                    continue
                walk(entry.url_patterns, prefix + sub, is_i18n)
            elif isinstance(entry, URLPattern):
                view = entry.callback
                dotted = f"{view.__module__}.{getattr(view, '__name__', view.__class__.__name__)}"
                if dotted.startswith("wagtail.views.serve") or "wagtail" in dotted and "serve" in dotted:
                    continue
                path = prefix + _sample_path(entry, language)
                routes.append(
                    Route(
                        name=f"{dotted} {entry.pattern}",
                        path=(f"/{language}/" if i18n else "/") + path,
                        language_neutral=not i18n,
                        params=list(getattr(entry.pattern, "converters", {}) or re.findall(r"\?P<(\w+)>", str(entry.pattern))),
                    )
                )

    walk(get_resolver().url_patterns, "", False)
    return routes


# --- query parameters a view reads ----------------------------------------------------------------------


class ParameterRecorder:
    """Records every key looked up on a QueryDict while it is active (request.GET and request.POST)."""

    METHODS = ("get", "getlist", "__getitem__", "__contains__")

    def __init__(self, monkeypatch):
        self.keys = set()
        for method in self.METHODS:
            original = getattr(QueryDict, method)
            monkeypatch.setattr(QueryDict, method, self._wrap(original))

    def _wrap(self, original):
        recorder = self

        def wrapped(self, key, *args, **kwargs):
            if isinstance(key, str):
                recorder.keys.add(key)
            return original(self, key, *args, **kwargs)

        return wrapped

    def read_by(self, client, url, **extra):
        self.keys = set()
        client.get(url, **extra)
        return set(self.keys)
