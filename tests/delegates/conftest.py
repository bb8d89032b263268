import pytest

from tests.delegates.province import make_province


@pytest.fixture
def small():
    return make_province(units=3, committee=3, code="QB")
