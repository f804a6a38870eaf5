"""Content models: pages, snippets and site settings, one module each."""

from .associations import AssociationCategory, AssociationIndexPage, AssociationPage  # noqa: F401
from .contacts import ContactPerson, Department  # noqa: F401
from .pages import ContentPage, HomePage  # noqa: F401
from .settings import SiteSettings  # noqa: F401
from .snippets import Footer  # noqa: F401
