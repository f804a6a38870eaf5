"""Who is told of new feedback belongs to the people who may read it (issue 13, finding 10).

Communications staff edit a topic's public texts, but neither its notify address, its handler group
nor its contact people, nor the address of a contact person who is notified of feedback.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from engagement.feedback.models import FeedbackTopic
from tests.factories.directory import ContactPersonFactory

pytestmark = pytest.mark.django_db

ROUTING_FIELDS = ("notify_email", "handler_group", "contact_people")


def edit_url(topic):
    return reverse("wagtailsnippets_feedback_feedbacktopic:edit", args=[topic.pk])


def topic_form(topic, **overrides):
    data = {
        "name": topic.name,
        "description": "Katuvalot, kuopat ja liikennemerkit.",
        "code": topic.code,
        "reply_days": "7",
        "sort_order": "10",
    }
    data.update(overrides)
    return data


@pytest.fixture
def communications(staff_user_factory):
    return staff_user_factory("Communications staff", username="viestinta")


def test_communications_staff_edit_texts_but_not_routing(client, communications, topic_fi):
    person = ContactPersonFactory(email="oikea@koivula.example")
    topic_fi.contact_people.set([person])
    client.force_login(communications)

    form = client.get(edit_url(topic_fi)).context["form"]
    assert "description" in form.fields
    assert not set(ROUTING_FIELDS) & set(form.fields)

    mine = ContactPersonFactory(email="viestinta@koivula.example")
    response = client.post(
        edit_url(topic_fi),
        topic_form(
            topic_fi,
            notify_email="viestinta@koivula.example",
            handler_group=str(Group.objects.get(name="Communications staff").pk),
            contact_people=[str(mine.pk)],
        ),
    )
    assert response.status_code == 302
    topic = FeedbackTopic.objects.get(pk=topic_fi.pk)
    assert topic.description == "Katuvalot, kuopat ja liikennemerkit."
    assert topic.reply_days == 7
    assert topic.notify_email == "kirjaamo@koivula.example"
    assert topic.handler_group is None
    assert list(topic.contact_people.all()) == [person]


def test_feedback_handlers_route_feedback(client, handler, topic_fi):
    person = ContactPersonFactory(email="kadut@koivula.example")
    client.force_login(handler)

    form = client.get(edit_url(topic_fi)).context["form"]
    assert set(ROUTING_FIELDS) <= set(form.fields)

    group = Group.objects.get(name="Feedback handlers")
    response = client.post(
        edit_url(topic_fi),
        topic_form(topic_fi, notify_email="kadut@koivula.example", handler_group=str(group.pk),
                   contact_people=[str(person.pk)]),
    )
    assert response.status_code == 302
    topic = FeedbackTopic.objects.get(pk=topic_fi.pk)
    assert topic.notify_email == "kadut@koivula.example"
    assert topic.handler_group == group
    assert list(topic.contact_people.all()) == [person]


def contact_form(person, **overrides):
    data = {
        "name": person.name, "role": person.role, "email": person.email, "phone": person.phone,
        "languages": person.languages, "sort_order": "100", "responsibilities": rich_text(""), "topics": "",
        "availability": "", "photo_alt_text": "",
    }
    data.update(overrides)
    return data


def contact_edit_url(person):
    return reverse("wagtailsnippets_home_contactperson:edit", args=[person.pk])


@pytest.mark.parametrize("group, changes", [("Communications staff", False), ("Feedback handlers", True)])
def test_the_address_of_a_notified_contact_person_is_routing_too(client, staff_user_factory, topic_fi, group, changes):
    person = ContactPersonFactory(email="oikea@koivula.example")
    topic_fi.contact_people.set([person])
    user = staff_user_factory(group, "Communications staff")
    client.force_login(user)
    response = client.post(contact_edit_url(person), contact_form(person, email="oma@koivula.example"))
    person.refresh_from_db()
    if changes:
        assert response.status_code == 302
        assert person.email == "oma@koivula.example"
    else:
        assert response.status_code == 200
        assert person.email == "oikea@koivula.example"


def test_communications_staff_still_edit_other_contact_people(client, communications):
    person = ContactPersonFactory(email="vanha@koivula.example")
    client.force_login(communications)
    response = client.post(contact_edit_url(person), contact_form(person, email="uusi@koivula.example"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "uusi@koivula.example"


def test_translations_cannot_override_where_feedback_goes():
    """wagtail-localize lets translators override synchronised fields unless told not to; the routing
    permission is not asked there, so routing is never overridable in a translation."""
    from wagtail_localize.fields import SynchronizedField

    from home.models import ContactPerson

    def overridable(model):
        return {f.field_name for f in model.translatable_fields if isinstance(f, SynchronizedField) and f.overridable}

    assert not {"notify_email", "handler_group"} & overridable(FeedbackTopic)
    assert "email" not in overridable(ContactPerson)
