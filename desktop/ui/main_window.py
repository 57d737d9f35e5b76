"""The main window: filter panel on the left; households, persons and zero-employment households in tabs
with a search box above them; counts and messages in the status bar.

It composes: the store, the runner, the message sink, the event hub and the region table are passed in;
lists query through ``desktop.store.queries`` on the runner. The parts live in their own modules: the
tables (``record_tables``), the actions, menus and toolbar (``main_actions``), the status bar's text
(``status_counts``), and the record commands with their forms (``record_flows``).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMainWindow, QSplitter, QTableView, QTabWidget, \
    QVBoxLayout, QWidget

from desktop.store import queries
from desktop.store.queries import Reader

from .filters import FilterPanel
from .main_actions import add_actions, set_actions_read_only
from .models import HouseholdTableModel, PersonTableModel, RecordList
from .record_flows import HouseholdWindow, RecordFlows, Selection
from .record_tables import record_table, with_empty_state
from .status_counts import count_text, empty_text, is_empty_ledger
from .undo import UndoDeletes
from .zero_view import ZeroTracker, ZeroView

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
HOUSEHOLDS, PERSONS, ZERO = range(3)


class MainWindow(QMainWindow):
    def __init__(self, ledger, runner, messages, events, regions, reader: Reader | None = None,
                 today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.runner, self.messages, self.events, self.regions = ledger, runner, messages, events, regions
        self.reader = reader or Reader(ledger.path)
        self.today = today or date.today()
        self.totals: queries.Totals | None = None
        self.zero_scan: queries.ZeroScan | None = None
        self.flows = RecordFlows(ledger, runner, messages, events, regions, self.today, self)
        self.undo = UndoDeletes(ledger, runner, messages, events, self)
        self.zero_tracker = ZeroTracker(runner, self.reader, events, self.today, self)
        self._scan_after_load = False
        self.setWindowTitle(self.tr("Village employment ledger"))
        self.resize(1280, 760)
        self._build_lists()
        self._build_layout()
        add_actions(self)
        self._connect()
        self.refresh_all()

    @property
    def dialog(self) -> QWidget | None:
        """The form or question open right now, if any."""
        return self.flows.dialog

    @property
    def household_window(self) -> HouseholdWindow | None:
        return self.flows.household_window

    # ------------------------------------------------------------------ building
    def _build_lists(self) -> None:
        self.household_model = HouseholdTableModel(self.reader, self.regions, self)
        self.person_model = PersonTableModel(self.reader, self.regions, self, today=self.today)
        day = self.today
        self.households = RecordList(self.household_model,
                                     lambda conn, f, s: queries.household_keys(conn, f, s, day),
                                     self.runner, self.reader, self)
        self.persons = RecordList(self.person_model, lambda conn, f, s: queries.person_keys(conn, f, s, day),
                                  self.runner, self.reader, self)
        self.household_table = record_table(self.household_model, self)
        self.person_table = record_table(self.person_model, self)

    def _build_layout(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search: name, pinyin initials (e.g. zs), ID number or "
                                                    "phone digits   (Ctrl+F)"))
        self.search_edit.setMinimumHeight(self.fontMetrics().height() + 12)
        self.search_label = QLabel(self.tr("&Search"), self)
        self.search_label.setBuddy(self.search_edit)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)

        self.filters = FilterPanel(self)
        self.zero_view = ZeroView(self.regions, self)
        self.household_stack, self.household_empty = with_empty_state(self.household_table, self)
        self.person_stack, self.person_empty = with_empty_state(self.person_table, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.household_stack, self.tr("&Households"))
        self.tabs.addTab(self.person_stack, self.tr("&Persons"))
        self.tabs.addTab(self.zero_view, self.tr("&Zero-employment households"))

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_label)
        search_row.addWidget(self.search_edit, 1)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addLayout(search_row)
        centre_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.filters)
        self.splitter.addWidget(centre)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1080])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel(self)
        # a gap and a rule between a passing message (on the left) and the counts, so they never read as
        # one sentence
        self.count_label.setStyleSheet("QLabel { margin-left: 16px; padding-left: 8px; "
                                       "border-left: 1px solid #bdbdbd; }")
        self.statusBar().addPermanentWidget(self.count_label)
        self.setTabOrder(self.search_edit, self.tabs)
        self.setTabOrder(self.tabs, self.household_table)
        self.setTabOrder(self.household_table, self.person_table)

    def set_read_only(self, read_only: bool, reason: str = "") -> None:
        """A township or county account only looks: no adding, editing, deleting or importing, in the
        window and on the household page; every disabled control says why."""
        if read_only and not reason:
            reason = self.tr("This account can only view the ledger, not change it.")
        set_actions_read_only(self, read_only, reason)
        self.flows.set_read_only(reason if read_only else "")
        if read_only and reason:
            self.messages.info(reason, 10000)

    def _connect(self) -> None:
        self.messages.status.connect(self._show_status)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())
        self.search_edit.returnPressed.connect(self._search_now)
        self.search_timer.timeout.connect(self._search_now)
        self.filters.changed.connect(self._filter_changed)
        for records in (self.households, self.persons):
            records.loaded.connect(lambda _n: self._update_counts())
            records.failed.connect(self.messages.error)
        self.household_table.activated.connect(lambda index: self._open_row(HOUSEHOLDS, index))
        self.person_table.activated.connect(lambda index: self._open_row(PERSONS, index))
        self.zero_view.openHousehold.connect(self.flows.open_household)
        self.zero_view.refreshRequested.connect(self.zero_tracker.rescan)
        self.zero_tracker.started.connect(self.zero_view.show_counting)
        self.zero_tracker.scanned.connect(self._set_zero)
        self.households.loaded.connect(self._after_lists_loaded)
        self.persons.loaded.connect(self._after_lists_loaded)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.undo.changed.connect(self._undo_changed)
        self.events.changed.connect(lambda _entity, _ids: self._ledger_changed())
        self.events.deleted.connect(lambda *_: self._ledger_changed())
        self.events.reloaded.connect(self.refresh_all)

    def _undo_changed(self, can_undo: bool) -> None:
        self.undo_action.setEnabled(can_undo and not self.flows.read_only_reason)

    # ------------------------------------------------------------------ loading
    def refresh_all(self) -> None:
        """Reload everything (a sync round, an import, demo data, View → Refresh). The list on screen
        reloads first; the slow zero-employment scan, the other list and the search index follow once
        it is there, so they never delay its rows. A hidden list only notes that it must reload."""
        self._scan_after_load = True
        on_screen, other = self._lists_by_view()
        self._load_totals()
        self.runner.run(lambda: queries.village_codes(self.reader.conn()), on_done=self._set_villages)
        self.zero_view.show_counting()
        if on_screen is None:          # the zero-employment tab: no list to wait for
            self._after_lists_loaded()
        else:
            on_screen.reload()

    def _lists_by_view(self) -> tuple[RecordList | None, RecordList]:
        tab = self.tabs.currentIndex()
        if tab == PERSONS:
            return self.persons, self.households
        if tab == HOUSEHOLDS:
            return self.households, self.persons
        return None, self.households

    def _after_lists_loaded(self, _count: int = 0) -> None:
        """The list on screen is loaded: now the other lists (once, even if hidden, so its tab opens at
        once), then the zero scan and the search index."""
        if not self._scan_after_load:
            return
        self._scan_after_load = False
        on_screen, _other = self._lists_by_view()
        for records in (self.households, self.persons):
            if records is not on_screen:
                records.reload(even_hidden=True)
        self._tab_changed(self.tabs.currentIndex())
        self.zero_tracker.rescan()
        self.runner.run(lambda: queries.warm_search(self.reader.conn()))

    def _ledger_changed(self) -> None:
        """Some records were written: the lists and counts reload (the zero tracker rescans the
        households concerned on its own)."""
        self.households.reload()
        self.persons.reload()
        self._load_totals()

    def _load_totals(self) -> None:
        self.runner.run(lambda: queries.totals(self.reader.conn()), on_done=self._set_totals)

    def _set_totals(self, totals: queries.Totals) -> None:
        self.totals = totals
        self._update_counts()

    def _set_villages(self, codes: list[str]) -> None:
        self.filters.set_villages([(code, self.household_model.villages.short(code)) for code in codes])

    def _set_zero(self, scan: queries.ZeroScan) -> None:
        self.zero_scan = scan
        self.zero_view.set_scan(scan)
        self.household_model.set_zero(scan)
        self.tabs.setTabText(ZERO, self.tr("&Zero-employment households (%1)").replace("%1", str(scan.count)))

    def _filter_changed(self, flt: queries.ListFilter) -> None:
        flt = replace(flt, search=self.search_edit.text())
        self.households.set_filter(flt)
        self.persons.set_filter(flt)

    def _search_now(self) -> None:
        self.search_timer.stop()
        text = self.search_edit.text()
        if text == self.persons.filter.search:
            return
        self.households.set_search(text)
        self.persons.set_search(text)

    def _tab_changed(self, tab: int) -> None:
        """Only the list on screen follows each keystroke; the other catches up when it is shown."""
        self.households.set_active(tab == HOUSEHOLDS)
        self.persons.set_active(tab == PERSONS)
        self._update_counts()

    # ------------------------------------------------------------------ status
    def _show_status(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _update_counts(self) -> None:
        tab = self.tabs.currentIndex()
        records = {HOUSEHOLDS: self.households, PERSONS: self.persons}.get(tab)
        self.count_label.setText(count_text(self.totals, records, persons=tab == PERSONS))
        self._update_empty_states()

    def _update_empty_states(self) -> None:
        text = empty_text(self.totals, self.search_edit.text())
        empty_ledger = is_empty_ledger(self.totals)
        for records, stack, label in ((self.households, self.household_stack, self.household_empty),
                                      (self.persons, self.person_stack, self.person_empty)):
            label.setText(text)
            empty = not records.busy and not records.model.keys and (empty_ledger or self.totals is not None)
            stack.setCurrentIndex(1 if empty else 0)

    # ------------------------------------------------------------------ commands
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.search_edit.hasFocus() and self.search_edit.text():
            self.search_edit.clear()
            return
        if event.key() == Qt.Key.Key_Down and self.search_edit.hasFocus():
            table = self._current_table()
            if table is not None:
                table.setFocus()
                if table.model().rowCount() and not table.currentIndex().isValid():
                    table.selectRow(0)
                return
        super().keyPressEvent(event)

    def _current_table(self) -> QTableView | None:
        return {HOUSEHOLDS: self.household_table, PERSONS: self.person_table}.get(self.tabs.currentIndex())

    def _selected(self) -> Selection | None:
        """(entity, id, row record) of the selected row in the current tab, if any."""
        tab = self.tabs.currentIndex()
        if tab == ZERO:
            index = self.zero_view.table.currentIndex()
            if not index.isValid() or not 0 <= index.row() < len(self.zero_view.model.rows):
                return None
            row = self.zero_view.model.rows[index.row()]
            return "household", row.household_id, row
        table = self._current_table()
        index = table.currentIndex()
        if not index.isValid():
            return None
        record = table.model().row_record(index.row())
        if record is None:
            return None
        return ("household" if tab == HOUSEHOLDS else "person", record.id, record)

    def _open_row(self, tab: int, index: QModelIndex) -> None:
        model = self.household_model if tab == HOUSEHOLDS else self.person_model
        record = model.row_record(index.row())
        if record is not None:
            self.flows.open_record("household" if tab == HOUSEHOLDS else "person", record.id, record)

    def open_household(self, household_id: str, select_person: str | None = None) -> None:
        self.flows.open_household(household_id, select_person)

    def open_current(self) -> None:
        self.flows.open_selected(self._selected())

    def new_household(self) -> None:
        self.flows.new_household(self.filters.value().village_code)

    def new_person(self) -> None:
        self.flows.new_person(self._selected())

    def delete_current(self) -> None:
        self.flows.delete_selected(self._selected())

    def closeEvent(self, event) -> None:  # noqa: N802
        self.runner.wait_idle()  # never cut a write in half
        super().closeEvent(event)
