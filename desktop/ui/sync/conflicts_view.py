"""Sync details: open conflicts (both values, keep one per row), ID numbers registered in two villages,
and changes the server refused with its reason. Loaded on the runner; a choice goes through
``SyncController.resolve`` (written locally, queued, synced next round)."""
from __future__ import annotations

import functools
from datetime import datetime

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from desktop import sync_support as S

from .status_widget import describe_last_sync


class ItemsModel(QAbstractTableModel):
    """A read-only table over a list of dataclass items; `columns` = [(header, attribute)]."""

    def __init__(self, columns: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.items: list = []

    def set_items(self, items: list) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        attr = self.columns[index.column()][1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if not attr:
                return None
            value = getattr(self.items[index.row()], attr)
            return "" if value is None else str(value)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None


def _table(model: ItemsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    # two lines of text per row (long reasons wrap; the whole text is in the tooltip), room for buttons
    view.verticalHeader().setDefaultSectionSize(max(30, view.fontMetrics().height() * 2 + 10))
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


def _fit_button_column(view: QTableView, column: int, stretch: tuple[int, ...]) -> None:
    """The column of choice buttons is as wide as its widest buttons (never cut: "是同一人，已处理"); the
    ``stretch`` columns share what is left, and a narrow window scrolls sideways instead."""
    model = view.model()
    cells = [view.indexWidget(model.index(row, column)) for row in range(model.rowCount())]
    needed = max((cell.sizeHint().width() for cell in cells if cell is not None), default=0)
    header = view.horizontalHeader()
    if needed:
        header.setStretchLastSection(False)
        view.setColumnWidth(column, needed + 6)
        for each in stretch:
            header.setSectionResizeMode(each, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #424242;")
    return label


class ConflictsView(QDialog):
    loaded = Signal()             # the lists were (re)loaded
    resolved = Signal(str)        # conflict (or duplicate flag) id whose choice was saved
    failed = Signal(str)          # a Chinese message

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        # A reference cycle on purpose: a view without a parent is then freed only by the cyclic collector,
        # which runs on the GUI thread (desktop/ui/gc_thread.py), never by the last reference going away on
        # a runner thread, which would delete the dialog on the wrong thread.
        self._self = self
        self.setWindowTitle(self.tr("Sync details and conflicts"))
        self.resize(1060, 500)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        self.conflicts = ItemsModel([(self.tr("Record"), "record"), (self.tr("Field"), "field_label"),
                                     (self.tr("Value not adopted"), "local_cell"),
                                     (self.tr("Value in use"), "server_cell"),
                                     (self.tr("Keep which?"), "")], self)
        self.duplicates = ItemsModel([(self.tr("Person here"), "record"), (self.tr("ID number"), "id_number"),
                                      (self.tr("Also registered in"), "other_village"),
                                      (self.tr("Name there"), "other_name"), (self.tr("Checked?"), "")], self)
        self.rejected = ItemsModel([(self.tr("Record"), "record"), (self.tr("Changed fields"), "fields"),
                                    (self.tr("Why the server refused it"), "reason")], self)

        self.tabs = QTabWidget(self)
        self.conflicts_view = _table(self.conflicts, self)
        self.tabs.addTab(self._page(self.tr(
            "Two computers changed the same item. The value that reached the county server first is in use; "
            "the other is kept here. Each row says whose value is whose. Choose which to keep: your choice is "
            "sent with the next sync."),
            self.conflicts_view), "")
        self.duplicates_view = _table(self.duplicates, self)
        self.tabs.addTab(self._page(self.tr(
            "The same ID number is registered in two villages. Check with the other village: if it is the "
            "same person, remove the record in one village; if not, correct the ID number."),
            self.duplicates_view), "")
        self.rejected_view = _table(self.rejected, self)
        self.tabs.addTab(self._page(self.tr(
            "The server did not accept these changes (all other changes went through). Open the record, "
            "correct it and save: it is sent again with the next sync."), self.rejected_view), "")

        buttons = QDialogButtonBox(self)
        self.sync_now_button = sync_now = QPushButton(self.tr("Sync now"), self)
        sync_now.clicked.connect(controller.sync_now)
        # bound methods, never lambdas, on the controller's signals: Qt drops a connection to a bound
        # method when this dialog is deleted; a lambda would outlive it and raise at the next round
        controller.syncing_changed.connect(self._syncing_changed)
        sync_now.setEnabled(not controller.syncing)
        self.settings_button = QPushButton(self.tr("Sync settings…"), self)
        buttons.addButton(sync_now, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.settings_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

        controller.sync_finished.connect(self._round_finished)
        controller.state_changed.connect(self._show_summary)
        self._show_summary(controller.state)
        self._set_tab_titles()
        self.reload()

    def _syncing_changed(self, busy: bool) -> None:
        self.sync_now_button.setEnabled(not busy)

    def _round_finished(self, _report) -> None:
        self.reload()

    def _page(self, hint: str, table: QTableView) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.addWidget(_hint(hint, page))
        box.addWidget(table, 1)
        return page

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self.controller.runner.run(S.load_review, self.controller.db, on_done=self._show, on_error=self._error)

    def _show(self, review: S.Review) -> None:
        self.conflicts.set_items(review.conflicts)
        self.duplicates.set_items(review.duplicates)
        self.rejected.set_items(review.rejected)
        for row, item in enumerate(review.conflicts):
            self.conflicts_view.setIndexWidget(self.conflicts.index(row, 4), self._choice_buttons(item))
        for row, item in enumerate(review.duplicates):
            self.duplicates_view.setIndexWidget(self.duplicates.index(row, 4), self._duplicate_buttons(item))
        for view, widths in ((self.conflicts_view, (240, 110, 210, 210)), (self.duplicates_view, (240, 160, 200, 110)),
                             (self.rejected_view, (260, 200))):
            for col, width in enumerate(widths):
                view.setColumnWidth(col, width)
        _fit_button_column(self.conflicts_view, 4, stretch=(0,))        # the record
        _fit_button_column(self.duplicates_view, 4, stretch=(2,))       # the other village's name
        self._set_tab_titles()
        if not review.conflicts and (review.rejected or review.duplicates):
            self.tabs.setCurrentIndex(2 if review.rejected else 1)
        self.loaded.emit()

    def _set_tab_titles(self) -> None:
        self.tabs.setTabText(0, self.tr("Conflicts ({n})").format(n=len(self.conflicts.items)))
        self.tabs.setTabText(1, self.tr("Duplicate ID numbers ({n})").format(n=len(self.duplicates.items)))
        self.tabs.setTabText(2, self.tr("Refused changes ({n})").format(n=len(self.rejected.items)))

    def _choice_buttons(self, item: S.ConflictItem) -> QWidget:
        cell = QWidget(self.conflicts_view.viewport())   # Qt owns it (setIndexWidget keeps that parent)
        row = QHBoxLayout(cell)
        row.setContentsMargins(2, 1, 2, 1)
        row.setSpacing(4)
        # whose the value not adopted is depends on this laptop (see sync.client.Conflict.lost_here)
        if item.lost_here:
            keep_local = QPushButton(self.tr("Back to this laptop's"), cell)
            keep_server = QPushButton(self.tr("Keep the server's"), cell)
        else:
            keep_local = QPushButton(self.tr("Use the other computer's"), cell)
            keep_server = QPushButton(self.tr("Keep the current value"), cell)
        keep_local.setToolTip(item.keep_local_means)
        keep_server.setToolTip(item.keep_server_means)
        keep_local.setObjectName(f"keep-local-{item.id}")
        keep_server.setObjectName(f"keep-server-{item.id}")
        for button in (keep_local, keep_server):
            button.setEnabled(not self.controller.read_only)
            if self.controller.read_only:
                button.setToolTip(self.controller.read_only_reason)
        for button, keep in ((keep_local, "local"), (keep_server, "server")):
            # the slot holds no widget: the cell is deleted with its buttons when the list is reloaded,
            # and a Python reference to a button from its own connection made that deletion crash
            button.clicked.connect(functools.partial(self._choice_clicked, item, keep))
            row.addWidget(button)
        return cell

    def _choice_clicked(self, item: S.ConflictItem, keep: str, _checked: bool = False) -> None:
        self.choose(item, keep, [f"keep-local-{item.id}", f"keep-server-{item.id}"])

    def _duplicate_buttons(self, item: S.DuplicateItem) -> QWidget:
        cell = QWidget(self.duplicates_view.viewport())
        row = QHBoxLayout(cell)
        row.setContentsMargins(2, 1, 2, 1)
        row.setSpacing(4)
        merged = QPushButton(self.tr("Same person, sorted out"), cell)
        not_same = QPushButton(self.tr("Not the same person"), cell)
        merged.setObjectName(f"dup-merged-{item.id}")
        not_same.setObjectName(f"dup-not-same-{item.id}")
        merged.setToolTip(self.tr("The two villages agreed and one of them removed its record"))
        for button, resolution in ((merged, "merged"), (not_same, "not_same")):
            button.setEnabled(not self.controller.read_only)
            if self.controller.read_only:
                button.setToolTip(self.controller.read_only_reason)
            button.clicked.connect(functools.partial(self._settle_duplicate, item, resolution))
            row.addWidget(button)
        return cell

    def _buttons(self, names) -> list[QPushButton]:
        """The choice buttons still on screen (a reload deletes them), found by object name."""
        return [b for b in (self.findChild(QPushButton, name) for name in names) if b is not None]

    def _set_enabled(self, names, enabled: bool) -> None:
        if shiboken6.isValid(self):
            for b in self._buttons(names):
                b.setEnabled(enabled)

    def _settle_duplicate(self, item: S.DuplicateItem, resolution: str, _checked: bool = False) -> None:
        buttons = [f"dup-merged-{item.id}", f"dup-not-same-{item.id}"]
        self._set_enabled(buttons, False)

        def done(duplicate_id):
            if shiboken6.isValid(self):          # the dialog may have been closed meanwhile
                self.resolved.emit(duplicate_id)
                self.reload()

        def failed(exc):
            if not shiboken6.isValid(self):
                return
            self._set_enabled(buttons, True)
            self._failed(exc)

        self.controller.resolve_duplicate(item.id, resolution, on_done=done, on_error=failed)

    def _failed(self, exc) -> None:
        message = str(exc) if isinstance(exc, ValueError) else self.tr(
            "Saving the choice failed; the ledger was not changed.")
        self.failed.emit(message)
        self.summary.setText(message)

    def choose(self, item: S.ConflictItem, keep: str, buttons=()) -> None:
        """Save the choice for one conflict; ``buttons``: object names of the buttons to disable meanwhile."""
        self._set_enabled(buttons, False)

        def done(conflict_id):
            if shiboken6.isValid(self):          # the dialog may have been closed meanwhile
                self.resolved.emit(conflict_id)
                self.reload()

        def failed(exc):
            if not shiboken6.isValid(self):
                return
            self._set_enabled(buttons, True)
            self._failed(exc)

        self.controller.resolve(item.id, keep, item.entity, item.record_id, on_done=done, on_error=failed)

    def _error(self, exc: Exception) -> None:
        import logging
        logging.getLogger(__name__).error("loading sync details failed", exc_info=exc)
        self.failed.emit(self.tr("Could not read the sync details."))

    # ------------------------------------------------------------------ summary
    def _show_summary(self, s) -> None:
        if not s.configured:
            self.summary.setText(self.tr("Not logged in to the county server: use Sync settings to log in."))
            return
        parts = [self.tr("Account {user}").format(user=(s.account or {}).get("username", ""))]
        if s.read_only_reason:
            parts.append(s.read_only_reason)
        if s.pending:
            parts.append(self.tr("{n} changes waiting to be sent").format(n=s.pending))
        if s.error:
            parts.append(s.error)
        parts.append(describe_last_sync(s.last_sync, datetime.now()))
        self.summary.setText(" · ".join(parts))
