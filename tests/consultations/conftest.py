import pytest

from tests.factories.consultations import make_consultation, make_index


@pytest.fixture
def index(home_fi):
    return make_index(home_fi)


@pytest.fixture
def consultation(index):
    """(page_fi, page_sv): open, pre-moderated, three sections."""
    return make_consultation(index[0])
