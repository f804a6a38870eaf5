"""The one public form base: captcha, honeypot, size limits, rate limits, one-time token, rendering."""

import uuid

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from engagement.forms import PublicForm
from engagement.models import SubmissionReceipt
from engagement.ratelimit import client_address, parse_rate
from engagement.views import handle_public_form
from home.models import Department

pytestmark = pytest.mark.django_db


class MessageForm(PublicForm):
    message = forms.CharField(label="Message", widget=forms.Textarea)
    email = forms.EmailField(label="Email", required=False, help_text="We reply here.")


def data(**extra):
    return {
        "message": "Hei",
        "submission_token": str(uuid.uuid4()),
        "captcha_0": "key",
        "captcha_1": "PASSED",
        **extra,
    }


def test_valid_form_payload_never_contains_captcha_honeypot_or_token():
    form = MessageForm(data(email="a@example.com"))
    assert form.is_valid(), form.errors
    assert form.cleaned_payload == {"message": "Hei", "email": "a@example.com"}


def test_wrong_captcha_is_rejected_with_a_clear_message():
    form = MessageForm(data(captcha_1="wrong"))
    assert not form.is_valid()
    assert "captcha" in form.errors


def test_filled_honeypot_is_rejected():
    form = MessageForm(data(website="http://spam.example"))
    assert not form.is_valid()
    assert "website" in form.errors


class PlaceForm(PublicForm):
    message = forms.CharField(label="Message", widget=forms.Textarea)
    place = forms.CharField(label="Place", required=False)


def test_text_is_kept_as_typed_without_control_characters():
    """Angle brackets stay (templates escape them); pasted line breaks become line breaks in a text area
    and spaces in a one-line field; other C0/C1 control characters are dropped without a word, since the
    person never saw them."""
    form = PlaceForm(data(
        message="<kirjaamo@koivula.example>\x0brivi\r\ntoinen\x0c\u2029kolmas\tsarake\x01\x1b\x7f\x9b loppu",
        place="\x0b Kirkko\ttie\n3\x85",
    ))
    assert form.is_valid(), form.errors
    assert form.cleaned_payload == {
        "message": "<kirjaamo@koivula.example>\nrivi\ntoinen\n\nkolmas\tsarake loppu",
        "place": "Kirkko tie 3",
    }


def test_text_of_only_control_characters_is_empty_and_nul_is_refused():
    assert "message" in PlaceForm(data(message="\x01\x0b\x1b")).errors  # required, and nothing is left
    assert "message" in PlaceForm(data(message="a\x00b")).errors


def test_text_fields_get_a_default_size_limit():
    form = MessageForm(data(message="x" * (PublicForm.default_max_length + 1)))
    assert not form.is_valid()
    assert "message" in form.errors
    assert MessageForm().fields["message"].widget.attrs["maxlength"] == str(PublicForm.default_max_length)


def test_captcha_is_the_last_field_and_the_token_is_fresh_per_form():
    first, second = MessageForm(), MessageForm()
    assert list(first.fields)[-1] == "captcha"
    assert first.initial["submission_token"] != second.initial["submission_token"]


def test_rendered_form_links_errors_and_help_to_inputs_and_shows_a_summary():
    form = MessageForm(data(message="", email="not-an-email"))
    assert not form.is_valid()
    html = form.render()
    assert 'class="error-summary"' in html
    assert 'href="#id_message"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_help id_email_error"' in html
    assert 'value="not-an-email"' in html  # what the person typed is kept


def test_an_empty_form_is_rendered_once_and_filled_with_a_new_token_and_captcha(monkeypatch):
    """engagement/form_rendering.py: the fields' templates run for the first empty form of a kind only;
    each rendering still carries its own token and a new captcha stored for it."""
    import re

    from captcha.models import CaptchaStore
    from django.forms.renderers import DjangoTemplates

    from engagement import form_rendering

    monkeypatch.setattr(form_rendering, "_kept", {})
    rendered = []
    real_render = DjangoTemplates.render
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, name, *a, **k: rendered.append(name) or real_render(self, name, *a, **k))
    forms_ = [MessageForm() for _n in range(3)]
    html = [str(form) for form in forms_]
    assert rendered.count("engagement/forms/form.html") == rendered.count("django/forms/widgets/textarea.html") == 1
    keys = [re.findall(r"/captcha/image/([0-9a-f]{40})/", page) for page in html]
    assert all(len(found) == 1 for found in keys) and len({found[0] for found in keys}) == 3
    assert CaptchaStore.objects.filter(hashkey__in=[found[0] for found in keys]).count() == 3
    for form, page, (key,) in zip(forms_, html, keys, strict=True):
        assert f'value="{form.initial["submission_token"]}"' in page and f'value="{key}"' in page
        assert page.replace(key, "KEY").replace(str(form.initial["submission_token"]), "TOKEN") == html[0].replace(
            keys[0][0], "KEY"
        ).replace(str(forms_[0].initial["submission_token"]), "TOKEN")


def test_what_changes_an_empty_form_is_rendered_anew(monkeypatch):
    from engagement import form_rendering

    monkeypatch.setattr(form_rendering, "_kept", {})
    assert str(MessageForm()).count("We reply here.") == 1
    assert 'value="a@example.com"' in str(MessageForm(initial={"email": "a@example.com"}))  # an update's values
    assert 'value="b@example.com"' in str(MessageForm(initial={"email": "b@example.com"}))
    changed = MessageForm()
    changed.fields["email"].help_text = "Another help."
    assert "Another help." in str(changed) and "We reply here." not in str(changed)
    with translation.override("fi"):
        assert "Kirjoita kuvassa näkyvät merkit" in str(MessageForm())
    with translation.override("sv"):
        assert "Skriv tecknen som syns på bilden" in str(MessageForm())
    bound = MessageForm(data(message=""))
    bound.is_valid()
    assert 'class="error-summary"' in str(bound)  # a form with errors is always rendered


def test_store_once_returns_the_first_object_for_a_repeated_token(locale_fi):
    payload = data()
    made = []

    def create():
        made.append(Department.objects.create(name=f"Osasto {len(made)}", locale=locale_fi))
        return made[-1]

    first = MessageForm(payload)
    assert first.is_valid()
    obj1, created1 = first.store_once(create)
    second = MessageForm(payload)
    assert second.is_valid()
    obj2, created2 = second.store_once(create)
    assert (created1, created2) == (True, False)
    assert obj1 == obj2
    assert Department.objects.count() == 1
    assert SubmissionReceipt.objects.count() == 1


def test_store_once_keys_the_token_by_form_and_address(locale_fi):
    payload = data()
    made = []

    def create():
        made.append(Department.objects.create(name=f"Osasto {len(made)}", locale=locale_fi))
        return made[-1]

    results = []
    for scope in ("/fi/palaute/", "/fi/tapahtumat/ilta/signup/", "/fi/palaute/"):
        form = MessageForm(payload)
        form.receipt_scope = scope
        assert form.is_valid()
        results.append(form.store_once(create))
    assert [created for _obj, created in results] == [True, True, False]
    assert results[2][0] == results[0][0] != results[1][0]
    assert SubmissionReceipt.objects.count() == 2


@pytest.mark.parametrize(("language", "title"), [("fi", "Liian monta yritystä"), ("sv", "För många försök")])
def test_rate_limit_answers_429_in_the_persons_language(client, settings, language, title, home_fi):
    settings.PUBLIC_FORM_RATE_LIMIT = "2/m"
    factory = RequestFactory()
    statuses = []
    for _ in range(3):
        request = factory.post(f"/{language}/form/", data())
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = handle_public_form(
                request,
                form_class=MessageForm,
                template="home/content_page.html",
                context={"page": home_fi},
                on_valid=lambda form: HttpResponse("ok"),
                scope="test",
            )
            if hasattr(response, "render"):
                response.render()
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429]
    assert title in response.content.decode()
    assert response["Retry-After"] == "60"


def test_responses_to_form_pages_are_never_cached(home_fi):
    request = RequestFactory().get("/fi/form/")
    response = handle_public_form(
        request, form_class=MessageForm, template="home/content_page.html", context={"page": home_fi},
        on_valid=None, scope="test",
    )
    assert "no-store" in response["Cache-Control"]


def test_parse_rate_and_client_address(settings):
    assert parse_rate("10/10m") == (10, 600)
    assert parse_rate("5/h") == (5, 3600)
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert client_address(request) == "10.0.0.1"
    settings.NUM_PROXIES = 1
    assert client_address(request) == "5.6.7.8"
