"""No admin string in the wrong language: every custom admin view of the project (its viewsets, snippet
viewsets and admin URLs, with an object of each) is rendered in Finnish and in Swedish as a staff user,
and no visible text may be an English message of the project's catalogue that has a translation, a
Finnish message in the Swedish admin, a raw value (True, None, a choice's code), or one of Wagtail's
English messages that no catalogue translates.
"""

import json
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from wagtail import hooks
from wagtail.admin.viewsets import viewsets
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from tests.factories import admin_language
from tests.foundation.test_wagtail_messages import untranslated_wagtail_texts
from tests.snapshot import load_demo

PROJECT_MODULES = ("engagement", "home", "kumppanuus")
RAW_VALUES = {"True", "False", "None", "association", "event"}
# Words that are the same in English and in the language (a translation equal to its msgid) are
# skipped below; these few are also names or codes that may stand as they are.
ALLOWED = {"Open311", "Bluesky", "Facebook", "Instagram", "YouTube", "LinkedIn", "SHA-256", "ID", "JSON", "CSV"}


def catalogue(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr and not entry.msgid_plural}


def normalise(text):
    return " ".join(text.split()).strip(" :*").casefold()


def content_texts():
    """What editors wrote (titles, snippet names) and the languages' own names: not catalogue strings."""
    texts = {normalise(name) for _code, name in settings.LANGUAGES}
    texts |= {normalise(title) for title in Page.objects.values_list("title", flat=True)}
    for model in get_snippet_models():
        codes = [field.name for field in model._meta.concrete_fields if field.name in ("slug", "code")]
        for obj in model.objects.all()[:500]:
            texts.add(normalise(str(obj)))
            texts |= {normalise(str(getattr(obj, name))) for name in codes}
    return texts


def wrong_texts(language):
    """{normalised text: why it is wrong} for the admin in `language`."""
    own = catalogue(language)
    content = content_texts()
    wrong = {}
    for msgid, msgstr in own.items():
        if "%(" in msgid or "{" in msgid or msgid in ALLOWED or len(msgid) < 4:
            continue
        if normalise(msgid) != normalise(msgstr):
            wrong[normalise(msgid)] = f"English {msgid!r}"
    if language == "sv":
        own_texts = {normalise(text) for text in own.values()}
        for msgid, finnish in catalogue("fi").items():
            if "%(" in msgid or len(finnish) < 4 or normalise(finnish) in own_texts | content:
                continue
            wrong.setdefault(normalise(finnish), f"Finnish {finnish!r}")
    for value in RAW_VALUES:
        wrong[normalise(value)] = f"raw value {value!r}"
    # A field without a translated name shows its code name ("Supporters erased at").
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT_MODULES):
            continue
        for field in model._meta.concrete_fields:
            if field.name in ("locale", "translation_key"):  # Wagtail's own, translated by Wagtail
                continue
            if str(field.verbose_name) == field.name.replace("_", " ") and field.name.replace("_", " ") not in own:
                wrong.setdefault(normalise(field.verbose_name), f"untranslated field name {field.name!r}")
    # Texts Wagtail makes from a snippet's name, in the other language ("Valitse palautteen aihe").
    other = "fi" if language == "sv" else "sv"
    with translation.override(other):
        for model in get_snippet_models():
            if model.__module__.startswith(PROJECT_MODULES):
                name = model._meta.verbose_name
                for msgid in ("Choose %(object)s", "Choose another %(object)s"):
                    wrong.setdefault(normalise(translation.gettext(msgid) % {"object": name}), f"{other} chooser text")
    return wrong


class VisibleText(HTMLParser):
    """Text nodes and the attributes people read (title, aria-label, placeholder), outside scripts."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.texts = []
        self.skip = 0
        self.depth = 0
        self.hidden_divs = []  # Wagtail's hidden counters say "None" where nobody sees it

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea"):
            self.skip += 1
        if tag == "div" and any(name == "hidden" for name, _value in attrs):
            self.hidden_divs.append(self.depth)
        if tag == "div":
            self.depth += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea") and self.skip:
            self.skip -= 1
        if tag == "div" and self.depth:
            self.depth -= 1
            if self.hidden_divs and self.hidden_divs[-1] == self.depth:
                self.hidden_divs.pop()

    def handle_data(self, data):
        if not self.skip and not self.hidden_divs and data.strip():
            self.texts.append(data)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def patterns(resolver_or_list, prefix=""):
    for entry in resolver_or_list:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from patterns(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def project_admin_urls():
    """(url name, pattern, model or None) of every admin view the project registers."""
    assert get_resolver().url_patterns  # importing the admin's URLs fills the viewset registry
    found = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        module = model.__module__ if model is not None else type(viewset).__module__
        if not module.startswith(PROJECT_MODULES):
            continue
        namespace = viewset.url_namespace
        for name, pattern in patterns(viewset.get_urlpatterns(), f"{namespace}:"):
            found.append((name, pattern, model))
    for fn in hooks.get_hooks("register_admin_urls"):
        if fn.__module__.startswith(PROJECT_MODULES):
            for name, pattern in patterns(fn()):
                found.append((name, pattern, None))
    return found


SKIP_VIEWS = ("delete", "choose", "unpublish", "revisions_revert", "revisions_compare", "revisions_unschedule", "preview",
              "copy", "results", "chooser", "usage", "workflow_history_detail", "export", "lock", "unlock",
              "history_results", "translate", "erase", "unschedule", "revisions_view")


def urls_to_render(first_objects):
    urls = []
    for name, pattern, model in project_admin_urls():
        if "chooser" in name or any(part in name.rsplit(":", 1)[-1] for part in SKIP_VIEWS):
            continue
        arguments = list(pattern.pattern.converters)
        try:
            if not arguments:
                urls.append(reverse(name))
            elif arguments == ["pk"] and model is not None and first_objects.get(model) is not None:
                urls.append(reverse(name, args=[first_objects[model]]))
        except NoReverseMatch:
            continue
    # The edit view of a page of each of the project's page types (its panels and workflow status).
    for content_type_id in Page.objects.filter(depth__gt=1).values_list("content_type", flat=True).distinct():
        page = Page.objects.filter(content_type_id=content_type_id, depth__gt=1).order_by("path").first()
        urls.append(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return sorted(set(urls))


@pytest.fixture
def demo(db, settings):
    load_demo()


def first_objects():
    objects = {}
    for _name, _pattern, model in project_admin_urls():
        if model is not None and model not in objects:
            objects[model] = model.objects.order_by("pk").values_list("pk", flat=True).first()
    return objects


@pytest.mark.django_db
def test_every_custom_admin_view_speaks_the_users_language(client, demo, django_user_model):
    from engagement.models import PageSubmission
    from tests.factories.feedback import FeedbackFactory

    FeedbackFactory()
    PageSubmission.objects.create(kind="event", title="Leipäkurssi", submitter_name="A", submitter_email="a@example.org",
                                  language="fi", token="t" * 40)
    superuser = django_user_model.objects.create_superuser("paakayttaja", "paakayttaja@koivula.example", "x")
    urls = urls_to_render(first_objects())
    assert len(urls) > 30, urls
    client.force_login(superuser)
    problems = []
    for language in ("fi", "sv"):
        admin_language(superuser, language)
        wrong = wrong_texts(language)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302), (url, response.status_code)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            for text in visible_texts(html):
                why = wrong.get(normalise(text))
                if why:
                    problems.append(f"{language} {url}: {why}")
            # Wagtail's own messages its catalogues lack (translated in kumppanuus.admin_ui.WAGTAIL_MESSAGES).
            problems += [f"{language} {url}: Wagtail's English {msgid!r}"
                         for msgid in untranslated_wagtail_texts(html, language)]
    assert not problems, "\n".join(sorted(set(problems)))


# Wagtail's own screens that staff use, besides the project's: {name: URL, or a function of an events
# page and an event}.
WAGTAIL_SCREENS = {
    "dashboard": "/admin/", "images": "/admin/images/", "documents": "/admin/documents/",
    "page search": "/admin/pages/search/?q=koivula", "site history": "/admin/reports/site-history/",
    "locked pages": "/admin/reports/locked/", "aging pages": "/admin/reports/aging-pages/",
    "workflows report": "/admin/reports/workflow/", "workflow tasks report": "/admin/reports/workflow_tasks/",
    "workflows": "/admin/workflows/list/", "workflow tasks": "/admin/workflows/tasks/index/",
    "users": "/admin/users/", "groups": "/admin/groups/", "account": "/admin/account/",
    "promoted search results": "/admin/searchpicks/", "redirects": "/admin/redirects/",
    "collections": "/admin/collections/", "snippets": "/admin/snippets/",
    "explorer": lambda index, event: f"/admin/pages/{index.pk}/",
    "history": lambda index, event: f"/admin/pages/{index.pk}/history/",
    "add a page": lambda index, event: f"/admin/pages/{index.pk}/add_subpage/",  # the event form: one type
    "move": lambda index, event: f"/admin/pages/{event.pk}/move/",
    "copy": lambda index, event: f"/admin/pages/{event.pk}/copy/",
    "unpublish": lambda index, event: f"/admin/pages/{event.pk}/unpublish/",
}


@pytest.mark.django_db
def test_wagtails_own_screens_leave_no_wagtail_message_untranslated(client, demo, superuser):
    from engagement.events.pages import EventIndexPage, EventPage

    index = EventIndexPage.objects.filter(locale__language_code="fi").first()
    event = EventPage.objects.child_of(index).first()
    client.force_login(superuser)
    problems = []
    for language in ("fi", "sv"):
        admin_language(superuser, language)
        for name, url in WAGTAIL_SCREENS.items():
            response = client.get(url(index, event) if callable(url) else url, follow=True)
            assert response.status_code == 200, (name, response.status_code)
            problems += [f"{language} {name}: {msgid!r}"
                         for msgid in untranslated_wagtail_texts(response.content.decode(), language)]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_fresh_demo_has_no_outdated_translations(demo):
    from kumppanuus.translation_report import OUTDATED, translation_gaps

    assert [gap.title for gap in translation_gaps() if gap.problem == OUTDATED] == []


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("fi", "Julkaise käännös: "), ("sv", "Publicera översättningen: ")])
def test_translation_editor_publish_button_is_in_the_users_language(client, superuser, language, text):
    """wagtail-localize's editor says "Publish in " + "Svenska"; its Finnish catalogue lacks the words."""
    admin_language(superuser, language)
    client.force_login(superuser)
    catalog = client.get(
        reverse("wagtail_localize:javascript_catalog"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert json.dumps(text) in catalog  # the catalogue is JSON, with \u escapes


@pytest.mark.django_db
def test_inspect_views_show_local_times_and_words(client, superuser, home_fi):
    from datetime import UTC, datetime

    from tests.factories.events import EventIndexPageFactory, EventPageFactory, SignUpFactory

    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_fi), signup_enabled=True)
    signup = SignUpFactory(event=event, created_at=datetime(2026, 11, 30, 10, 5, tzinfo=UTC), attended=True)
    admin_language(superuser, "fi")
    client.force_login(superuser)
    html = client.get(reverse("event_signups:inspect", args=[signup.pk])).content.decode()
    texts = {text.strip() for text in visible_texts(html)}
    assert any("12.05" in text or "12:05" in text for text in texts), texts  # Helsinki, not 10.05 UTC
    assert not any("10.05" in text or "10:05" in text for text in texts)
    assert "Kyllä" in texts and "True" not in texts and "None" not in texts
    assert str(signup.token) not in html
