"""Pages, languages, navigation, search, error pages, settings, groups and the health check."""

import re
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.models import Page

from home.models import ContentPage, Footer
from home.views import server_error
from tests.factories.home import ContentPageFactory, FooterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_pair(home_fi, locale_sv):
    """A Finnish content page in the menu and its Swedish translation."""
    page_fi = ContentPageFactory(parent=home_fi, title="Osallistu", slug="osallistu", show_in_menus=True)
    page_sv = page_fi.copy_for_translation(locale_sv)
    page_sv.title, page_sv.slug = "Delta", "delta"
    page_sv.save_revision().publish()
    return page_fi, page_sv.specific


def test_language_switcher_and_hreflang_go_to_the_translation(client, page_pair):
    html = client.get("/fi/osallistu/").content.decode()
    assert '<html lang="fi">' in html
    assert '<a href="/sv/delta/" lang="sv" hreflang="sv">Svenska</a>' in html
    assert re.search(r'<link rel="alternate" hreflang="sv" href="http://testserver/sv/delta/">', html)
    html_sv = client.get("/sv/delta/").content.decode()
    assert '<html lang="sv">' in html_sv
    assert '<a href="/fi/osallistu/" lang="fi" hreflang="fi">Suomi</a>' in html_sv


def test_switcher_goes_to_the_other_home_page_when_there_is_no_translation(client, home_fi):
    ContentPageFactory(parent=home_fi, title="Vain suomeksi", slug="vain-suomeksi")
    html = client.get("/fi/vain-suomeksi/").content.decode()
    assert '<a href="/sv/" lang="sv" hreflang="sv">Svenska</a>' in html
    assert 'hreflang="sv" href=' not in html.split("</head>")[0]


def test_main_navigation_lists_the_menu_pages_of_the_active_language(client, page_pair):
    html_fi = client.get("/fi/").content.decode()
    html_sv = client.get("/sv/").content.decode()
    nav_fi = html_fi.split('class="main-nav"')[1].split("</nav>")[0]
    nav_sv = html_sv.split('class="main-nav"')[1].split("</nav>")[0]
    assert "Osallistu" in nav_fi and "Delta" not in nav_fi
    assert "Delta" in nav_sv and "Osallistu" not in nav_sv


def test_breadcrumbs_on_a_nested_page(client, page_pair):
    parent, _ = page_pair
    ContentPageFactory(parent=parent, title="Aloitteet", slug="aloitteet")
    html = client.get("/fi/osallistu/aloitteet/").content.decode()
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert 'href="/fi/osallistu/"' in crumbs
    assert '<span aria-current="page">Aloitteet</span>' in crumbs


def test_footer_is_the_one_of_the_active_language(client, locale_sv):
    footer_fi = FooterFactory(text="<p>Suomenkielinen alatunniste</p>")
    footer_sv = footer_fi.copy_for_translation(locale_sv)
    footer_sv.text = "<p>Svensk sidfot</p>"
    footer_sv.save()
    assert "Suomenkielinen alatunniste" in client.get("/fi/").content.decode()
    html_sv = client.get("/sv/").content.decode()
    assert "Svensk sidfot" in html_sv and "Suomenkielinen" not in html_sv


def test_search_finds_pages_of_the_active_language_only(client, page_pair):
    page_fi, page_sv = page_pair
    page_fi.intro = "Kuntalaisaloite ja palaute"
    page_fi.save_revision().publish()
    page_sv.intro = "Kuntalaisaloite på svenska"
    page_sv.save_revision().publish()
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    html_fi = client.get("/fi/search/", {"q": "Kuntalaisaloite"}).content.decode()
    assert 'href="/fi/osallistu/"' in html_fi and "/sv/delta/" not in html_fi.split("<main")[1]
    html_sv = client.get("/sv/search/", {"q": "Kuntalaisaloite"}).content.decode()
    assert 'href="/sv/delta/"' in html_sv and "/fi/osallistu/" not in html_sv.split("<main")[1]


def test_search_reads_punctuation_as_a_word_break(client, page_pair):
    # SQLite's full-text syntax read "osallistu-sivu" as an operator and the page failed with a 500.
    page_fi, _page_sv = page_pair
    page_fi.intro = "Kuntalaisaloite ja palaute"
    page_fi.save_revision().publish()
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    html = client.get("/fi/search/", {"q": "kuntalaisaloite-palaute"}).content.decode()
    assert 'href="/fi/osallistu/"' in html
    for query in ('"><img src=x>', "-", "AND OR NOT *", "^"):
        assert client.get("/fi/search/", {"q": query}).status_code == 200


def test_the_search_finds_the_pages_of_its_matches_by_an_index_on_postgresql(client, page_pair):
    """Wagtail's search joins its entries to the pages on the page id as text: on PostgreSQL an index on
    that expression (home migration 0009) spares reading every page of the language (a city has 23,000)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_fi, _page_sv = page_pair
    page_fi.intro = "Kuntalaisaloite ja palaute"
    page_fi.save_revision().publish()
    call_command("update_index", verbosity=0)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/fi/search/", {"q": "kuntalaisaloite"}).content.decode()
    assert 'href="/fi/osallistu/"' in html
    searches = [query["sql"] for query in queries.captured_queries if "wagtailsearch_indexentry" in query["sql"]]
    assert searches
    if connection.vendor == "postgresql":
        joined_on = '("wagtailcore_page"."id")::varchar(50)'
        assert all(joined_on in sql for sql in searches)  # the expression the index is on
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few pages would be read whole anyway
            cursor.execute(f'EXPLAIN SELECT 1 FROM "wagtailcore_page" WHERE {joined_on} = %s', [str(page_fi.pk)])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "home_page_id_as_text" in plan, plan
    else:
        with connection.cursor() as cursor:  # PostgreSQL only: SQLite searches its own FTS table
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'home_page_id_as_text'")
            assert cursor.fetchall() == []


def test_search_escapes_and_bounds_the_query(client):
    response = client.get("/fi/search/", {"q": "<script>alert(1)</script>" + "x" * 500, "page": "abc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(("language", "heading"), [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte")])
def test_404_page_in_each_language(client, language, heading):
    response = client.get(f"/{language}/ei-ole/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


@pytest.mark.parametrize("path", [
    "//evil.example/x", "//evil.example/fi/search/", "//evil.example/sv/", "/\\evil.example/x", "///evil.example/x",
    "/fi//evil.example/x",
])
def test_404_language_links_never_point_off_site(client, home_fi, home_sv, path):
    """translate_url(request.get_full_path()) handed back `//evil.example/…`, a link to another site."""
    response = client.get("/", PATH_INFO=path)  # the test client would read the host out of the path itself
    assert response.status_code == 404
    html = response.content.decode()
    links = re.findall(r'<a href="([^"]*)" lang="(fi|sv)" hreflang="\2"', html)
    assert {language for _href, language in links} == {"fi", "sv"}
    for href, _language in links:
        assert href.startswith("/") and not href.startswith(("//", "/\\")) and "evil.example" not in href, href
    assert "evil.example" not in html.split("</head>")[0]


def test_language_links_of_a_view_keep_its_route_and_query(client, home_fi, home_sv):
    html = client.get("/fi/search/", {"q": "katu"}).content.decode()
    assert '<a href="/sv/search/?q=katu" lang="sv" hreflang="sv">Svenska</a>' in html


@pytest.mark.parametrize(("path", "language", "text"), [("/fi/x/", "fi", "Jokin meni vikaan"), ("/sv/x/", "sv", "Något gick fel")])
def test_500_page_in_the_language_of_the_url(path, language, text):
    response = server_error(RequestFactory().get(path))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert text in html


def test_content_page_renders_every_block(client, home_fi):
    body = [
        ("heading", {"text": "Väliotsikko", "level": "h3"}),
        ("paragraph", "<p>Tekstiä</p>"),
        ("quote", {"text": "Kumppanuus on asenne", "attribution": "Työpaja"}),
        ("call_to_action", {"title": "Anna palautetta", "text": "", "link": {"page": None, "url": "https://example.com", "text": "Palautteeseen"}}),
        ("accordion", {"title": "UKK", "items": [{"question": "Kuka?", "answer": "<p>Kuntalainen</p>"}]}),
        ("table", {"caption": "Aukioloajat", "header": ["Päivä", "Aika"], "rows": [["ma", "9–16"]]}),
    ]
    page = ContentPageFactory(parent=home_fi, title="Lohkot", slug="lohkot", body=body)
    html = client.get(page.url).content.decode()
    assert "<h3>Väliotsikko</h3>" in html
    assert "<blockquote><p>Kumppanuus on asenne</p></blockquote>" in html
    assert 'href="https://example.com" class="button">Palautteeseen</a>' in html
    assert "<summary>Kuka?</summary>" in html
    assert "<caption>Aukioloajat</caption>" in html and '<th scope="col">Päivä</th>' in html


def test_home_page_makes_at_most_12_queries_once_warm(client, django_assert_max_num_queries, page_pair):
    FooterFactory()
    client.get("/fi/")
    with django_assert_max_num_queries(12):
        response = client.get("/fi/")
    assert response.status_code == 200


def test_communications_staff_may_edit_pages_and_snippets_and_nothing_else(staff_user_factory, home_fi):
    user = staff_user_factory("Communications staff")
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("wagtail_localize.submit_translation")
    assert user.has_perm("home.change_footer")
    assert not user.has_perm("auth.change_user")
    assert not user.has_perm("auth.change_group")
    assert not user.has_perm("wagtailcore.change_site")
    permissions = home_fi.permissions_for_user(user)
    assert permissions.can_add_subpage() and permissions.can_edit() and permissions.can_publish()
    assert Group.objects.filter(name="Communications staff").count() == 1


def test_health_reports_database_cache_and_queue(client):
    response = client.get("/health/", REMOTE_ADDR="127.0.0.1")  # from the server itself
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["cache"] == "ok"
    assert response.json()["checks"]["queue"] == "ok"


def test_health_shows_its_details_only_to_loopback_or_with_the_token(client, settings):
    from engagement.models import OutgoingEmail

    OutgoingEmail.objects.create(to=["a@example.com"], subject="x", body_text="x")
    settings.HEALTH_TOKEN = "monitoring-token-0123456789"
    outside = client.get("/health/", REMOTE_ADDR="203.0.113.9")
    assert outside.status_code == 200 and outside.json() == {"status": "ok"}
    # A proxy on the same machine passes everyone on from loopback: what it forwards is not local.
    proxied = client.get("/health/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.json() == {"status": "ok"}
    wrong = client.get("/health/", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong")
    assert "checks" not in wrong.json()
    token = client.get("/health/", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=f"Bearer {settings.HEALTH_TOKEN}")
    assert token.json()["checks"]["emails_waiting"] == 1
    assert client.get("/health/", REMOTE_ADDR="::1").json()["checks"]["database"] == "ok"
    settings.NUM_PROXIES = 1
    through_proxy = client.get("/health/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert through_proxy.json() == {"status": "ok"}


def test_production_settings_pass_check_deploy_and_fail_fast_without_a_secret():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "kunta.example",
    }
    deploy = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert "no issues" in deploy.stdout
    missing = subprocess.run(
        [sys.executable, "manage.py", "check"], env={**env, "SECRET_KEY": ""}, capture_output=True, text=True
    )
    assert missing.returncode != 0
    assert "SECRET_KEY" in missing.stderr


def test_only_pages_of_both_languages_exist_at_the_top(home_fi, home_sv):
    assert set(Page.objects.filter(depth=2).values_list("locale__language_code", flat=True)) == {"fi", "sv"}
    assert home_fi.translation_key == home_sv.translation_key
    assert not ContentPage.objects.exists()
    assert not Footer.objects.exists()


def test_ping_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ping/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_health_warns_of_tasks_a_stopped_worker_left_waiting(client, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from engagement.tasks import deliver_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    deliver_email.enqueue(1)  # just queued: not overdue
    old = deliver_email.enqueue(2)
    DBTaskResult.objects.filter(pk=old.id).update(enqueued_at=timezone.now() - timedelta(minutes=30))
    later = deliver_email.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(3)
    DBTaskResult.objects.filter(pk=later.id).update(enqueued_at=timezone.now() - timedelta(minutes=30))

    body = client.get("/health/", REMOTE_ADDR="127.0.0.1").json()
    assert body["checks"]["tasks_overdue"] == 1
    assert body["checks"]["queue"].startswith("warning: 1 task(s) waiting")
    assert body["status"] == "ok"  # a warning, not a failure: the load balancer keeps the server


def test_the_search_renders_its_results_once_and_follows_every_change(client, page_pair, home_fi, settings):
    """The results of a search are rendered once per query, page and language; a page published or
    unpublished, or a result promoted, shows at once."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    settings.PAGE_CACHE_SECONDS = 0  # the whole-page cache aside: this is about the search's own cache
    page_fi, _page_sv = page_pair
    page_fi.intro = "Kuntalaisaloite ja palaute"
    page_fi.save_revision().publish()
    call_command("update_index", verbosity=0)
    client.get("/fi/search/", {"q": "kuntalaisaloite"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fi/search/", {"q": "kuntalaisaloite"})
    html = response.content.decode()
    assert 'href="/fi/osallistu/"' in html
    assert "home/includes/search_results.html" not in [template.name for template in response.templates]
    assert not [query for query in queries.captured_queries if "wagtailsearch" in query["sql"]]

    other = ContentPageFactory(parent=home_fi, title="Aloitteet <ja> palaute", slug="aloitteet", intro="Kuntalaisaloite")
    call_command("update_index", verbosity=0)
    html = client.get("/fi/search/", {"q": "kuntalaisaloite"}).content.decode()
    assert 'href="/fi/aloitteet/"' in html and "Aloitteet &lt;ja&gt; palaute" in html
    other.unpublish()
    assert 'href="/fi/aloitteet/"' not in client.get("/fi/search/", {"q": "kuntalaisaloite"}).content.decode()

    promoted = ContentPageFactory(parent=home_fi, title="Nostettu", slug="nostettu")
    client.get("/fi/search/", {"q": "kuntalaisaloite"})
    SearchPromotion.objects.create(query=Query.get("kuntalaisaloite"), page=promoted, sort_order=0)
    results = client.get("/fi/search/", {"q": "kuntalaisaloite"}).content.decode().split('class="search-results"')[1]
    assert results.index('href="/fi/nostettu/"') < results.index('href="/fi/osallistu/"')
