"""Reflow (WCAG 2.2 1.4.10): no page type of the demo scrolls sideways at 320 CSS px, in either
language, and each passes axe at WCAG 2.2 A/AA there.

The page types are found, not listed: the demo is crawled by links from both home pages, and one page
of each kind is visited (a page model, or a route of one, such as a proposal or a sign-up form).
"""

import re

from django.test import Client
from wagtail.models import Page

from tests.demo.test_demo_navigation import crawl
from tests.snapshot import load_demo

NARROW = {"width": 320, "height": 720}


def page_types():
    """{kind: path} with one crawled path of each kind per language."""
    pages = {page.url: page for page in Page.objects.live().filter(depth__gt=1).specific()}
    client = Client()
    kinds = {}
    for language in ("fi", "sv"):
        for path in sorted(crawl(client, f"/{language}/")):
            owner = max((url for url in pages if path.startswith(url)), key=len, default=None)
            rest = re.sub(r"\d+", "N", path[len(owner):] if owner else path[3:])
            kind = (language, type(pages[owner]).__name__ if owner else "", rest)
            kinds.setdefault(kind, path)
        kinds[(language, "search", "")] = f"/{language}/search/?q={'palaute' if language == 'fi' else 'respons'}"
    return kinds


def test_no_page_type_scrolls_sideways_at_320_px(page, assert_accessible):
    load_demo()
    kinds = page_types()
    assert len(kinds) > 30, kinds  # both languages: home, content, directory, channels, events, forms …
    page.set_viewport_size(NARROW)
    too_wide, landed = {}, set()
    for path in sorted(set(kinds.values())):
        page.goto(path)
        # A path that redirects (the language-neutral entry points of the forms) lands on a page already
        # looked at, or yet to be: each page is measured and checked once.
        if page.url in landed:
            continue
        landed.add(page.url)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            too_wide[path] = width[0] - width[1]
        assert_accessible(page)
    assert not too_wide, f"pages that scroll sideways at 320 px (by px): {too_wide}"
