"""Demo content of the directory module: the association form page, in Finnish and Swedish, chosen as
the form of the association directory. Called from where the demo builds the directory."""

from home.demo.helpers import home_pages, page_pair

from .pages import AssociationFormPage

FORM_PAGE = {
    "fi": {
        "title": "Lisää yhdistyksesi hakemistoon",
        "slug": "yhdistyslomake",
        "intro": "Yhdistykset pitävät itse tietonsa ajan tasalla. Moderaattori tarkistaa lähettämäsi tiedot "
        "ennen julkaisua, ja saat sähköpostia kummassakin tapauksessa.",
    },
    "sv": {
        "title": "Lägg till din förening i registret",
        "slug": "foreningsformular",
        "intro": "Föreningarna håller själva sina uppgifter aktuella. En moderator granskar det du skickar "
        "innan det publiceras, och du får e-post i båda fallen.",
    },
}


def add_association_form(directory_fi):
    """The form page (fi, sv) under the home pages, and the directory's link to it (unless an editor
    already chose a form). Returns the two pages."""
    home_fi, _home_sv = home_pages()
    pages = page_pair(home_fi, AssociationFormPage, fi=FORM_PAGE["fi"], sv=FORM_PAGE["sv"])
    directories = (directory_fi, directory_fi.get_translation_or_none(pages[1].locale))
    for directory, form_page in zip(directories, pages, strict=True):
        if directory is not None and directory.specific.form_page_id is None:
            directory = directory.specific
            directory.form_page = form_page
            directory.save_revision().publish()
    return pages


def remove_association_form():
    """For the demo's reset: the form pages (their translations first)."""
    for page in AssociationFormPage.objects.order_by("-depth"):
        page.delete()
