"""Tools for demo content: its texts (content/<language>/*.toml), the home pages and locales, and page and
snippet pairs in fi and sv, found again by slug."""

import functools
import json
import re
import tomllib
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as search_on_save
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save as references_on_save
from wagtail.tasks import update_reference_index_task

from home.models import HomePage, InfluenceChannelPage
from kumppanuus.translations import create_and_translate

LANGUAGES = ("fi", "sv")
CONTENT = Path(__file__).resolve().parent / "content"
# {page:privacy} is the id of the demo page "privacy" in the text's language, {url:event_form} a link, {image:…} an image.
PLACEHOLDER = re.compile(r"\{((?:page|url|image):[a-z_]+)\}")
# Blocks whose value is rich text itself (the `text` of their table) rather than a table of fields.
RICH_TEXT_BLOCKS = {"paragraph"}


@functools.cache
def content(language, name):
    """The demo texts called `name` in `language` ("fi" or "sv"): site/demo/content/<language>/<name>.toml."""
    with (CONTENT / language / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def fill(value, targets):
    """`value` with every placeholder ({page:about}…) replaced from `targets` ({"page:about": 12, …}); a string
    that is one placeholder alone becomes its target (a page's or image's id)."""
    if isinstance(value, dict):
        return {key: fill(item, targets) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, targets) for item in value]
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole:
            return targets[whole.group(1)]
        return PLACEHOLDER.sub(lambda match: str(targets[match.group(1)]), value)
    return value


def stream(blocks, targets=None):
    """A StreamField's raw JSON from a content file's blocks: tables with a `type`, and the block's fields (or,
    for a paragraph, its rich `text`). Rich text and lists go through the blocks' own to_python."""
    blocks = fill(blocks, targets or {})
    for block in blocks:
        if block["type"] == "call_to_action":
            block["link"].setdefault("page", None)  # TOML has no null: a link to an address has no page
    return json.dumps(
        [
            {
                "type": block["type"],
                "value": block["text"] if block["type"] in RICH_TEXT_BLOCKS else
                {key: item for key, item in block.items() if key != "type"},
                "id": str(uuid.uuid4()),
            }
            for block in blocks
        ]
    )


def locales():
    return Locale.objects.get(language_code="fi"), Locale.objects.get(language_code="sv")


def home_pages():
    fi, sv = locales()
    return HomePage.objects.get(locale=fi), HomePage.objects.get(locale=sv)


def page_pair(parent_fi, model, fi, sv, **shared):
    """Return (page_fi, page_sv) under `parent_fi` and its Swedish translation, creating what is missing.

    `fi` and `sv` are dicts of the fields that differ per language (title, slug, intro, body…);
    `shared` holds fields that are the same in both. The Swedish page is a real translation (same
    translation_key), as wagtail-localize would make, so the language switcher links the two.
    """
    return create_and_translate(model, fi, sv, parent=parent_fi, **shared)


def snippet_pair(model, lookup, fi, sv, **shared):
    """A translatable snippet in Finnish, found by `lookup`, and its Swedish translation (same translation_key)."""
    return create_and_translate(model, fi, sv, lookup=lookup, **shared)


def link_channel_form(channel_slug, form_pages):
    """Make the pages of `form_pages` (fi, sv) the "form to use" of the Finnish channel page with
    `channel_slug` and of its translation, unless an editor already chose one."""
    channel_fi = InfluenceChannelPage.objects.filter(locale__language_code="fi", slug=channel_slug).first()
    if channel_fi is None:
        return
    for channel, form_page in zip((channel_fi, channel_fi.get_translation_or_none(form_pages[1].locale)), form_pages,
                                  strict=True):
        if channel is not None and channel.form_page_id is None:
            channel.form_page = form_page
            channel.save_revision().publish()


def promote_in_search(pages, queries):
    """Make `pages` (fi, sv) the first search results for each of `queries`, as an editor does in
    Settings → Promoted search results; the search shows only the active language's page."""
    for query_string in queries:
        query = Query.get(query_string)
        for page in pages:
            SearchPromotion.objects.get_or_create(query=query, page=page, defaults={"sort_order": 0})


_deferring = False


@contextmanager
def indexes_updated_once():
    """Update the search index and Wagtail's reference index once per object saved in the block, at its end,
    rather than at every save: loading the demo saves most objects several times (a page, its revision,
    its publication, its translation), and these updates were about a third of its time. The indexes end
    as they would have. The signal handlers are disconnected for the block (in this process: a command,
    or a test's fixture before any request). Nested blocks count as the outer one."""
    global _deferring
    if _deferring:
        yield
        return
    saved = {}  # (model, pk): None, in the order first saved

    def remember(sender, instance, raw=False, **kwargs):
        if not raw and instance.pk is not None:
            saved[(sender, instance.pk)] = None

    searched = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    referenced = list(ReferenceIndex.tracked_models)
    for model in searched:
        post_save.disconnect(search_on_save, sender=model)
    for model in referenced:
        post_save.disconnect(references_on_save, sender=model)
    post_save.connect(remember, weak=False, dispatch_uid="demo-indexes-updated-once")
    _deferring = True
    try:
        yield
    finally:
        _deferring = False
        post_save.disconnect(dispatch_uid="demo-indexes-updated-once")
        for model in searched:
            post_save.connect(search_on_save, sender=model)
        for model in referenced:
            post_save.connect(references_on_save, sender=model)
    _update_indexes(saved, set(searched), set(referenced))


def _update_indexes(saved, searched, referenced):
    """What the disconnected handlers would have done, once per object still there."""
    by_model = {}
    for model, pk in saved:
        by_model.setdefault(model, []).append(pk)
    to_search = {}
    for model, pks in by_model.items():
        if model in referenced:
            for pk in model._default_manager.filter(pk__in=pks).values_list("pk", flat=True):
                update_reference_index_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))
        if model in searched:
            for instance in model.get_indexed_objects().filter(pk__in=pks):
                indexed = search_index.get_indexed_instance(instance, check_exists=type(instance) is not model)
                if indexed is not None:
                    to_search.setdefault(type(indexed), {})[indexed.pk] = indexed
    for model, instances in to_search.items():
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, list(instances.values()))
