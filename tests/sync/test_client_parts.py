"""Client pieces on their own: Qt-free imports, token stores, region codes."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

from sync.client import FileTokenStore, MemoryTokenStore
from sync.scope import Role, Scope, region_error


def test_sync_package_never_imports_qt():
    code = ("import sys, sync.client, sync.server.app, sync.server.cli; "
            "assert 'PySide6' not in sys.modules, 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_file_token_store_is_private_and_round_trips(tmp_path):
    store = FileTokenStore(tmp_path / "sub" / "token.json")
    store.set("http://county:8765/", "va", "t1")
    store.set("http://county:8765", "vb", "t2")
    assert store.get("http://county:8765", "va") == "t1"
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    store.delete("http://county:8765", "va")
    assert store.get("http://county:8765", "va") is None and store.get("http://county:8765", "vb") == "t2"


def test_memory_token_store():
    store = MemoryTokenStore()
    store.set("u", "a", "t")
    assert store.get("u", "a") == "t"
    store.delete("u", "a")
    assert store.get("u", "a") is None


def test_region_codes_match_roles():
    assert region_error(Role.VILLAGE, "410101001001") is None
    assert region_error(Role.TOWNSHIP, "410101001000") is None
    assert region_error(Role.COUNTY, "410101000000") is None
    assert "12 位" in region_error(Role.VILLAGE, "4101")
    assert "村级" in region_error(Role.VILLAGE, "410101001000")
    assert "乡镇" in region_error(Role.TOWNSHIP, "410101001001")
    assert "县级" in region_error(Role.COUNTY, "410101001000")


def test_scope_prefixes():
    town = Scope(Role.TOWNSHIP, "410101001000")
    assert town.reads("410101001002") and not town.reads("410101002001")
    assert not town.can_write and town.code_range() == ("410101001000", "410101001999")
    village = Scope(Role.VILLAGE, "410101001001")
    assert village.writes("410101001001") and not village.writes("410101001002")
