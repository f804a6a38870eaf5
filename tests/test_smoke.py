"""The bilingual skeleton: both home pages answer, / goes to the preferred language."""

import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_finnish_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/"


def test_root_redirects_to_swedish_when_browser_prefers_it(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9,en;q=0.5")
    assert response["Location"] == "/sv/"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_home_page_in_each_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
