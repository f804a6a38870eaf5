"""Factories for the directory: contact people, departments, associations, influence channels."""

import factory
import wagtail_factories
from wagtail.models import Locale

from engagement.directory.pages import AssociationFormPage
from home.models import (
    AssociationCategory,
    AssociationIndexPage,
    AssociationPage,
    ContactPerson,
    Department,
)


class DepartmentFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Toimiala {n}")

    class Meta:
        model = Department


class ContactPersonFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Henkilö {n}")
    role = "Suunnittelija"
    email = factory.Sequence(lambda n: f"henkilo{n}@koivula.example")
    phone = "+358 40 123 4567"
    languages = ["fi", "sv"]
    department = factory.SubFactory(DepartmentFactory, locale=factory.SelfAttribute("..locale"))

    class Meta:
        model = ContactPerson


class AssociationCategoryFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Luokka {n}")
    slug = factory.Sequence(lambda n: f"luokka-{n}")

    class Meta:
        model = AssociationCategory


class AssociationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Yhdistykset"
    slug = "yhdistykset"
    intro = "Koivulan yhdistykset"

    class Meta:
        model = AssociationIndexPage


class AssociationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Yhdistys {n}")
    intro = "Yhdistyksen kuvaus"
    area = "Kirkonkylä"
    languages = ["fi"]
    contact_email = factory.Sequence(lambda n: f"yhdistys{n}@example.org")
    steward_email = factory.Sequence(lambda n: f"hoitaja{n}@example.org")

    class Meta:
        model = AssociationPage


class AssociationFormPageFactory(wagtail_factories.PageFactory):
    title = "Lisää yhdistyksesi hakemistoon"
    slug = "yhdistyslomake"

    class Meta:
        model = AssociationFormPage


def association_form_pages(home_fi, index=None):
    """The association form page under `home_fi` and its Swedish translation (the Swedish home page must
    exist), chosen as the form of the directory `index` when given. Returns (form_fi, form_sv)."""
    form_fi = AssociationFormPageFactory(parent=home_fi)
    form_sv = form_fi.copy_for_translation(Locale.objects.get(language_code="sv"))
    form_sv.title, form_sv.slug = "Lägg till din förening i registret", "foreningsformular"
    form_sv.save_revision().publish()
    if index is not None:
        index.form_page = form_fi
        index.save_revision().publish()
    return form_fi, AssociationFormPage.objects.get(pk=form_sv.pk)
