import pytest

from domain_fakes import ROWS, FakeRegions


@pytest.fixture
def regions():
    return FakeRegions(ROWS)
