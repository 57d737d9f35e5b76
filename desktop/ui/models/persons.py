"""The 人员 list: one row per live person, with the job held today."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt

from desktop.store.queries import PersonRow, person_rows

from .display import GREY, SYNC_COLOR, VillageNames, age_text, sync_text, sync_tip
from .paged import Column, PagedTableModel

C = "PersonTableModel"
Right = Qt.AlignmentFlag.AlignRight


class PersonTableModel(PagedTableModel):
    context = C
    columns = (
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Name"), "name", 80),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Sex"), "sex", 40),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Age"), "age", 45, Right),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "ID number"), "id_number", 165),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Relation"), "relation", 70),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Labour"), "labour", 150),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Employment"), "employment", 150),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Phone"), "phone", 105),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Village"), "village", 100),
        Column(QT_TRANSLATE_NOOP("PersonTableModel", "Sync"), "sync", 80),
    )

    def __init__(self, reader, regions, parent=None, today: date | None = None):
        super().__init__(reader, parent)
        self.villages = VillageNames(regions)
        self.today = today or date.today()

    def fetch(self, conn, keys):
        return person_rows(conn, keys, self.today)

    def cell(self, r: PersonRow, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 6 and not r.job_form:
                return GREY
            if column == 9:
                return SYNC_COLOR.get(r.sync_state)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 8:
                return self.villages.full(r.village_code)
            if column == 9:
                return sync_tip(r.sync_state)
            return None
        if column == 0:
            return r.name
        if column == 1:
            return r.sex or ""
        if column == 2:
            return age_text(r.birth_date, self.today)
        if column == 3:
            return r.id_number
        if column == 4:
            return r.relation
        if column == 5:
            return r.labour_skill
        if column == 6:
            if not r.job_form:
                return QCoreApplication.translate("PersonTableModel", "Not employed")
            return f"{r.job_form}·{r.job_place}" if r.job_place else r.job_form
        if column == 7:
            return r.phone or ""
        if column == 8:
            return self.villages.short(r.village_code)
        if column == 9:
            return sync_text(r.sync_state)
        return None
