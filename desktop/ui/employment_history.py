"""A person's employment history (务工就业记录): the spells in a table, and the actions 新增务工, 结束务工,
更正 and 删除 (undoable through ``events.deleted``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.places import place_bucket
from desktop.store.errors import RecordNotFound
from desktop.store.ledger import Deletion

from .spell_dialog import SpellDialog
from .widgets.confirm import ask
from .widgets.tables import tidy_table


@dataclass
class HistoryData:
    person: Person | None = None
    household: Household | None = None
    spells: list[EmploymentSpell] = field(default_factory=list)


class SpellTableModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("SpellTableModel", "Form of work"),
        QT_TRANSLATE_NOOP("SpellTableModel", "Work place"),
        QT_TRANSLATE_NOOP("SpellTableModel", "Place type"),
        QT_TRANSLATE_NOOP("SpellTableModel", "Employer"),
        QT_TRANSLATE_NOOP("SpellTableModel", "Monthly income"),
        QT_TRANSLATE_NOOP("SpellTableModel", "Start"),
        QT_TRANSLATE_NOOP("SpellTableModel", "End"),
    )

    def __init__(self, regions, parent=None, today: date | None = None):
        super().__init__(parent)
        self.regions = regions
        self.today = today or date.today()
        self._spells: list[EmploymentSpell] = []
        self._home: str = ""

    def set_spells(self, spells: list[EmploymentSpell], home_village: str) -> None:
        self.beginResetModel()
        self._spells = sorted(spells, key=lambda s: (s.start_date, s.id), reverse=True)  # latest first
        self._home = home_village or ""
        self.endResetModel()

    def spell(self, row: int) -> EmploymentSpell:
        return self._spells[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._spells)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("SpellTableModel", self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self._spells[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not s.covers(self.today):
            return QBrush(QColor("#666666"))  # ended (or not yet started) jobs in grey
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, s: EmploymentSpell, column: int) -> str:
        if column == 0:
            return s.form.value
        if column == 1:
            if s.abroad:
                return "国外" + (f"：{s.work_place}" if s.work_place else "")
            name = self.regions.full_name(s.work_county_code) if s.work_county_code else ""
            return name + (f" {s.work_place}" if s.work_place else "") or "（未填）"
        if column == 2:
            bucket = place_bucket(self._home, s)
            return bucket.value if bucket else ""
        if column == 3:
            return s.employer or ""
        if column == 4:
            return "" if s.monthly_income is None else f"{Decimal(s.monthly_income):,.0f}"
        if column == 5:
            return s.start_date.isoformat()
        if s.end_date is None:
            return self.tr("still working")
        return s.end_date.isoformat()


class EmploymentHistory(QWidget):
    """Shows the spells of the person given to ``set_person``; reloads itself on ledger events."""

    loaded = Signal()

    def __init__(self, ledger, runner, messages, events, regions, parent: QWidget | None = None,
                 today: date | None = None, follow_events: bool = True):
        super().__init__(parent)
        self.ledger, self.runner, self.messages, self.events, self.regions = ledger, runner, messages, events, regions
        self.today = today or date.today()
        self.data = HistoryData()
        self.dialog: SpellDialog | None = None     # the open spell dialog, if any
        self.question: QMessageBox | None = None   # the open delete confirmation, if any
        self._person_id: str | None = None
        self.read_only_reason = ""                 # not "": this account may only look (the reason)

        self.title = QLabel(self)
        self.model = SpellTableModel(regions, self, self.today)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        tidy_table(self.table)
        self.table.doubleClicked.connect(lambda _i: self.correct_spell())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.correct_spell,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete_spell,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.add_button = QPushButton(self.tr("&New job"), self)
        self.end_button = QPushButton(self.tr("E&nd job"), self)
        self.correct_button = QPushButton(self.tr("&Correct"), self)
        self.delete_button = QPushButton(self.tr("Delete job"), self)
        self.add_button.clicked.connect(self.add_spell)
        self.end_button.clicked.connect(self.end_spell)
        self.correct_button.clicked.connect(self.correct_spell)
        self.delete_button.clicked.connect(self.delete_spell)

        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        for b in (self.add_button, self.end_button, self.correct_button, self.delete_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        if follow_events:  # inside a household page the page reloads it
            events.changed.connect(self._on_changed)
            events.deleted.connect(self._on_deleted)
            events.reloaded.connect(self.reload)
        self._show()

    def set_read_only(self, reason: str) -> None:
        """``reason`` (Chinese) when the account may only look: every button is disabled and says why."""
        self.read_only_reason = reason
        self._show()

    def _refused(self) -> bool:
        """True (and the reason shown) when this account may not change the ledger."""
        if self.read_only_reason:
            self.messages.info(self.read_only_reason, 8000)
        return bool(self.read_only_reason)

    # ------------------------------------------------------------------ data
    def set_person(self, person_id: str | None) -> None:
        self._person_id = person_id
        self.reload()

    def reload(self) -> None:
        if self._person_id is None:
            self.data = HistoryData()
            self._show()
            return
        self.runner.run(self._load, self._person_id, on_done=self._loaded, on_error=self.messages.error)

    def _load(self, person_id: str) -> HistoryData:
        try:
            person = self.ledger.person(person_id)
        except RecordNotFound:  # deleted meanwhile
            return HistoryData()
        return HistoryData(person, self.ledger.household(person.household_id), self.ledger.spells(person_id))

    def _loaded(self, data: HistoryData) -> None:
        if data.person is not None and data.person.id != self._person_id:
            return  # an answer for a person no longer shown
        self.data = data
        self._show()
        self.loaded.emit()

    def _on_deleted(self, *_args) -> None:
        self.reload()

    def _on_changed(self, entity: str, _ids: list) -> None:
        if entity in ("employment", "person", "household"):
            self.reload()

    def _show(self) -> None:
        person = self.data.person
        selected = self.selected_spell()
        self.model.set_spells(self.data.spells, self.data.household.village_code if self.data.household else "")
        if person is None:
            self.title.setText(self.tr("Employment history: choose a member above"))
        else:
            title = self.tr("Employment history of %1").replace("%1", person.name)
            if not self.data.spells and not self.read_only_reason:
                title += self.tr(" (none yet: press New job to add one)")
            self.title.setText(title)
        if selected is not None:
            for row in range(self.model.rowCount()):
                if self.model.spell(row).id == selected.id:
                    self.table.selectRow(row)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def selected_spell(self) -> EmploymentSpell | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.spell(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        spell = self.selected_spell()
        editable = not self.read_only_reason
        self.add_button.setEnabled(editable and self.data.person is not None)
        self.correct_button.setEnabled(editable and spell is not None)
        self.delete_button.setEnabled(editable and spell is not None)
        self.end_button.setEnabled(editable and spell is not None and spell.end_date is None)
        for button in (self.add_button, self.end_button, self.correct_button, self.delete_button):
            button.setToolTip(self.read_only_reason)

    # ------------------------------------------------------------------ actions
    def _open(self, spell: EmploymentSpell | None, end_only: bool = False) -> None:
        if self.data.person is None or self._refused():
            return
        others = [s for s in self.data.spells if spell is None or s.id != spell.id]
        self.dialog = SpellDialog(self.ledger, self.runner, self.messages, self.events, self.regions,
                                  self.data.person, self.data.household, spell, others, end_only=end_only,
                                  parent=self, today=self.today)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()

    def add_spell(self) -> None:
        self._open(None)

    def end_spell(self) -> None:
        spell = self.selected_spell()
        if spell is not None and spell.end_date is None:
            self._open(spell, end_only=True)

    def correct_spell(self) -> None:
        spell = self.selected_spell()
        if spell is not None:
            self._open(spell)

    def delete_spell(self) -> None:
        spell = self.selected_spell()
        if spell is None or self.data.person is None or self._refused():
            return
        what = self.tr("Delete the job %1 (%2) of %3?").replace("%1", spell.form.value).replace(
            "%2", spell.start_date.isoformat()).replace("%3", self.data.person.name)
        description = self.tr("Deleted job of %1").replace("%1", self.data.person.name)

        def go():
            self.runner.run(self.ledger.delete, EmploymentSpell, spell.id,
                            on_done=lambda deletion: self._deleted(deletion, description),
                            on_error=self.messages.error)

        self.question = ask(self, self.tr("Delete job"), what, self.tr("Delete"), self.tr("Keep"), go,
                            on_answer=lambda: setattr(self, "question", None))

    def _deleted(self, deletion: Deletion, description: str) -> None:
        self.events.deleted.emit(deletion, description)
        self.messages.info(description)
