"""An influence channel with a form links to it with a clear call to action, in its own language."""

import pytest

from home.models import InfluenceChannelPage
from kumppanuus.demo.helpers import link_channel_form
from kumppanuus.translations import translate
from tests.factories.feedback import FeedbackPageFactory
from tests.factories.proposals import ProposalIndexPageFactory

pytestmark = pytest.mark.django_db


def test_feedback_and_initiative_channels_link_their_forms(client, demo_directory, home_fi, locale_sv):
    feedback_fi = FeedbackPageFactory(parent=home_fi)
    feedback_sv = translate(feedback_fi, locale_sv, title="Ge respons", slug="respons")
    initiatives_fi = ProposalIndexPageFactory(parent=home_fi)
    initiatives_sv = translate(initiatives_fi, locale_sv, title="Initiativ", slug="initiativ")
    link_channel_form("palaute", (feedback_fi, feedback_sv))
    link_channel_form("kuntalaisaloite", (initiatives_fi, initiatives_sv))

    cases = [
        ("fi", "palaute", f'<a class="button" href="{feedback_fi.url}">Anna palautetta</a>'),
        ("sv", "respons", f'<a class="button" href="{feedback_sv.url}">Ge respons</a>'),
        ("fi", "kuntalaisaloite", f'<a class="button" href="{initiatives_fi.url}new/">Tee aloite</a>'),
        ("sv", "invanarinitiativ", f'<a class="button" href="{initiatives_sv.url}new/">Lämna ett initiativ</a>'),
    ]
    for language, slug, button in cases:
        channel = InfluenceChannelPage.objects.get(slug=slug, locale__language_code=language)
        assert button in client.get(channel.url).content.decode(), (language, slug)


def test_feedback_channel_promises_nothing_the_form_does_not_take(client, demo_directory):
    """The feedback form takes no photos: the channel page must not offer to attach one."""
    html_fi = client.get(InfluenceChannelPage.objects.get(slug="palaute", locale__language_code="fi").url)
    html_sv = client.get(InfluenceChannelPage.objects.get(slug="respons", locale__language_code="sv").url)
    assert "liittää kuvan" not in html_fi.content.decode() and "Kerro myös paikka" in html_fi.content.decode()
    assert "bifoga en bild" not in html_sv.content.decode() and "Berätta också var" in html_sv.content.decode()
