"""Content models: pages, snippets and site settings, one module each."""

from .associations import (  # noqa: F401
    AssociationCategory,
    AssociationConfirmation,
    AssociationIndexPage,
    AssociationPage,
)
from .channels import ChannelContact, InfluenceChannelIndexPage, InfluenceChannelPage  # noqa: F401
from .contacts import ContactIndexPage, ContactPerson, Department  # noqa: F401
from .pages import ContentPage, HomePage  # noqa: F401
from .settings import SiteSettings  # noqa: F401
from .snippets import Footer  # noqa: F401
