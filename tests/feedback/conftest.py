import pytest

from kumppanuus.translations import translate
from tests.factories.feedback import FeedbackPageFactory, FeedbackTopicFactory, translate_topic


@pytest.fixture
def page_fi(home_fi):
    return FeedbackPageFactory(parent=home_fi)


@pytest.fixture
def page_sv(page_fi, locale_sv):
    return translate(page_fi, locale_sv, title="Ge respons", slug="respons")


@pytest.fixture
def topic_fi(db):
    return FeedbackTopicFactory(name="Kadut ja liikenne", code="streets")


@pytest.fixture
def topic_sv(topic_fi):
    return translate_topic(topic_fi, "Gator och trafik")


@pytest.fixture
def handler(staff_user_factory):
    return staff_user_factory("Feedback handlers", username="handler")


def form_data(topic, /, **overrides):
    data = {
        "topic": topic.pk,
        "message": "Koivulan torin katuvalo on ollut rikki viikon.",
        "place": "Koivulan tori",
        "name": "Aino Virtanen",
        "email": "aino@example.com",
        "phone": "",
        "wants_reply": "on",
        "publish_consent": "on",
        "captcha_0": "x",
        "captcha_1": "PASSED",
        "submission_token": "7b0a3c56-3a1c-4d43-9d71-3f1b7c2f1a01",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
