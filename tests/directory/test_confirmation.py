"""The yearly "is this still current?" confirmation: the cron command, the link and its
button (valid, reused, forged, expired) and the admin report of entries not confirmed for over a year."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from engagement.directory.services import CONFIRMATION_SALT, confirmation_token, path_token
from home.models import AssociationConfirmation, AssociationPage
from tests.directory.test_association_form import form_url
from tests.factories.directory import (
    AssociationIndexPageFactory,
    AssociationPageFactory,
    association_form_pages,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_entries(home_fi, home_sv, locale_sv):
    index = AssociationIndexPageFactory(parent=home_fi)
    index.copy_for_translation(locale_sv).save_revision().publish()
    association_form_pages(home_fi, index)
    year_and_a_day_ago = timezone.now() - timedelta(days=366)
    finnish = AssociationPageFactory(parent=index, title="Koivulan Kisa ry", languages=["fi"])
    swedish = AssociationPageFactory(parent=index, title="Björkby Sångkör r.f.", languages=["sv"])
    swedish_sv = swedish.copy_for_translation(locale_sv)
    swedish_sv.save_revision().publish()
    new = AssociationPageFactory(parent=index, title="Uusi yhdistys", first_published_at=timezone.now())
    AssociationPage.objects.filter(pk__in=[finnish.pk, swedish.pk, swedish_sv.pk]).update(
        first_published_at=year_and_a_day_ago
    )
    return {"fi": finnish, "sv": swedish_sv, "new": new}


def confirm_links(outbox):
    import re

    return [re.search(r"http://testserver(/\w\w/[\w-]+/confirm/[^/\s]+/)", m.body).group(1) for m in outbox]


def test_command_asks_each_old_entry_once_in_its_language(old_entries):
    call_command("send_association_confirmations")
    assert len(mail.outbox) == 2  # not the new one, and one email per association, not per translation
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Ovatko yhdistyksen Koivulan Kisa ry tiedot" in by_address[old_entries["fi"].steward_email].subject
    assert "Är uppgifterna om Björkby Sångkör r.f." in by_address[old_entries["sv"].steward_email].subject
    assert "/sv/foreningsformular/confirm/" in by_address[old_entries["sv"].steward_email].body
    # Safe to run twice: nothing new is sent.
    call_command("send_association_confirmations")
    assert len(mail.outbox) == 2


def test_dry_run_sends_nothing(old_entries):
    call_command("send_association_confirmations", "--dry-run")
    assert mail.outbox == [] and not AssociationConfirmation.objects.exists()


def test_opening_the_link_only_asks_the_button_confirms_once(client, old_entries):
    call_command("send_association_confirmations")
    link = next(link for link in confirm_links(mail.outbox) if link.startswith("/fi/"))
    # A mail scanner, or the person, opens the link: nothing is confirmed yet.
    for _ in range(2):
        response = client.get(link)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Koivulan Kisa ry" in html and 'method="post"' in html and "Kyllä, tiedot ovat ajan tasalla" in html
    assert not AssociationConfirmation.objects.filter(confirmed_at__isnull=False).exists()

    response = client.post(link)
    assert response.status_code == 200 and "merkitty ajantasaisiksi" in response.content.decode()
    confirmation = AssociationConfirmation.objects.get(translation_key=old_entries["fi"].translation_key)
    first = confirmation.confirmed_at
    assert first is not None
    for again in (client.get(link), client.post(link)):
        assert again.status_code == 200 and "on jo vahvistettu" in again.content.decode()
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at == first
    # Confirmed: not asked again next year's run today.
    mail.outbox.clear()
    call_command("send_association_confirmations")
    assert mail.outbox == []


def confirm_url(token, language="fi"):
    """The form page's confirmation route for `token` (a signed value as it was before, or a path token)."""
    return form_url(language, route=("confirm", [token if ":" not in token else path_token(token)]))


def test_forged_and_expired_links(client, old_entries):
    forged = signing.dumps({"k": str(old_entries["fi"].translation_key), "r": 1}, salt="wrong-salt")
    response = client.post(confirm_url(forged))
    assert response.status_code == 400
    assert not AssociationConfirmation.objects.filter(confirmed_at__isnull=False).exists()
    tampered = confirmation_token(old_entries["fi"].translation_key, timezone.now())[:-2] + "xx"
    assert client.post(confirm_url(tampered)).status_code == 400
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("engagement.directory.services.CONFIRMATION_LINK_MAX_AGE", -1)
        token = signing.dumps({"k": str(old_entries["fi"].translation_key), "r": 1}, salt=CONFIRMATION_SALT)
        assert client.post(confirm_url(token)).status_code == 410
        assert client.get(confirm_url(token)).status_code == 410


def test_report_lists_entries_not_confirmed_for_a_year(client, old_entries, staff_user_factory, superuser):
    client.force_login(superuser)
    html = client.get(reverse("stale_associations")).content.decode()
    assert "Koivulan Kisa ry" in html and "Uusi yhdistys" not in html
    AssociationConfirmation.objects.create(
        translation_key=old_entries["fi"].translation_key, confirmed_at=timezone.now()
    )
    html = client.get(reverse("stale_associations")).content.decode()
    assert "Koivulan Kisa ry" not in html and "Björkby Sångkör r.f." in html
    # Someone without page permissions cannot see it.
    client.force_login(staff_user_factory())
    assert client.get(reverse("stale_associations")).status_code in (302, 403)
