"""Shared fixtures. Qt tests run offscreen; every test gets its own ledger file."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def ledger(tmp_path):
    from desktop.store.ledger import Ledger
    opened = Ledger.open(tmp_path / "ledger.sqlite")
    yield opened
    opened.close()
