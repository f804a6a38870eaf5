"""The first day of a municipality's site: an empty, working bilingual site under the municipality's own
name. Run once after `migrate`; running it again only updates the names and the address.

    python -m kumppanuus start_site --name-fi "Koivulan kunta" --name-sv "Björkby kommun" \
        --host www.koivula.fi [--port 443] [--email kirjaamo@koivula.fi]

It names the home pages (fi, sv) and the site settings, points Wagtail's Site record at the public host
and port (the base of every absolute link: get_full_url(), the sitemap, links in emails), and adds the
feedback page in both languages with a set of feedback topics. No demo content and no people.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from engagement.feedback.models import FeedbackTopic
from engagement.feedback.pages import FeedbackPage
from home.models import HomePage, SiteSettings
from kumppanuus.translations import create_and_translate

# code, Finnish name, Swedish name, promised reply days, accessibility feedback
TOPICS = [
    ("kadut", "Kadut, liikenne ja talvikunnossapito", "Gator, trafik och vinterunderhåll", 14, False),
    ("puistot", "Puistot, leikkipaikat ja luonto", "Parker, lekplatser och natur", 14, False),
    ("kulttuuri", "Kirjasto, kulttuuri ja liikunta", "Bibliotek, kultur och idrott", 14, False),
    ("asiointi", "Asiointi ja kunnan hallinto", "Ärenden och kommunens förvaltning", 14, False),
    ("saavutettavuus", "Verkkosivujen saavutettavuus", "Webbplatsens tillgänglighet", 14, True),
    ("muu", "Muu palaute", "Övrig respons", 14, False),
]

FEEDBACK_PAGE = (
    {
        "title": "Anna palautetta",
        "slug": "palaute",
        "intro": "Kerro meille, mikä toimii ja mikä ei. Jokainen palaute luetaan ja siihen vastataan, "
        "ja voit seurata käsittelyä palautteen seurantalinkistä.",
    },
    {
        "title": "Ge respons",
        "slug": "respons",
        "intro": "Berätta för oss vad som fungerar och vad som inte gör det. All respons läses och besvaras, "
        "och du kan följa behandlingen via länken som du får.",
    },
)


class Command(BaseCommand):
    help = "Make an empty bilingual site under the municipality's name, with its public host and the feedback page."

    def add_arguments(self, parser):
        parser.add_argument("--name-fi", required=True, help='The municipality in Finnish, e.g. "Koivulan kunta".')
        parser.add_argument("--name-sv", required=True, help='The municipality in Swedish, e.g. "Björkby kommun".')
        parser.add_argument("--host", required=True, help="The public host name, e.g. www.koivula.fi.")
        parser.add_argument(
            "--port", type=int, default=443, help="The public port: 443 (HTTPS, the default) or e.g. 8000 on a test machine."
        )
        parser.add_argument("--email", default="", help="The registry's email: site settings, and where feedback is notified.")

    @transaction.atomic
    def handle(self, *args, name_fi, name_sv, host, port, email, **options):
        name_fi, name_sv, host = name_fi.strip(), name_sv.strip(), host.strip().lower()
        if not (name_fi and name_sv and host) or "/" in host or ":" in host:
            raise CommandError("Give both names, and the host name alone (no scheme, path or port).")
        home_fi, home_sv = (HomePage.objects.get(locale__language_code=code) for code in ("fi", "sv"))
        for home, name in ((home_fi, name_fi), (home_sv, name_sv)):
            if home.title != name:
                home.title = name
                home.save_revision().publish()

        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port, site.site_name, site.root_page = host, port, f"{name_fi} – {name_sv}", home_fi
        site.save()

        site_settings = SiteSettings.for_site(site)
        site_settings.municipality_name_fi, site_settings.municipality_name_sv = name_fi, name_sv
        if email:
            site_settings.email = email
        site_settings.save()

        create_and_translate(FeedbackPage, FEEDBACK_PAGE[0], FEEDBACK_PAGE[1], parent=home_fi)
        if not FeedbackTopic.objects.exists():
            for order, (code, topic_fi, topic_sv, days, accessibility) in enumerate(TOPICS, start=1):
                create_and_translate(
                    FeedbackTopic, {"name": topic_fi}, {"name": topic_sv}, lookup={"code": code},
                    reply_days=days, is_accessibility=accessibility, notify_email=email, sort_order=order * 10,
                )
        transaction.on_commit(lambda: call_command("update_index", verbosity=0))

        self.stdout.write(self.style.SUCCESS(f"{name_fi} – {name_sv} is ready at {site.root_url}/fi/ and /sv/."))
        if settings.WAGTAILADMIN_BASE_URL.rstrip("/") != site.root_url:
            self.stdout.write(
                f"Set WAGTAILADMIN_BASE_URL={site.root_url} in the environment: links in emails start with it "
                f"(now {settings.WAGTAILADMIN_BASE_URL})."
            )
