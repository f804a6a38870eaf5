"""What the feedback form says: the email label follows "I want a reply", and the captcha tells an
expired picture from a mistyped one and promises listening only where the audio works (flite)."""

import shutil
from datetime import timedelta

import pytest
from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.utils import timezone

from tests.feedback.conftest import form_data

pytestmark = pytest.mark.django_db


def email_label(html):
    start = html.index('<label for="id_email">')
    return html[start:html.index("</label>", start)]


def test_email_label_says_optional_until_a_reply_is_wanted(client, page_fi, topic_fi):
    html = client.get(page_fi.url).content.decode()
    assert "(vapaaehtoinen)" in email_label(html)
    assert 'data-requires="id_email"' in html  # site.js changes the label the moment the box is ticked
    assert 'data-label-required="Sähköpostiosoitteesi (pakollinen)"' in html
    html = client.post(page_fi.url, form_data(topic_fi, email="", message="")).content.decode()
    label = email_label(html)
    assert "vapaaehtoinen" not in label and "pakollinen" in label


def test_email_label_in_swedish(client, page_sv, topic_sv):
    html = client.post(page_sv.url, form_data(topic_sv, email="", message="")).content.decode()
    label = email_label(html)
    assert "Din e-postadress" in label and "frivillig" not in label and "obligatorisk" in label


def test_an_expired_captcha_says_it_expired(client, page_fi, topic_fi):
    store = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    CaptchaStore.objects.filter(pk=store.pk).update(expiration=timezone.now() - timedelta(minutes=1))
    html = client.post(page_fi.url, form_data(topic_fi, captcha_0=store.hashkey, captcha_1="abcde")).content.decode()
    assert "Kuva vanheni" in html
    assert "eivät vastanneet" not in html.lower() and "Kiitos palautteestasi" not in html


def test_a_mistyped_captcha_says_it_did_not_match(client, page_fi, topic_fi):
    store = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    html = client.post(page_fi.url, form_data(topic_fi, captcha_0=store.hashkey, captcha_1="xxxxx")).content.decode()
    assert "Kuva vanheni" not in html
    assert "Kiitos palautteestasi" not in html


def test_a_captcha_is_answered_once_right_or_wrong(client, page_fi, topic_fi):
    """The posted picture is taken in the same statement that reads it: right or wrong, it is gone."""
    store = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    html = client.post(page_fi.url, form_data(topic_fi, captcha_0=store.hashkey, captcha_1=" ABCDE ")).content.decode()
    assert "Kiitos palautteestasi" in html
    assert not CaptchaStore.objects.filter(pk=store.pk).exists()
    html = client.post(page_fi.url, form_data(topic_fi, captcha_0=store.hashkey, captcha_1="abcde")).content.decode()
    assert "Kuva vanheni" in html and "Kiitos palautteestasi" not in html
    wrong = CaptchaStore.objects.create(challenge="FGHIJ", response="fghij")
    client.post(page_fi.url, form_data(topic_fi, captcha_0=wrong.hashkey, captcha_1="xxxxx"))
    assert not CaptchaStore.objects.filter(pk=wrong.pk).exists()


def test_expired_captchas_are_cleared_by_a_post(client, page_fi, topic_fi):
    old = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    CaptchaStore.objects.filter(pk=old.pk).update(expiration=timezone.now() - timedelta(minutes=1))
    live = CaptchaStore.objects.create(challenge="FGHIJ", response="fghij")
    client.post(page_fi.url, form_data(topic_fi))
    assert not CaptchaStore.objects.filter(pk=old.pk).exists()
    assert CaptchaStore.objects.filter(pk=live.pk).exists()


def test_captcha_offers_audio_only_with_flite(client, page_fi, monkeypatch):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", "")
    html = client.get(page_fi.url).content.decode()
    assert "Kuuntele" not in html and "kuuntele" not in html
    assert "Hae uusi kuva." in html


def test_captcha_audio_is_served_where_flite_is_installed(client, page_fi, monkeypatch):
    """The project's setup installs Debian's flite (scripts/test.sh); the help text then promises the
    audio, and the audio link gives a spoken WAV of the characters."""
    flite = shutil.which("flite")
    assert flite, "flite is not installed: the captcha's audio alternative needs it"
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", flite)
    html = client.get(page_fi.url).content.decode()
    assert "kuuntele" in html.lower()
    audio = html.split("data-captcha-audio", 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    response = client.get(audio)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:4] == b"RIFF"
