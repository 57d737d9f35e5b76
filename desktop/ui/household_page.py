"""The household page (户页面): the household's facts, its zero-employment status, its members and the
selected member's employment history. Members are added, edited and deleted here (deletes undoable via
``events.deleted``); the household's own facts are edited in ``HouseholdForm``."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter, QTableView,
    QVBoxLayout, QWidget,
)

from desktop.domain.age import age_on
from desktop.domain.codes import Relation
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.domain.validation import Issue, validate_household
from desktop.domain.zero_employment import ZeroStatus, birth_of, zero_employment_status
from desktop.store.errors import RecordNotFound
from desktop.store.queries import zero_employment_scan

from .employment_history import EmploymentHistory
from .household_form import STRUCTURE_CODES, HouseholdForm
from .person_form import PersonForm
from .widgets.field_error import ERROR_COLOR, WARNING_COLOR, FieldErrorLabel
from .widgets.confirm import ask
from .widgets.tables import tidy_table


@dataclass
class PageData:
    household: Household | None = None
    members: list[Person] = field(default_factory=list)
    spells: dict[str, list[EmploymentSpell]] = field(default_factory=dict)
    zero: ZeroStatus | None = None
    structure: list[Issue] = field(default_factory=list)


class MemberTableModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("MemberTableModel", "Name"),
        QT_TRANSLATE_NOOP("MemberTableModel", "Relation"),
        QT_TRANSLATE_NOOP("MemberTableModel", "Sex"),
        QT_TRANSLATE_NOOP("MemberTableModel", "Age"),
        QT_TRANSLATE_NOOP("MemberTableModel", "ID number"),
        QT_TRANSLATE_NOOP("MemberTableModel", "Labour skill"),
        QT_TRANSLATE_NOOP("MemberTableModel", "Health"),
        QT_TRANSLATE_NOOP("MemberTableModel", "Employment"),
        QT_TRANSLATE_NOOP("MemberTableModel", "Status"),
    )

    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self._members: list[Person] = []
        self._spells: dict[str, list[EmploymentSpell]] = {}

    def set_members(self, members: list[Person], spells: dict[str, list[EmploymentSpell]]) -> None:
        self.beginResetModel()
        self._members, self._spells = list(members), spells
        self.endResetModel()

    def person(self, row: int) -> Person:
        return self._members[row]

    def row_of(self, person_id: str) -> int:
        return next((i for i, p in enumerate(self._members) if p.id == person_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("MemberTableModel", self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self._members[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and not p.status.in_ledger:
            return QBrush(QColor("#888888"))  # 自然减少: kept for the record, greyed
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return p.name
        if column == 1:
            return p.relation.value
        if column == 2:
            return p.sex.value if p.sex else ""
        if column == 3:
            birth = birth_of(p)
            return str(age_on(birth, self.today)) if birth else ""
        if column == 4:
            return p.id_number
        if column == 5:
            return p.labour_skill.value
        if column == 6:
            return p.health
        if column == 7:
            current = [s for s in self._spells.get(p.id, []) if s.covers(self.today)]
            return current[-1].form.value if current else self.tr("not working")
        return p.status.value


class HouseholdPage(QWidget):
    household_deleted = Signal(str)
    loaded = Signal()

    def __init__(self, ledger, runner, messages, events, regions, parent: QWidget | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.ledger, self.runner, self.messages, self.events, self.regions = ledger, runner, messages, events, regions
        self.today = today or date.today()
        self.data = PageData()
        self.dialog = None                       # the open form, if any
        self.question: QMessageBox | None = None  # the open delete confirmation, if any
        self._household_id: str | None = None
        self._select_id: str | None = None
        self.read_only_reason = ""                # not "": this account may only look (the reason)

        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.zero_label = QLabel(self)
        self.zero_label.setWordWrap(True)
        self.structure_label = FieldErrorLabel(self)
        self.read_only_label = QLabel(self)       # why nothing here can be changed (read-only account)
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet(f"color: {WARNING_COLOR}; font-weight: bold;")
        self.read_only_label.hide()

        self.members_model = MemberTableModel(self, self.today)
        self.members_table = QTableView(self)
        self.members_table.setModel(self.members_model)
        self.members_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_table.verticalHeader().setVisible(False)
        tidy_table(self.members_table)
        self.members_table.doubleClicked.connect(lambda _i: self.edit_member())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.members_table, self.edit_member,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.members_table, self.delete_member,
                  context=Qt.ShortcutContext.WidgetShortcut)

        self.add_button = QPushButton(self.tr("&Add member"), self)
        self.edit_button = QPushButton(self.tr("&Edit member"), self)
        self.delete_button = QPushButton(self.tr("Delete member"), self)
        self.edit_household_button = QPushButton(self.tr("Edit &household"), self)
        self.delete_household_button = QPushButton(self.tr("Delete household"), self)
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_member)
        self.delete_button.clicked.connect(self.delete_member)
        self.edit_household_button.clicked.connect(self.edit_household)
        self.delete_household_button.clicked.connect(self.delete_household)

        self.history = EmploymentHistory(ledger, runner, messages, events, regions, self, self.today,
                                        follow_events=False)

        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_household_button)
        buttons.addWidget(self.delete_household_button)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.header)
        top_layout.addWidget(self.zero_label)
        top_layout.addWidget(self.structure_label)
        top_layout.addWidget(self.read_only_label)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.members_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.members_table.selectionModel().selectionChanged.connect(lambda *_: self._member_selected())
        events.changed.connect(self._records_changed)
        events.deleted.connect(self._records_changed)
        events.reloaded.connect(self.reload)
        self._show()

    def _records_changed(self, *_args) -> None:
        self.reload()

    def set_read_only(self, reason: str) -> None:
        """``reason`` (Chinese) when the account may only look (a township or county account): every
        button that would change the household is disabled and the reason is shown above them."""
        self.read_only_reason = reason
        self.read_only_label.setText(reason)
        self.read_only_label.setVisible(bool(reason))
        self.history.set_read_only(reason)
        self._show(self.selected_member().id if self.selected_member() else None)

    def _refused(self) -> bool:
        """True (and the reason shown) when this account may not change the ledger."""
        if self.read_only_reason:
            self.messages.info(self.read_only_reason, 8000)
        return bool(self.read_only_reason)

    # ------------------------------------------------------------------ data
    def show_household(self, household_id: str | None, select_person: str | None = None) -> None:
        self._household_id = household_id
        self._select_id = select_person
        self.reload()

    @property
    def household_id(self) -> str | None:
        return self._household_id

    def reload(self) -> None:
        if self._household_id is None:
            self.data = PageData()
            self._show()
            return
        self.runner.run(self._load, self._household_id, on_done=self._loaded, on_error=self.messages.error)

    def _load(self, household_id: str) -> PageData:
        try:
            household = self.ledger.household(household_id)
        except RecordNotFound:
            return PageData()
        members = self.ledger.members(household_id)
        spells = self.ledger.spells_of_household(household_id)
        zero = zero_employment_status(household, members, spells, self.today)
        if zero.is_zero:  # the zero-employment view's figures (it knows when the household was registered)
            scan = zero_employment_scan(self.ledger.conn, self.today, village_code=household.village_code)
            found = next((z for z in scan.households if z.household_id == household_id), None)
            if found is not None and found.since is not None:
                zero = ZeroStatus(True, zero.labour_count, found.since, found.deadline)
        structure = [i for i in validate_household(household, members, self.regions, self.today)
                     if i.code in STRUCTURE_CODES]
        return PageData(household, members, spells, zero, structure)

    def _loaded(self, data: PageData) -> None:
        if data.household is not None and data.household.id != self._household_id:
            return
        keep = self._select_id or (self.selected_member().id if self.selected_member() else None)
        self._select_id = None
        self.data = data
        self._show(keep)
        self.loaded.emit()

    # ------------------------------------------------------------------ showing
    def _show(self, select_id: str | None = None) -> None:
        h = self.data.household
        self.members_model.set_members(self.data.members, self.data.spells)
        for b in (self.add_button, self.edit_household_button, self.delete_household_button):
            b.setEnabled(h is not None and not self.read_only_reason)
            b.setToolTip(self.read_only_reason)
        if h is None:
            self.header.setText(self.tr("No household chosen.") if self._household_id is None
                                else self.tr("This household has been deleted."))
            self.zero_label.clear()
            self.structure_label.set_messages([])
            self.history.set_person(None)
            self._update_buttons()
            return
        self.header.setText(self._header_html(h))
        self._show_zero(self.data.zero)
        self.structure_label.set_messages([(i.severity, i.message) for i in self.data.structure])
        row = self.members_model.row_of(select_id) if select_id else -1
        if row < 0 and self.members_model.rowCount():
            row = 0
        if row >= 0:
            self.members_table.selectRow(row)
        self._member_selected()

    def _header_html(self, h: Household) -> str:
        head = next((m for m in self.data.members if m.relation is Relation.HEAD and m.status.in_ledger), None)
        place = self.regions.full_name(h.village_code) or h.village_code
        if h.natural_village:
            place += " " + h.natural_village
        kind = h.hh_type.value + (f"（{h.poverty_attr.value}）" if h.poverty_attr else "")
        if h.monitor_category:
            kind += " · " + self.tr("monitored: %1").replace("%1", h.monitor_category.value)
        facts = [
            (self.tr("Head"), head.name if head else self.tr("(none)")),
            (self.tr("Household no."), h.hh_no or "—"),
            (self.tr("Type"), kind),
            (self.tr("Phone"), h.phone or "—"),
            (self.tr("Members"), str(sum(1 for m in self.data.members if m.status.in_ledger))),
        ]
        if h.support_person:
            facts.append((self.tr("Support cadre"), h.support_person + (f" {h.support_phone}" if h.support_phone
                                                                       else "")))
        cells = "&nbsp;&nbsp;&nbsp;&nbsp;".join(f"{escape(k)}：<b>{escape(v)}</b>" for k, v in facts)
        return f"<span style='font-size:14pt; font-weight:bold'>{escape(place)}</span><br>{cells}"

    def _show_zero(self, zero: ZeroStatus | None) -> None:
        if zero is None or not zero.is_zero:
            text = self.tr("Employment: at least one labour member works.") if zero and zero.labour_count \
                else self.tr("Employment: no labour members (not a zero-employment household).")
            self.zero_label.setText(text)
            self.zero_label.setStyleSheet("")
            return
        if zero.since is None:
            text = self.tr("Zero-employment household (start date unknown): help one member into work.")
            color = WARNING_COLOR
        elif zero.overdue(self.today):
            text = self.tr("Zero-employment household since %1; deadline %2 passed %3 days ago (overdue).") \
                .replace("%1", zero.since.isoformat()).replace("%2", zero.deadline.isoformat()) \
                .replace("%3", str(-zero.days_left(self.today)))
            color = ERROR_COLOR
        else:
            text = self.tr("Zero-employment household since %1; must be cleared by %2 (%3 days left).") \
                .replace("%1", zero.since.isoformat()).replace("%2", zero.deadline.isoformat()) \
                .replace("%3", str(zero.days_left(self.today)))
            color = WARNING_COLOR
        self.zero_label.setText(text)
        self.zero_label.setStyleSheet(f"color: {color}; font-weight: bold;")

    def selected_member(self) -> Person | None:
        rows = self.members_table.selectionModel().selectedRows()
        return self.members_model.person(rows[0].row()) if rows else None

    def select_member(self, person_id: str) -> None:
        row = self.members_model.row_of(person_id)
        if row >= 0:
            self.members_table.selectRow(row)

    def _member_selected(self) -> None:
        person = self.selected_member()
        self.history.set_person(person.id if person else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected_member() is not None and not self.read_only_reason
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.edit_button.setToolTip(self.read_only_reason)
        self.delete_button.setToolTip(self.read_only_reason)

    # ------------------------------------------------------------------ actions
    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def add_member(self) -> None:
        if self._refused():
            return
        if self.data.household is None:
            return
        form = PersonForm(self.ledger, self.runner, self.messages, self.events, self.regions,
                          self.data.household.id, None, self, self.today)
        form.saved.connect(self.select_after_reload)
        self._open(form)

    def edit_member(self) -> None:
        if self._refused():
            return
        person = self.selected_member()
        if person is None:
            return
        form = PersonForm(self.ledger, self.runner, self.messages, self.events, self.regions,
                          person.household_id, person.id, self, self.today)
        form.saved.connect(self.select_after_reload)
        self._open(form)

    def select_after_reload(self, person_id: str) -> None:
        row = self.members_model.row_of(person_id)
        if row >= 0:
            self.members_table.selectRow(row)
        else:
            self._select_id = person_id

    def edit_household(self) -> None:
        if self._refused():
            return
        if self.data.household is not None:
            self._open(HouseholdForm(self.ledger, self.runner, self.messages, self.events, self.regions,
                                     self.data.household.id, self, self.today))

    def _confirm(self, title: str, text: str, yes_text: str, on_yes) -> None:
        self.question = ask(self, title, text, yes_text, self.tr("Keep"), on_yes,
                            on_answer=lambda: setattr(self, "question", None))

    def delete_member(self) -> None:
        if self._refused():
            return
        person = self.selected_member()
        if person is None:
            return
        description = self.tr("Deleted member %1").replace("%1", person.name)

        def go():
            self.runner.run(self.ledger.delete, Person, person.id,
                            on_done=lambda d: self._deleted(d, description), on_error=self.messages.error)

        self._confirm(self.tr("Delete member"),
                      self.tr("Delete %1 and their employment records? You can undo this.").replace("%1", person.name),
                      self.tr("Delete"), go)

    def delete_household(self) -> None:
        if self._refused():
            return
        h = self.data.household
        if h is None:
            return
        head = next((m.name for m in self.data.members if m.relation is Relation.HEAD), "")
        name = f"{self.regions.short_name(h.village_code)} {head}".strip()
        description = self.tr("Deleted household %1").replace("%1", name)

        def go():
            self.runner.run(self.ledger.delete, Household, h.id, on_error=self.messages.error,
                            on_done=lambda d: (self._deleted(d, description), self.household_deleted.emit(h.id)))

        self._confirm(self.tr("Delete household"),
                      self.tr("Delete the household %1 with its %2 members and their employment records? "
                              "You can undo this.").replace("%1", name).replace("%2", str(len(self.data.members))),
                      self.tr("Delete"), go)

    def _deleted(self, deletion, description: str) -> None:
        self.events.deleted.emit(deletion, description)
        self.messages.info(description)
