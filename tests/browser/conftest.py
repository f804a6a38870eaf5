"""Browser tests: Playwright drives Debian's Chromium (no browser download) against pytest-django's
live server, and every page a test visits can be checked with axe-core at WCAG 2.2 A and AA.

Live-server tests run in transactions that are flushed afterwards, so they restore the data the
migrations made (locales, home pages, groups) through serialized rollback.
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a thread
# with a running loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# WCAG 2.2 level A and AA: axe tags each success criterion with the version that added it.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Chromium for the whole session.

    Playwright's sync API runs an event loop in this thread, and Django's connections are local to
    the asyncio context, so from here on the tests get new connection objects. Those lack the
    snapshot that serialized rollback restores the migrations' data from (pytest-django #1117):
    hand it over.
    """
    from django.db import connections

    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch_csp(tab):
    """A list that collects the content security policy violations Chromium reports on this tab."""
    violations = []
    tab.on(
        "console",
        lambda message: violations.append(f"{tab.url}: {message.text}")
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    return violations


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose relative URLs go to the live server.

    Every test fails if the content security policy blocked anything on a page it visited: Chromium
    reports each violation as a console error.
    """
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    violations = watch_csp(tab)
    yield tab
    context.close()
    assert not violations, "Content security policy violations:\n" + "\n".join(violations)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """assert_accessible(page): no axe-core violations at WCAG 2.2 A and AA on the current page."""

    def check(tab):
        results = run_axe(axe, tab)
        assert results.violations_count == 0, f"{tab.url}\n{results.generate_report()}"
        return results

    return check


def run_axe(axe, tab, attempts=3):
    """axe-core's results for the page the tab shows, once it has loaded.

    A click that starts a navigation returns before the new document exists, so axe can start on the
    page being replaced and lose its document half-way ("Cannot read properties of null"). Then it
    waits for the new page and runs again; an error that stays is raised.
    """
    for attempt in range(attempts):
        tab.wait_for_load_state("load")
        try:
            return axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        except PlaywrightError:
            if attempt == attempts - 1:
                raise
            tab.wait_for_timeout(200)
