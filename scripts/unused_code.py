"""Unused code (vulture) in home/, engagement/ and site/: functions, classes, methods, properties and
imports nothing uses, unused arguments and local variables, unreachable code.

Used is also: a name a template mentions, a name at the end of a dotted string (settings, urls:
"kumppanuus.security.lockout_response"), and what migrations and tests call. What the frameworks
call by name is not reported: registrations by decorator (hooks, template tags, retention policies,
checks), the methods Django and Wagtail call (`add_arguments`, `clean_<field>`, `is_shown`…), and the
short allow-list scripts/vulture_allowlist.py. Class attributes are not reported either: Django and
Wagtail read them (`Meta`, `panels`, `list_display`…), and templates read model fields.

Usage: python scripts/unused_code.py   (exit status 1 when something is unused)
"""

import re
import sys
from pathlib import Path

from vulture import Vulture
from vulture_allowlist import ALLOWED

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ["home", "engagement", "site"]
# Read for what they use, never reported.
USERS = ["tests"]
MIN_CONFIDENCE = 60
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# django-filter's `method="name"` and DRF's SerializerMethodField, which calls `get_<field>`.
FILTER_METHOD = re.compile(r"""method=["']([A-Za-z_][A-Za-z0-9_]*)["']""")
SERIALIZER_METHOD = re.compile(r"^\s+([a-z_][a-z0-9_]*) = serializers\.SerializerMethodField", re.M)
DOTTED_STRING = re.compile(r"""["'](?:[A-Za-z_][A-Za-z0-9_]*\.)+([A-Za-z_][A-Za-z0-9_]*)["']""")

# Registered by decorator: Wagtail hooks, template tags, retention policies, privacy kinds, system
# checks, routable sub-routes, settings, snippets, tasks, signal receivers.
IGNORE_DECORATORS = [
    "@hooks.register", "@register", "@register.*", "@register_setting", "@register_snippet", "@path",
    "@re_path", "@route", "@task", "@task(*", "@receiver", "@admin.register", "@register_query_field",
]
# Called by the frameworks by name.
IGNORE_NAMES = [
    "add_arguments", "handle", "ready", "import_models", "is_shown", "get_edit_handler", "clean_*",
    "label_from_instance", "serve", "serve_preview", "get_context", "get_template", "get_queryset",
    "get_object", "get_success_url", "get_edit_url", "get_*_display_value", "filter_*", "item_*",
    "items", "location", "lastmod", "get_url_parts", "get_view_restrictions", "get_admin_display_title",
    "widget_class", "breadcrumbs_items", "get_context_data", "render_html", "media", "process_view",
    "*Config", "*Middleware", "Meta", "Command",
    # Arguments a framework passes: components, signal receivers, checks, axes, page listing buttons,
    # renderers.
    "parent_context", "signal_kwargs", "app_configs", "original_response", "next_url", "accepted_media_type",
    # Django REST framework and drf-spectacular hooks: views, content negotiation, schemas.
    "get_exception_handler", "default_response_headers", "select_parser", "select_renderer",
    "map_renderers", "_get_version_parameter",
    # Wagtail viewsets' view and URL hooks.
    "add_view", "edit_view", "get_add_url", "explorable_columns", "get_base_queryset",
]


def names_used_outside_python():
    """Every word of every template, the last part of every dotted string in the Python code, filter
    methods named in strings, and the `get_<field>` of each serializer method field."""
    names = set()
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("templates/**/*"):
            if path.is_file() and path.suffix in (".html", ".txt", ".xml", ".js"):
                names.update(WORD.findall(path.read_text(encoding="utf-8")))
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            names.update(DOTTED_STRING.findall(text))
            names.update(FILTER_METHOD.findall(text))
            names.update(f"get_{field}" for field in SERIALIZER_METHOD.findall(text))
    return names


def main():
    vulture = Vulture(ignore_names=IGNORE_NAMES + list(ALLOWED), ignore_decorators=IGNORE_DECORATORS)
    vulture.scavenge([str(ROOT / path) for path in FOLDERS + USERS])
    used = names_used_outside_python()
    reported = [str(ROOT / folder) + "/" for folder in FOLDERS]
    found = [
        item
        for item in vulture.get_unused_code(min_confidence=MIN_CONFIDENCE)
        if str(item.filename).startswith(tuple(reported))
        and "/migrations/" not in str(item.filename)
        and item.name not in used
        # Class attributes and model fields (60 %): read by the frameworks and templates.
        and not (item.typ in ("variable", "attribute") and item.confidence < 100)
    ]
    for item in found:
        print(item.get_report().replace(str(ROOT) + "/", ""))
    print(f"{len(found)} unused (vulture, at least {MIN_CONFIDENCE} % confidence)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
