"""Fixtures of the Excel tests (helpers are in excel_helpers.py)."""
import pytest

from desktop.excel.sample_data import national_rows


@pytest.fixture
def rows():
    """About 40 person rows of whole households, valid against today's date."""
    return national_rows(40, seed=3)
