"""A record's ``server_versions``: for each field, the server seq of the value the record holds (the base
of a local edit, see docs/sync-protocol.md §6). Stored as JSON text. A field listed has its own version;
``"*"`` is the version of every field not listed. A pulled row is written as ``{"*": seq}`` (every field at
the row's seq): a dozen bytes instead of 400, which made a first pull of 100,000 persons spend a third of
its insert time on writing version maps."""
from __future__ import annotations

import json
from collections.abc import Iterable

ALL = "*"


def parse(text: str | None) -> dict:
    return json.loads(text) if text else {}


def version(versions: dict, field: str) -> int:
    """The server seq of `field`'s value (0: never on the server)."""
    return versions.get(field, versions.get(ALL, 0))


def all_at(seq: int) -> str:
    return f'{{"{ALL}":{int(seq)}}}'


def expand(versions: dict, fields: Iterable[str]) -> dict[str, int]:
    return {f: version(versions, f) for f in fields}
