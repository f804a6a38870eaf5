"""The content security policy in a real browser: it is enforced (an injected inline script is blocked
and the watch in conftest.py sees it), and what the site needs still works under it: the captcha's new
picture, the Wagtail admin after signing in, and the staff userbar on a public page."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from home.models import HomePage
from tests.browser.conftest import watch_csp
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory

PASSWORD = "correct horse battery staple"


def test_the_policy_blocks_an_injected_inline_script_and_the_watch_reports_it(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    violations = watch_csp(tab)
    for language in ("fi", "sv"):
        tab.goto(f"/{language}/")
        tab.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
            " document.body.appendChild(s); }"
        )
        tab.wait_for_timeout(200)
        assert tab.evaluate("() => window.injected") is None
    context.close()
    assert len(violations) == 2 and all("script-src" in violation for violation in violations), violations


def test_captcha_new_picture_works_under_the_policy(page):
    home = HomePage.objects.get(locale__language_code="fi")
    feedback_page = FeedbackPageFactory(parent=home)
    FeedbackTopicFactory(name="Kadut ja liikenne", code="streets")
    page.goto(feedback_page.url)
    image = page.locator("[data-captcha-image]")
    expect(image).to_be_visible()
    first = image.get_attribute("src")
    assert page.evaluate("() => document.querySelector('[data-captcha-image]').naturalWidth") > 0
    page.get_by_role("button", name="Uusi kuva").click()
    expect(image).not_to_have_attribute("src", first)
    page.wait_for_function("() => document.querySelector('[data-captcha-image]').naturalWidth > 0")
    expect(page.locator("input[name=captcha_1]")).to_be_focused()


def test_admin_and_the_userbar_work_under_the_policy(page):
    get_user_model().objects.create_superuser("paakayttaja", "paa@koivula.example", PASSWORD)
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("paakayttaja")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    home = HomePage.objects.get(locale__language_code="fi")
    page.goto(f"/admin/pages/{home.pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible()
    page.goto(f"/admin/pages/{home.pk}/")
    expect(page.get_by_role("table")).to_be_visible()
    # A signed-in editor sees the Wagtail userbar on the public site; it must load under the policy.
    page.goto("/fi/")
    expect(page.locator("wagtail-userbar")).to_be_attached()
    page.wait_for_function(
        "() => { const bar = document.querySelector('wagtail-userbar');"
        " return bar && bar.shadowRoot && bar.shadowRoot.querySelector('[data-wagtail-userbar-trigger]'); }"
    )


class VideoFinder:
    """Answers for video addresses as YouTube's and Vimeo's oEmbed do (there is no network here)."""

    PLAYERS = {"youtube": "https://www.youtube-nocookie.com/embed/abc", "vimeo": "https://player.vimeo.com/video/1"}

    def __init__(self, **options):
        pass

    def accept(self, url):
        return any(name in url for name in self.PLAYERS)

    def find_embed(self, url, max_width=None, max_height=None):
        src = next(player for name, player in self.PLAYERS.items() if name in url)
        return {
            "title": "Video", "type": "video", "width": 560, "height": 315, "thumbnail_url": None,
            "author_name": "", "provider_name": "",
            "html": f'<iframe width="560" height="315" src="{src}" frameborder="0" allow="autoplay; fullscreen; '
            f'picture-in-picture" allowfullscreen title="Video"></iframe>',
        }


def test_embedded_videos_are_allowed_by_the_policy(page, settings):
    from wagtail.embeds.blocks import EmbedValue

    from tests.factories.home import ContentPageFactory

    settings.WAGTAILEMBEDS_FINDERS = [{"class": f"{__name__}.VideoFinder"}]
    home = HomePage.objects.get(locale__language_code="fi")
    content = ContentPageFactory(parent=home, title="Videot", slug="videot")
    content.body = [
        ("embed", {"embed": EmbedValue("https://www.youtube.com/watch?v=abc"), "title": "Video 1"}),
        ("embed", {"embed": EmbedValue("https://vimeo.com/1"), "title": "Video 2"}),
    ]
    content.save_revision().publish()
    page.goto(content.url)
    frames = page.locator(".block-embed iframe")
    expect(frames).to_have_count(2)
    page.wait_for_timeout(500)  # let the frames start loading: a blocked frame is reported as a violation
