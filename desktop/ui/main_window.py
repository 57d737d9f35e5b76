"""The main window: filter panel on the left; households, persons and zero-employment households in tabs
with a search box above them; counts and messages in the status bar.

It composes: the store, the runner, the message sink, the event hub and the region table are passed in;
lists query through ``desktop.store.queries`` on the runner; records are opened and edited in the forms
(``household_page``, ``person_form``, ``household_form``, ``import_dialog``), imported lazily so the
window starts fast.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow, QMessageBox, QSplitter,
    QStackedWidget, QStyle, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from desktop.domain.models import Household, Person
from desktop.store import queries
from desktop.store.queries import Reader

from .filters import FilterPanel
from .models import HouseholdTableModel, PersonTableModel, RecordList
from .undo import UndoDeletes
from .zero_view import ZeroTracker, ZeroView

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
HOUSEHOLDS, PERSONS, ZERO = range(3)


class HouseholdWindow(QDialog):
    """A separate, non-modal window around the household page (Esc closes it)."""

    def __init__(self, page: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.setWindowTitle(self.tr("Household"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(page)
        self.resize(1000, 680)


class MainWindow(QMainWindow):
    def __init__(self, ledger, runner, messages, events, regions, reader: Reader | None = None,
                 today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.runner, self.messages, self.events, self.regions = ledger, runner, messages, events, regions
        self.reader = reader or Reader(ledger.path)
        self.today = today or date.today()
        self.totals: queries.Totals | None = None
        self.zero_scan: queries.ZeroScan | None = None
        self.household_window: HouseholdWindow | None = None
        self.dialog: QWidget | None = None  # the form or question open right now, if any
        self.undo = UndoDeletes(ledger, runner, messages, events, self)
        self.zero_tracker = ZeroTracker(runner, self.reader, events, self.today, self)
        self._scan_after_load = False
        self.setWindowTitle(self.tr("Village employment ledger"))
        self.resize(1280, 760)
        self._build_lists()
        self._build_layout()
        self._build_actions()
        self._connect()
        self.refresh_all()

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
        self.household_table = self._table(self.household_model)
        self.person_table = self._table(self.person_model)

    def _table(self, model) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setSortingEnabled(False)  # the model sorts through a query; header clicks below
        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(model.sort)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        metrics = table.fontMetrics()
        scale = max(1.0, metrics.horizontalAdvance("户") / 13)  # widths are for a 13 px CJK glyph
        for column, spec in enumerate(model.columns):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            table.setColumnWidth(column, max(int(spec.width * scale), metrics.horizontalAdvance(title) + 28))
            if spec.stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.verticalHeader().setSectionResizeMode(table.verticalHeader().ResizeMode.Fixed)
        table.setWordWrap(False)
        return table

    def _empty_state(self, table: QTableView) -> tuple[QStackedWidget, QLabel]:
        label = QLabel(self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setStyleSheet("color: #555; font-size: 12pt; padding: 40px;")
        stack = QStackedWidget(self)
        stack.addWidget(table)
        stack.addWidget(label)
        return stack, label

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
        self.household_stack, self.household_empty = self._empty_state(self.household_table)
        self.person_stack, self.person_empty = self._empty_state(self.person_table)
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
        self.statusBar().addPermanentWidget(self.count_label)
        self.setTabOrder(self.search_edit, self.tabs)
        self.setTabOrder(self.tabs, self.household_table)
        self.setTabOrder(self.household_table, self.person_table)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(self.tr("&Import Excel…"), self.import_excel, "Ctrl+I",
                                          self.tr("Import the national system export or a ledger workbook"))
        self.export_action = self._action(self.tr("&Export Excel…"), self.export_excel, "Ctrl+E",
                                          self.tr("Save the whole ledger as an Excel workbook"))
        self.quit_action = self._action(self.tr("E&xit"), self.close, QKeySequence.StandardKey.Quit)
        self.new_household_action = self._action(self.tr("New &household"), self.new_household, "Ctrl+N")
        self.new_person_action = self._action(self.tr("New &person"), self.new_person, "Ctrl+Shift+N",
                                              self.tr("Add a member to the selected household"))
        self.open_action = self._action(self.tr("&Open"), self.open_current, None)
        self.delete_action = self._action(self.tr("&Delete…"), self.delete_current, QKeySequence.StandardKey.Delete)
        self.undo_action = self._action(self.tr("&Undo delete"), self.undo.undo, QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.search_action = self._action(self.tr("&Find"), self.focus_search, QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(self.tr("&Refresh"), self.refresh_all, QKeySequence.StandardKey.Refresh)
        self.filters_action = QAction(self.tr("&Filter panel"), self)
        self.filters_action.setCheckable(True)
        self.filters_action.setChecked(True)
        self.filters_action.toggled.connect(self.filters.setVisible)
        self.about_action = self._action(self.tr("&About"), self.about)
        # Delete must not fire while typing in the search box.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for table in (self.household_table, self.person_table, self.zero_view.table):
            table.addAction(self.delete_action)
        self.addAction(self.search_action)

        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.new_household_action, self.new_person_action, self.open_action,
                              self.delete_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.undo_action, self.search_action])
        view_menu = menus.addMenu(self.tr("&View"))
        view_menu.addActions([self.refresh_action, self.filters_action])
        self.help_menu = menus.addMenu(self.tr("&Help"))
        self.help_menu.addAction(self.about_action)

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        for action, pixmap in ((self.new_household_action, QStyle.StandardPixmap.SP_FileDialogNewFolder),
                               (self.new_person_action, QStyle.StandardPixmap.SP_FileIcon),
                               (self.delete_action, QStyle.StandardPixmap.SP_TrashIcon),
                               (self.undo_action, QStyle.StandardPixmap.SP_ArrowBack),
                               (self.import_action, QStyle.StandardPixmap.SP_DialogOpenButton),
                               (self.export_action, QStyle.StandardPixmap.SP_DialogSaveButton)):
            action.setIcon(style.standardIcon(pixmap))
        toolbar.addActions([self.new_household_action, self.new_person_action, self.delete_action,
                            self.undo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.import_action, self.export_action])

    def set_read_only(self, read_only: bool, reason: str = "") -> None:
        """A township or county account only looks: no adding, deleting or importing."""
        for action in (self.new_household_action, self.new_person_action, self.delete_action,
                       self.import_action):
            action.setEnabled(not read_only)
            action.setToolTip(reason if read_only else "")
        self.undo_action.setEnabled(not read_only and bool(self.undo.stack))
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
        self.zero_view.openHousehold.connect(self.open_household)
        self.zero_view.refreshRequested.connect(self.zero_tracker.rescan)
        self.zero_tracker.started.connect(self.zero_view.show_counting)
        self.zero_tracker.scanned.connect(self._set_zero)
        self.households.loaded.connect(self._after_lists_loaded)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.undo.changed.connect(self.undo_action.setEnabled)
        self.events.changed.connect(lambda _entity, _ids: self._ledger_changed())
        self.events.deleted.connect(lambda *_: self._ledger_changed())
        self.events.reloaded.connect(self.refresh_all)

    # ------------------------------------------------------------------ loading
    def refresh_all(self) -> None:
        """Reload everything; the slow zero-employment scan and the search index start once the lists
        are on screen, so they never delay the first rows."""
        self._scan_after_load = True
        self.households.reload()
        self._load_totals()
        self.runner.run(lambda: queries.village_codes(self.reader.conn()), on_done=self._set_villages)
        self.zero_view.show_counting()

    def _after_lists_loaded(self, _count: int = 0) -> None:
        """The household list is on screen: now the persons, then the zero scan and search index."""
        if not self._scan_after_load:
            return
        self._scan_after_load = False
        self.persons.reload()  # once, even if hidden, so the 人员 tab opens at once
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
        parts = []
        if self.totals is not None:
            parts.append(self.tr("Ledger: %1 households, %2 persons")
                         .replace("%1", f"{self.totals.households:,}").replace("%2", f"{self.totals.persons:,}"))
        tab = self.tabs.currentIndex()
        records = {HOUSEHOLDS: self.households, PERSONS: self.persons}.get(tab)
        if records is not None and records.filter.search.strip() and tab == PERSONS \
                and len(records.model.keys) >= queries.SEARCH_LIMIT:
            parts.append(self.tr("only the best %1 matches are listed, type more to narrow")
                         .replace("%1", f"{queries.SEARCH_LIMIT:,}"))
        if records is not None and records.filter != queries.ListFilter() and not records.stale:
            text = (self.tr("shown: %1 households") if tab == HOUSEHOLDS else self.tr("shown: %1 persons"))
            parts.append(text.replace("%1", f"{len(records.model.keys):,}"))
        self.count_label.setText("   ".join(parts))
        self._update_empty_states()

    def _update_empty_states(self) -> None:
        empty_ledger = self.totals is not None and self.totals.households == 0
        if empty_ledger:
            text = self.tr("The ledger is empty.\n\nImport your Excel ledger with File → Import Excel…,\n"
                           "or add a household with Edit → New household (Ctrl+N).")
        elif self.search_edit.text().strip() and queries.search_kind(self.search_edit.text()) == "number_too_short":
            text = self.tr("Type at least 4 digits to search ID numbers or phones.")
        else:
            text = self.tr("Nothing matches the search and filters.\nClear the search box or click "
                           "“Show all” on the left.")
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

    def _selected(self) -> tuple[str, str, object] | None:
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
        if record is None:
            return
        if tab == HOUSEHOLDS:
            self.open_household(record.id)
        else:
            self.open_household(record.household_id, select_person=record.id)

    def open_current(self) -> None:
        selected = self._selected()
        if selected is None:
            self.messages.info(self.tr("Select a household or person first."))
            return
        entity, record_id, record = selected
        if entity == "household":
            self.open_household(record_id)
        else:
            self.open_household(record.household_id, select_person=record_id)

    def open_household(self, household_id: str, select_person: str | None = None) -> None:
        try:
            from .household_page import HouseholdPage
        except ImportError:
            self.messages.info(self.tr("The household page is not available in this version."))
            return
        if self.household_window is None:
            page = HouseholdPage(self.ledger, self.runner, self.messages, self.events, self.regions,
                                 today=self.today)
            self.household_window = HouseholdWindow(page, self)
        self.household_window.page.show_household(household_id, select_person)
        self.household_window.show()
        self.household_window.raise_()
        self.household_window.activateWindow()

    def new_household(self) -> None:
        try:
            from .household_form import HouseholdForm
        except ImportError:
            self.messages.info(self.tr("The household form is not available in this version."))
            return
        form = HouseholdForm(self.ledger, self.runner, self.messages, self.events, self.regions, parent=self,
                             village_code=self.filters.value().village_code)
        form.saved.connect(lambda household_id: self.open_household(household_id))
        self._show_dialog(form)

    def new_person(self) -> None:
        selected = self._selected()
        if selected is None:
            self.messages.info(self.tr("Select the household the new person belongs to first."))
            return
        entity, record_id, record = selected
        household_id = record_id if entity == "household" else record.household_id
        try:
            from .person_form import PersonForm
        except ImportError:
            self.messages.info(self.tr("The person form is not available in this version."))
            return
        self._show_dialog(PersonForm(self.ledger, self.runner, self.messages, self.events, self.regions,
                                     household_id, parent=self))

    def _show_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def delete_current(self) -> None:
        selected = self._selected()
        if selected is None:
            self.messages.info(self.tr("Select a household or person to delete first."))
            return
        entity, record_id, record = selected
        if entity == "household":
            name = getattr(record, "head_name", None) or getattr(record, "hh_no", None) or ""
            what = self.tr("the household of %1 and all its members").replace("%1", name)
            description = self.tr("household of %1").replace("%1", name)
        else:
            what = description = record.name
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete"),
                          self.tr("Delete %1?\nYou can undo this with Ctrl+Z.").replace("%1", what),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        cls = Household if entity == "household" else Person
        box.accepted.connect(lambda: self._delete(cls, record_id, description))
        self.dialog = box
        box.open()

    def _delete(self, cls: type, record_id: str, description: str) -> None:
        def done(deletion):
            self.events.deleted.emit(deletion, description)
            self.messages.info(self.tr("Deleted %1. Ctrl+Z undoes it.").replace("%1", description))

        self.runner.run(self.ledger.delete, cls, record_id, on_done=done, on_error=self.messages.error)

    def import_excel(self) -> None:
        try:
            from .import_dialog import ImportDialog
        except ImportError:
            self.messages.info(self.tr("Excel import is not available in this version."))
            return
        self._show_dialog(ImportDialog(self.ledger, self.runner, self.messages, self.events, self))

    def export_excel(self) -> None:
        try:
            from .import_dialog import export_ledger_interactively
        except ImportError:
            self.messages.info(self.tr("Excel export is not available in this version."))
            return
        self.dialog = export_ledger_interactively(self.ledger, self.runner, self.messages, self)

    def about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version
        try:
            number = version("village-ledger")
        except PackageNotFoundError:
            number = "0.1"
        text = self.tr("<b>Village employment ledger</b> %1<br><br>Keeps the households, workers and "
                       "employment of one village on this computer, without network.<br>Data file: %2<br>"
                       "Problems: send the log file next to it to the county IT staff.")
        path = str(self.ledger.path) if self.ledger.path else ""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About"),
                          text.replace("%1", number).replace("%2", path), QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box
        box.open()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.runner.wait_idle()  # never cut a write in half
        super().closeEvent(event)
