"""Step 5 of an import: write the accepted households in ONE transaction: new records through
``Ledger.insert_new`` (batched), existing ones through ``Ledger.save`` (only changed fields produce an
outbox change; unchanged rows produce none); records of the own workbook deleted in the ledger since are
restored. A locked ledger is a ``DatabaseLocked``.
"""
from __future__ import annotations

import sqlite3

from desktop.store.codec import ENTITY_OF_TYPE
from desktop.store.errors import DatabaseLocked
from desktop.store.ledger import Deletion

from .report import ImportReport
from .staging import StagedHousehold


def write_records(ledger, households: list[StagedHousehold], report: ImportReport, tell,
           staged_restore: set[tuple[str, str]] = frozenset()) -> None:
    new_records: list = []
    updates: list[tuple[str, object]] = []
    for h in households:
        if h.from_file:
            if h.existing is None:
                new_records.append(h.record)
                report.households_added += 1
            else:
                updates.append(("households", h.record))
        for p in h.persons:
            if p.from_file:
                if p.existing is None:
                    new_records.append(p.record)
                    report.persons_added += 1
                else:
                    updates.append(("persons", p.record))
            for s in p.spells:
                if s.existing is None:
                    new_records.append(s.record)
                    report.spells_added += 1
                else:
                    updates.append(("spells", s.record))
    total = len(updates) + len(new_records)
    tell(0, total, "正在写入台账")
    try:
        _write_all(ledger, updates, new_records, report, tell, total, staged_restore)
    except sqlite3.OperationalError as exc:
        message = str(exc).lower()
        if "locked" in message or "busy" in message:
            raise DatabaseLocked(ledger.path or "台账") from exc
        raise
    tell(total, total, "导入完成")


def _write_all(ledger, updates, new_records, report, tell, total, staged_restore) -> None:
    with ledger.transaction():
        for n, (what, record) in enumerate(updates, 1):
            changed = ledger.save(record)
            name = f"{what}_updated" if changed else f"{what}_unchanged"
            setattr(report, name, getattr(report, name) + 1)
            if n % 500 == 0:
                tell(n, total, "正在写入台账")
        if new_records:
            ledger.insert_new(new_records)
        # records of the workbook that were deleted in the ledger since: bring them back (like undo)
        kept = {(ENTITY_OF_TYPE[type(r)], r.id) for _, r in updates}
        restore = [item for item in sorted(staged_restore) if item in kept]
        if restore:
            ledger.restore(Deletion(restore))
