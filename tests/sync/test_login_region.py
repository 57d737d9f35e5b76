"""A ledger holding records synced for one village does not take an account of another region that
cannot read them (a laptop handed over): pulling that region on top would mix two villages' ledgers
and the count check would never agree again."""
from __future__ import annotations

import pytest

from sync.client import LedgerOfAnotherRegion, MemoryTokenStore, login

from .conftest import PASSWORD, URL, VILLAGE_A
from .localdb import add_household, query


def _login(lap, username):
    store = MemoryTokenStore()
    login(lap.path, URL, username, PASSWORD, store, transport=lap.engine.transport)
    return store


def test_a_village_ledger_refuses_another_villages_account(laptop):
    a = laptop("va", "a")
    add_household(a.path, VILLAGE_A)
    a.sync()
    before = query(a.path, "SELECT key, value FROM meta ORDER BY key")
    with pytest.raises(LedgerOfAnotherRegion) as refused:
        _login(a, "vb")
    assert VILLAGE_A in refused.value.message and "原来的账号" in refused.value.message
    assert query(a.path, "SELECT key, value FROM meta ORDER BY key") == before    # still va's ledger
    assert a.sync().count_mismatch == {}


def test_an_account_whose_region_covers_the_ledger_may_log_in(laptop):
    a = laptop("va", "a")
    add_household(a.path, VILLAGE_A)
    a.sync()
    _login(a, "tw")                    # the village's township reads it
    report = a.sync()
    assert report.count_mismatch == {} and not report.repaired


def test_a_ledger_with_nothing_synced_takes_any_account(laptop):
    a = laptop("va", "a")
    add_household(a.path, VILLAGE_A)    # not synced yet
    _login(a, "vb")
    assert "vb" in query(a.path, "SELECT value FROM meta WHERE key = 'account'")[0]["value"]
