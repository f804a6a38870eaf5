"""The association form of the demo directory takes new entries in both languages, one after another.

The demo once published its Swedish directory from an instance read before the Swedish entries were
added under it, which wrote the old child count (0) back into the page tree: the next entry sent in
Swedish got the path of an existing one (IntegrityError on wagtailcore_page.path)."""

import pytest
from wagtail.models import Page

from engagement.directory.pages import AssociationFormPage
from engagement.models import PageSubmission
from home.models import AssociationPage
from tests.directory.test_association_form import valid_data

pytestmark = pytest.mark.django_db


def test_the_demo_page_tree_is_consistent(demo_directory):
    """Every page's child count and path agree with the tree (treebeard's own check)."""
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.parametrize("languages", [("fi", "sv"), ("sv", "fi")])
def test_new_entries_in_both_languages_one_after_another(client, demo_directory, languages):
    for number, language in enumerate(languages):
        index = demo_directory[f"associations_{language}"]
        entries_before = set(AssociationPage.objects.child_of(index).values_list("pk", flat=True))
        form = AssociationFormPage.objects.get(locale__language_code=language)
        name = f"Uusi yhdistys {language} ry"
        response = client.post(form.url, valid_data(
            name=name, categories=["kylat"], submission_token=f"6f1c2a1e-8c4b-4bb4-9a7e-0d3f2a9b1c1{number}",
        ))
        assert response.status_code == 200, (language, response.status_code)
        submission = PageSubmission.objects.get(title=name)
        assert submission.language == language and submission.page.get_parent().pk == index.pk
        page = AssociationPage.objects.get(pk=submission.page_id)
        assert not page.live and page.locale.language_code == language
        assert set(AssociationPage.objects.child_of(index).values_list("pk", flat=True)) == entries_before | {page.pk}
    assert Page.find_problems() == ([], [], [], [], [])
