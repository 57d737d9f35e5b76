"""Ids of the records the server makes itself (conflicts, duplicate flags), derived from what caused
them, so a replayed push makes the same record and a laptop can tell which conflicts came from its own
pushes (the ack lists the fields that lost; the conflict's id follows from the change id and field)."""
from __future__ import annotations

import uuid

NS = uuid.UUID("6f1f3a52-5a0e-4d8e-9d59-4a1b9d3c8e11")


def conflict_id(change_id: str, field: str) -> str:
    return str(uuid.uuid5(NS, f"{change_id}:{field}"))


def duplicate_id(person_a: str, person_b: str) -> str:
    return str(uuid.uuid5(NS, f"dup:{person_a}:{person_b}"))
