"""Demo content: the Koivula – Björkby site itself – home page, content pages, accessibility statement,
privacy notice, footer and site settings, in Finnish and Swedish. The texts are in content/{fi,sv}/."""

import io
import random

from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from home.models import ContentPage, Footer, SiteSettings
from kumppanuus.demo.helpers import LANGUAGES, content, home_pages, locales, page_pair, stream
from kumppanuus.translations import translate

# The content pages, in the order they are made: key (its {page:key} in the texts), content file, parent key.
PAGES = [
    ("privacy", "privacy-notice", None),
    ("accessibility", "accessibility-statement", None),
    ("about", "about", None),
    ("decisions", "decisions", "about"),
    ("associations", "associations", None),
    ("grants", "grants", "associations"),
    ("venues", "venues", "associations"),
    ("partnership", "partnership", None),
]
IN_MENUS = {"about", "decisions", "associations", "grants", "venues", "partnership"}
# Bodies that link to pages made after them: a placeholder first, the text once every page exists.
LINK_FORWARD = ("about", "associations")

# Other modules link to this page by slug: keep it stable.
PRIVACY_SLUGS = tuple(content(language, "privacy-notice")["slug"] for language in LANGUAGES)

# The site settings that are the same in both languages; the municipality's name and address per language are
# in content/{fi,sv}/settings.toml.
SETTINGS = {
    "phone": "+358 29 123 4000",
    "email": "kirjaamo@koivula.example",
    "business_id": "0987654-3",
    "facebook": "https://www.facebook.com/koivula.bjorkby.demo",
    "instagram": "https://www.instagram.com/koivula.bjorkby.demo",
    "youtube": "https://www.youtube.com/@koivula-bjorkby-demo",
    "linkedin": "https://www.linkedin.com/company/koivula-bjorkby-demo",
}


LANDSCAPE_TITLE = "Koivulan järvimaisema / Björkby sjölandskap (demo)"


def landscape_image():
    """A drawn lake landscape with birches, made once with Pillow: the demo ships no binary files."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=LANDSCAPE_TITLE).first()
    if image is not None:
        return image
    width, height = 1200, 600
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(330):  # evening sky
        draw.line([(0, y), (width, y)], fill=(120 + y // 4, 170 + y // 8, 225 - y // 10))
    draw.polygon([(0, 330), (180, 250), (420, 300), (650, 230), (900, 290), (1200, 240), (1200, 360), (0, 360)],
                 fill=(46, 96, 62))
    for y in range(360, height):  # lake
        draw.line([(0, y), (width, y)], fill=(40, 90 + (y - 360) // 6, 140 + (y - 360) // 5))
    draw.polygon([(0, 470), (300, 430), (520, 600), (0, 600)], fill=(82, 130, 60))  # shore
    rng = random.Random(8412)
    for x in (60, 140, 230, 330):  # birches on the shore
        top = 120 + rng.randint(0, 60)
        draw.rectangle([x, top, x + 14, 520], fill=(236, 236, 228))
        for y in range(top + 10, 510, 26):
            draw.rectangle([x + rng.randint(0, 6), y, x + 8 + rng.randint(0, 6), y + 4], fill=(40, 40, 40))
        draw.ellipse([x - 60, top - 50, x + 74, top + 110], fill=(90, 150 + rng.randint(0, 30), 60))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    image = image_model(title=LANDSCAPE_TITLE)
    image.file = ImageFile(buffer, name="koivula-jarvimaisema.png")
    image.save()
    return image


def _targets(language, pages):
    """What the placeholders of the texts in `language` stand for: the demo's pages, the forms, the picture."""
    targets = {f"page:{key}": pair[LANGUAGES.index(language)].pk for key, pair in pages.items()}
    with translation.override(language):
        targets["url:association_form"] = reverse("directory:association_form")
        targets["url:event_form"] = reverse("events:submit")
    return targets


def _body(key, file, language, pages):
    if key in LINK_FORWARD and key not in pages:
        return stream([{"type": "paragraph", "text": "<p>…</p>"}])
    targets = _targets(language, pages)
    if key == "about":
        targets["image:landscape"] = landscape_image().pk
    return stream(content(language, file)["body"], targets)


def load(stdout):
    locale_fi, locale_sv = locales()
    home_fi, _home_sv = home_pages()
    pages = {}
    for key, file, parent in PAGES:
        texts = {
            language: {
                **{field: content(language, file)[field] for field in ("title", "slug", "intro")},
                "body": _body(key, file, language, pages),
            }
            for language in LANGUAGES
        }
        parent_fi = pages[parent][0] if parent else home_fi
        shared = {"show_in_menus": True} if key in IN_MENUS else {}
        pages[key] = page_pair(parent_fi, ContentPage, fi=texts["fi"], sv=texts["sv"], **shared)

    # Bodies that link to pages made after them, and the home pages: set only while still a placeholder
    # or empty, so an editor's changes survive another load.
    files = {key: file for key, file, _parent in PAGES}
    for key in LINK_FORWARD:
        for language, page in zip(LANGUAGES, pages[key], strict=True):
            # Fresh from the database: a stale numchild saved with the revision would break the tree.
            page = ContentPage.objects.get(pk=page.pk)
            if _is_placeholder(page.body):
                page.body = _body(key, files[key], language, pages)
                page.save_revision().publish()

    for language, home in zip(LANGUAGES, home_pages(), strict=True):
        if not home.body:
            home.intro = content(language, "home")["intro"]
            home.body = stream(content(language, "home")["body"], _targets(language, pages))
            home.save_revision().publish()

    _load_footer(locale_fi, locale_sv, pages)
    _load_settings()
    stdout.write(
        f"Site: home pages, {ContentPage.objects.filter(locale=locale_fi).count()} content pages per language, "
        "accessibility statement, privacy notice, footer and settings."
    )


def _is_placeholder(body):
    return len(body) == 1 and body[0].block_type == "paragraph" and body[0].value.source == "<p>…</p>"


def _load_footer(locale_fi, locale_sv, pages):
    footer_fi = Footer.objects.filter(locale=locale_fi).first()
    if footer_fi is None:
        footer_fi = Footer.objects.create(locale=locale_fi, **_footer("fi", pages))
    footer_sv = footer_fi.get_translation_or_none(locale_sv)
    if footer_sv is None:
        # A translation made elsewhere without the shared key would be a second footer for the language.
        Footer.objects.filter(locale=locale_sv).delete()
        translate(footer_fi, locale_sv, **_footer("sv", pages))


def _footer(language, pages):
    footer = content(language, "footer")
    return {"text": footer["text"], "links": stream(footer["links"], _targets(language, pages))}

def _load_settings():
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    changed = False
    translated = {
        f"{field}_{language}": value for language in LANGUAGES for field, value in content(language, "settings").items()
    }
    for field, value in {**translated, **SETTINGS}.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
            changed = True
    if changed:
        settings.save()


def reset():
    # Runs last of the demo modules' resets: whatever the other modules left under the home pages goes too,
    # by path, so pages orphaned by a stale numchild elsewhere can't survive and block the rebuild.
    for home in home_pages():
        Page.objects.filter(path__startswith=home.path, depth__gt=home.depth).delete()
    Footer.objects.all().delete()
    for home in home_pages():
        home.intro = ""
        home.body = []
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        SiteSettings.objects.filter(site=site).delete()
    for image in get_image_model().objects.filter(title=LANDSCAPE_TITLE):
        image.file.delete(save=False)
        image.delete()
