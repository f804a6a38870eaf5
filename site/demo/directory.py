"""Demo content: the directory of Koivula – Björkby – contact people, associations, influence channels.
The facts are here; the texts, per language, in content/{fi,sv}/directory.toml."""

from engagement.directory.pages import AssociationFormPage
from home.models import (
    AssociationCategory,
    AssociationIndexPage,
    AssociationPage,
    ChannelContact,
    ContactIndexPage,
    ContactPerson,
    Department,
    InfluenceChannelIndexPage,
    InfluenceChannelPage,
)
from kumppanuus.demo.helpers import LANGUAGES, content, home_pages, locales, page_pair, snippet_pair

# key, sort order
DEPARTMENTS = [("hallinto", 10), ("sivistys", 20), ("tekniset", 30), ("osallisuus", 40)]

# key, name, department, languages, phone
PEOPLE = [
    ("anna", "Anna Virtanen", "osallisuus", ["fi", "sv", "en"], "+358 40 100 2001"),
    ("mikael", "Mikael Lindholm", "osallisuus", ["sv", "fi"], "+358 40 100 2002"),
    ("leena", "Leena Mäkinen", "sivistys", ["fi", "sv"], "+358 40 100 2003"),
    ("jonas", "Jonas Holmström", "sivistys", ["sv", "fi", "en"], "+358 40 100 2004"),
    ("tuomas", "Tuomas Heikkilä", "sivistys", ["fi"], "+358 40 100 2005"),
    ("paivi", "Päivi Koskinen", "hallinto", ["fi", "sv"], "+358 40 100 2006"),
    ("erik", "Erik Söderberg", "hallinto", ["sv", "fi"], "+358 40 100 2007"),
    ("sari", "Sari Nieminen", "tekniset", ["fi", "sv"], "+358 40 100 2008"),
]

CATEGORIES = ["urheilu", "kylat", "elakelaiset", "nuoret", "kulttuuri", "turvallisuus", "vapaaehtoistyo"]

# slug, categories, area, languages, contact name, register number
ASSOCIATIONS = [
    ("koivulan-kisa", ["urheilu", "nuoret"], "kk", ["fi"], "Marko Lehtinen", "123.456"),
    ("makikylan-kylayhdistys", ["kylat"], "maki", ["fi", "sv"], "Riitta Salo", "204.117"),
    ("rantalan-kylayhdistys", ["kylat", "vapaaehtoistyo"], "ranta", ["fi"], "Jari Heinonen", ""),
    ("koivulan-elakelaiset", ["elakelaiset"], "kk", ["fi"], "Raili Karjalainen", "098.332"),
    ("nuorten-tyopaja-verstas", ["nuoret"], "kk", ["fi", "sv"], "Jonna Ahonen", ""),
    ("koivulan-martat", ["vapaaehtoistyo"], "niitty", ["fi"], "Helena Rantanen", "077.910"),
    ("koivulan-vpk", ["turvallisuus", "nuoret"], "kk", ["fi", "sv"], "Timo Laine", "045.221"),
    ("bjorkby-sangkor", ["kulttuuri"], "ita", ["sv"], "Karin Sjöberg", "031.876"),
    ("ostra-bjorkby-bygdeforening", ["kylat", "kulttuuri"], "ita", ["sv"], "Anders Nyberg", "112.409"),
    ("kotiseutuyhdistys", ["kulttuuri"], "kk", ["fi", "sv"], "Sofia Grönlund", "066.543"),
    ("koivulan-shakkikerho", ["kulttuuri", "nuoret"], "kk", ["fi"], "Ville Hakala", ""),
    ("aaneskosken-soutajat", ["urheilu"], "ranta", ["fi"], "Pekka Salminen", "150.002"),
]

# Finnish slug (the key of its texts), group, eligibility, contact people
CHANNELS = [
    ("kuntalaisaloite", "initiative", ["residents", "voters", "associations"], ["paivi", "anna"]),
    ("palaute", "feedback", ["anyone"], ["anna", "sari"]),
    ("nuorisovaltuusto", "councils", ["young"], ["jonas"]),
    ("vanhusneuvosto", "councils", ["elderly", "associations"], ["erik"]),
    ("vammaisneuvosto", "councils", ["disabled", "associations"], ["erik"]),
    ("valtuusto-ja-lautakunnat", "meetings", ["anyone"], ["paivi"]),
    ("asukasillat", "meetings", ["anyone"], ["anna"]),
    ("kumppanuusfoorumi", "meetings", ["associations"], ["leena"]),
    ("yhdistysavustukset", "officials", ["associations"], ["tuomas", "leena"]),
    ("ota-yhteytta-viranhaltijaan", "officials", ["anyone"], ["anna", "leena"]),
]
CHANNEL_TEXTS = ("title", "intro", "can_affect", "handling_time", "eligibility_note")


def load(stdout):
    locale_fi, _locale_sv = locales()
    home_fi, _home_sv = home_pages()
    texts = {language: content(language, "directory") for language in LANGUAGES}

    def each(*path):
        """The text at `path` in each language, as fi=…, sv=… keyword arguments' values."""
        values = {}
        for language in LANGUAGES:
            value = texts[language]
            for key in path:
                value = value[key]
            values[language] = value
        return values

    departments = {}
    for key, order in DEPARTMENTS:
        name = each("departments", key)
        departments[key] = snippet_pair(Department, {"name": name["fi"]}, fi={}, sv={"name": name["sv"]}, sort_order=order)
    people = {}
    for index, (key, name, department, languages, phone) in enumerate(PEOPLE):
        email = name.lower().replace(" ", ".").replace("ä", "a").replace("ö", "o") + "@koivula.example"
        person = {
            language: {
                "role": texts[language]["people"][key]["role"],
                "topics": texts[language]["people"][key]["topics"],
                "department": departments[department][position],
                "availability": texts[language]["availability"],
                "responsibilities": texts[language]["people"][key].get("responsibilities", ""),
            }
            for position, language in enumerate(LANGUAGES)
        }
        people[key] = snippet_pair(
            ContactPerson,
            {"email": email},
            fi=person["fi"],
            sv=person["sv"],
            name=name,
            phone=phone,
            languages=languages,
            sort_order=(index + 1) * 10,
        )
    categories = {}
    for slug in CATEGORIES:
        name = each("categories", slug)
        categories[slug] = snippet_pair(AssociationCategory, {"slug": slug}, fi={"name": name["fi"]}, sv={"name": name["sv"]})

    page_pair(home_fi, ContactIndexPage, **each("pages", "contacts"), show_in_menus=True)
    directory_fi, _directory_sv = page_pair(
        home_fi, AssociationIndexPage, **each("pages", "associations"), show_in_menus=True
    )
    for slug, category_slugs, area, languages, contact_name, register_number in ASSOCIATIONS:
        email_name = slug.replace("-", "")[:20]
        association = {
            language: {**texts[language]["associations"][slug], "slug": slug, "area": texts[language]["areas"][area]}
            for language in LANGUAGES
        }
        page_fi, _page_sv = page_pair(
            directory_fi,
            AssociationPage,
            fi=association["fi"],
            sv=association["sv"],
            languages=languages,
            contact_name=contact_name,
            contact_email=f"{email_name}@yhdistys.example",
            contact_phone="+358 50 555 " + str(1000 + len(slug) * 37)[:4],
            register_number=register_number,
            steward_email=f"hallitus.{email_name}@yhdistys.example",
        )
        if not page_fi.categories.exists():
            page_fi.categories.set([categories[c][0] for c in category_slugs])
            page_fi.save_revision().publish()
    # The association form page (engagement.directory), chosen as the directory's form in both languages.
    # The directories are read again: the Swedish one above predates the entries translated under it,
    # and publishing that instance would write its old child count (0) back to the tree, so that the
    # next entry sent in Swedish would get the path of an existing one.
    form_pages = page_pair(home_fi, AssociationFormPage, **each("pages", "association_form"))
    for stale_directory, form_page in zip((directory_fi, _directory_sv), form_pages, strict=True):
        directory = AssociationIndexPage.objects.get(pk=stale_directory.pk)
        if directory.form_page_id is None:
            directory.form_page = form_page
            directory.save_revision().publish()

    channels_fi, channels_sv = page_pair(home_fi, InfluenceChannelIndexPage, **each("pages", "channels"), show_in_menus=True)
    channel_pages = {}
    for slug_fi, group, eligibility, contact_keys in CHANNELS:
        channel = {
            language: {
                **{field: texts[language]["channels"][slug_fi][field] for field in CHANNEL_TEXTS},
                "steps": [
                    (step["type"], {key: value for key, value in step.items() if key != "type"})
                    for step in texts[language]["channels"][slug_fi]["steps"]
                ],
                "slug": texts[language]["channels"][slug_fi]["slug"],
            }
            for language in LANGUAGES
        }
        channel["fi"]["contacts"] = [ChannelContact(person=people[k][0], sort_order=i) for i, k in enumerate(contact_keys)]
        channel_pages[slug_fi] = page_pair(
            channels_fi, InfluenceChannelPage, fi=channel["fi"], sv=channel["sv"], group=group, eligibility=eligibility
        )
    for stale_index_page, position in ((channels_fi, 0), (channels_sv, 1)):
        # Re-read: adding the channel pages changed the index page's child count in the tree.
        index_page = InfluenceChannelIndexPage.objects.get(pk=stale_index_page.pk)
        if not index_page.guide:
            index_page.guide = [
                ("item", {"matter": item["matter"], "channel": channel_pages[item["channel"]][position]})
                for item in texts[LANGUAGES[position]]["guide"]
            ]
            index_page.save_revision().publish()
    stdout.write(
        f"Directory: {ContactPerson.objects.filter(locale=locale_fi).count()} contact people, "
        f"{AssociationPage.objects.filter(locale=locale_fi).count()} associations, "
        f"{InfluenceChannelPage.objects.filter(locale=locale_fi).count()} influence channels per language."
    )


def reset():
    for page in AssociationFormPage.objects.order_by("-depth"):
        page.delete()
    for model in (InfluenceChannelIndexPage, AssociationIndexPage, ContactIndexPage):
        for page in model.objects.all():
            page.delete()
    ContactPerson.objects.all().delete()
    Department.objects.all().delete()
    AssociationCategory.objects.all().delete()
