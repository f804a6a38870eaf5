"""Open311 GeoReport v2: services, requests, one request and POST, in JSON and XML, with errors.
Only feedback that staff published with its answer is listed."""

import json
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.utils import timezone

from engagement.feedback.models import Feedback
from tests.factories.feedback import FeedbackFactory, Open311ApiKeyFactory

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]


def staff_published(**fields):
    """Feedback whose sender consented and that a handler answered with the "publish" tick."""
    return FeedbackFactory(**{"publish_consent": True, "answer_published": True, "public_answer": "Selvitämme asiaa.",
                              **fields})


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


@pytest.fixture
def published(topic_fi):
    return FeedbackFactory(
        topic=topic_fi, publish_consent=True, answer_published=True, public_answer="Valo korjattu.",
        status=Feedback.Status.ANSWERED, answered_at=timezone.now(), message="Katuvalo rikki torilla",
        lat="60.123456", long="24.654321",
    )


def test_services_json_and_xml(client, topic_fi, topic_sv):
    data = client.get(f"{BASE}/services.json").json()
    assert data == [{
        "service_code": "streets", "service_name": "Kadut ja liikenne", "description": "", "metadata": False,
        "type": "realtime", "keywords": "", "group": "",
    }]
    assert client.get(f"{BASE}/services.json?locale=sv").json()[0]["service_name"] == "Gator och trafik"
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    service = root.find("service")
    assert [child.tag for child in service] == ["service_code", "service_name", "description", "metadata", "type",
                                               "keywords", "group"]
    assert service.findtext("service_code") == "streets"
    assert service.findtext("metadata") == "false"


def test_requests_json_field_by_field_without_personal_data(client, published, topic_fi):
    FeedbackFactory(topic=topic_fi, publish_consent=False, message="Ei julkinen")
    response = client.get(f"{BASE}/requests.json")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 1
    row = data[0]
    assert list(row) == REQUEST_FIELDS
    assert row["service_request_id"] == str(published.pk)
    assert row["status"] == "closed"
    assert row["status_notes"] == "Valo korjattu."
    assert row["service_code"] == "streets" and row["service_name"] == "Kadut ja liikenne"
    assert row["description"] == "Katuvalo rikki torilla"
    assert row["address"] == "Koivulan tori"
    assert row["lat"] == 60.123456 and row["long"] == 24.654321
    assert row["requested_datetime"].startswith(str(published.created_at.year))
    assert row["expected_datetime"] is None
    text = json.dumps(data)
    # The person's own details, whole (a bare "040" would also match an id such as 5040).
    assert published.name and published.email and published.phone
    assert published.name not in text and published.email not in text and published.phone not in text


def test_requests_xml(client, published):
    root = xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == str(published.pk)
    assert request.findtext("status") == "closed"
    assert request.findtext("status_notes") == "Valo korjattu."
    assert b"aino@example.com" not in client.get(f"{BASE}/requests.xml").content


def test_open_feedback_has_open_status_and_expected_datetime(client, topic_fi):
    item = staff_published(topic=topic_fi, status=Feedback.Status.IN_PROGRESS)
    row = client.get(f"{BASE}/requests/{item.pk}.json").json()[0]
    assert row["status"] == "open"
    assert row["status_notes"] == "Selvitämme asiaa."
    assert row["expected_datetime"]


def test_request_filters(client, published, topic_fi):
    other = staff_published(topic=topic_fi, message="Avoin")
    old = staff_published(topic=topic_fi, created_at=timezone.now() - timedelta(days=100))

    def ids(query):
        return {row["service_request_id"] for row in client.get(f"{BASE}/requests.json?{query}").json()}

    assert ids("") == {str(published.pk), str(other.pk)}  # the default 90-day window
    assert ids("status=open") == {str(other.pk)}
    assert ids("status=closed") == {str(published.pk)}
    assert ids("status=open,closed") == {str(published.pk), str(other.pk)}
    assert ids("service_code=nothing") == set()
    assert ids("service_code=streets") == {str(published.pk), str(other.pk)}
    assert ids(f"service_request_id={old.pk},{other.pk}") == {str(old.pk), str(other.pk)}
    start = (timezone.now() - timedelta(days=110)).isoformat()
    end = (timezone.now() - timedelta(days=90)).isoformat()
    from urllib.parse import quote

    assert ids(f"start_date={quote(start)}&end_date={quote(end)}") == {str(old.pk)}


def test_request_detail_and_not_found(client, published, topic_fi):
    private = FeedbackFactory(topic=topic_fi, publish_consent=False)
    assert client.get(f"{BASE}/requests/{published.pk}.json").json()[0]["service_request_id"] == str(published.pk)
    response = client.get(f"{BASE}/requests/{private.pk}.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": f"Service request {private.pk} not found"}]
    root = xml(client.get(f"{BASE}/requests/{private.pk}.xml"))
    assert root.tag == "errors"
    assert root.find("error").findtext("code") == "404"
    assert root.find("error").findtext("description")


def test_numbers_beyond_any_request_find_nothing(client, published):
    # SQLite cannot compare with a number beyond 64 bits: these answered 500 there.
    huge = "9" * 40
    assert client.get(f"{BASE}/requests/{huge}.json").status_code == 404
    response = client.get(f"{BASE}/requests.json?service_request_id={huge},{published.pk}")
    assert [row["service_request_id"] for row in response.json()] == [str(published.pk)]


@pytest.mark.parametrize("query", ["status=pending", "start_date=yesterday",
                                   "start_date=2026-01-01T00:00:00Z&end_date=2025-01-01T00:00:00Z",
                                   "start_date=2025-01-01T00:00:00Z&end_date=2025-12-01T00:00:00Z",
                                   "service_request_id=abc"])
def test_bad_parameters_give_400_in_spec_format(client, query):
    response = client.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and error["description"]
    root = xml(client.get(f"{BASE}/requests.xml?{query}"))
    assert root.find("error").findtext("code") == "400"


def test_at_most_1000_requests(client, topic_fi):
    Feedback.objects.bulk_create([
        Feedback(topic=topic_fi, message=f"Palaute {n}", publish_consent=True, answer_published=True, public_answer="Kiitos")
        for n in range(1005)
    ])
    assert len(client.get(f"{BASE}/requests.json").json()) == 1000


def test_post_request_with_api_key(client, topic_fi, topic_sv):
    key = Open311ApiKeyFactory()
    response = client.post(f"{BASE}/requests.json", {
        "api_key": key.key, "service_code": "streets", "description": "Gatlampan är trasig.",
        "lat": "60.1", "long": "24.9", "email": "elin@example.com", "first_name": "Elin", "last_name": "Holm",
        "locale": "sv",
    })
    assert response.status_code == 201
    [row] = response.json()
    assert set(row) == {"service_request_id", "service_notice", "account_id"}
    feedback = Feedback.objects.get(pk=int(row["service_request_id"]))
    assert feedback.channel == Feedback.Channel.API
    assert feedback.language == "sv" and feedback.topic == topic_sv
    assert feedback.name == "Elin Holm" and feedback.wants_reply
    assert not feedback.publish_consent
    assert feedback.events.count() == 1

    root = xml(client.post(f"{BASE}/requests.xml", {
        "api_key": key.key, "service_code": "streets", "description": "Kuoppa tiessä", "address_string": "Kirkkotie 3",
    }))
    assert root.tag == "service_requests"
    assert root.find("request").findtext("service_request_id")


@pytest.mark.parametrize("data, code", [
    ({}, 403),
    ({"api_key": "wrong"}, 403),
    ({"api_key": "KEY"}, 400),
    ({"api_key": "KEY", "service_code": "nope", "description": "x", "lat": "1", "long": "1"}, 404),
    ({"api_key": "KEY", "service_code": "streets", "lat": "1", "long": "1"}, 400),
    ({"api_key": "KEY", "service_code": "streets", "description": "x"}, 400),
    ({"api_key": "KEY", "service_code": "streets", "description": "x", "lat": "abc", "long": "1"}, 400),
    ({"api_key": "KEY", "service_code": "streets", "description": "x" * 4001, "address_string": "a"}, 400),
    ({"api_key": "KEY", "service_code": "streets", "description": "x", "address_string": "a", "email": "bad"}, 400),
])
def test_post_errors(client, topic_fi, data, code):
    key = Open311ApiKeyFactory()
    data = {k: (key.key if v == "KEY" else v) for k, v in data.items()}
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == code
    [error] = response.json()
    assert error["code"] == code
    assert Feedback.objects.count() == 0


def test_inactive_key_is_refused(client, topic_fi):
    key = Open311ApiKeyFactory(active=False)
    response = client.post(f"{BASE}/requests.xml", {"api_key": key.key, "service_code": "streets",
                                                      "description": "x", "address_string": "a"})
    assert response.status_code == 403
    assert xml(response).find("error").findtext("code") == "403"


def test_requests_query_budget(client, published, django_assert_max_num_queries):
    for _number in range(5):
        staff_published(topic=published.topic)
    with django_assert_max_num_queries(3):
        assert len(client.get(f"{BASE}/requests.json").json()) == 6


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_consented_but_unreviewed_feedback_is_never_listed(client, published, topic_fi, fmt):
    """The sender's consent alone publishes nothing: a handler decides with the "publish" tick."""
    consented = FeedbackFactory(topic=topic_fi, publish_consent=True, message="Naapurini Matti Meikäläinen roskaa")
    answered_unpublished = FeedbackFactory(topic=topic_fi, publish_consent=True, public_answer="Vastattu",
                                           status=Feedback.Status.ANSWERED, message="Vastattu mutta ei julkaistu")
    listed = client.get(f"{BASE}/requests.{fmt}")
    assert listed.status_code == 200
    body = listed.content.decode()
    assert "Meikäläinen" not in body and "ei julkaistu" not in body
    if fmt == "json":
        assert [row["service_request_id"] for row in listed.json()] == [str(published.pk)]
    else:
        assert [node.findtext("service_request_id") for node in xml(listed)] == [str(published.pk)]
    for item in (consented, answered_unpublished):
        assert client.get(f"{BASE}/requests/{item.pk}.{fmt}").status_code == 404
        by_id = client.get(f"{BASE}/requests.{fmt}", {"service_request_id": item.pk})
        assert (by_id.json() if fmt == "json" else list(xml(by_id))) == []


def test_xml_stays_well_formed_with_control_characters_already_stored(client, topic_fi):
    """Rows stored before the public forms dropped control characters (or written by other code). NUL only
    where the database can hold it: PostgreSQL refuses it in text."""
    nul = "" if connection.vendor == "postgresql" else "\x00"
    Feedback.objects.bulk_create([Feedback(
        topic=topic_fi, message=f"Rivi\x0btoinen\x1b[31m{nul} <kirjaamo@koivula.example> & muuta",
        place="Tori\x08", publish_consent=True, answer_published=True, public_answer="Vastaus\x0c", due_at=timezone.now(),
    )])
    response = client.get(f"{BASE}/requests.xml")
    request = xml(response).find("request")  # parses: no character XML 1.0 cannot hold
    assert request.findtext("description") == "Rivitoinen[31m <kirjaamo@koivula.example> & muuta"
    assert request.findtext("address") == "Tori" and request.findtext("status_notes") == "Vastaus"
    assert b"&lt;kirjaamo@koivula.example&gt; &amp; muuta" in response.content


def test_post_keeps_text_with_angle_brackets_as_written_without_control_characters(client, topic_fi):
    key = Open311ApiKeyFactory()
    response = client.post(f"{BASE}/requests.json", {
        "api_key": key.key, "service_code": "streets", "address_string": "Kirkko\x0btie 3",
        "description": "Kirjoitin osoitteeseen <kirjaamo@koivula.example>,\x0bmutta <script>x</script>\x1b",
    })
    assert response.status_code == 201
    feedback = Feedback.objects.get()
    assert feedback.message == "Kirjoitin osoitteeseen <kirjaamo@koivula.example>,\nmutta <script>x</script>"
    assert feedback.place == "Kirkko tie 3"
