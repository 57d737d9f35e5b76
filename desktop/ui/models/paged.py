"""A table model over an ordered list of SQLite row ids, and the loader that fills it off the GUI thread.

The background query (``desktop.store.queries``) returns only the ordered row ids of the matching records
(300,000 ints is about 2 MB); the model fetches the rows the view actually paints, ``PAGE`` rows at a
time, from the reader's GUI-thread connection (one indexed query of about a millisecond) and keeps the
last ``MAX_PAGES`` pages (LRU). Sorting asks the loader for a new id list; until it arrives the old one
stays on screen.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt, Signal

from desktop.store.queries import ListFilter, Reader, Sort

PAGE = 200
MAX_PAGES = 40
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    title: str                 # English source text, translated in the model's context when shown
    sort_key: str | None       # a key of queries.HOUSEHOLD_SORT / PERSON_SORT; None: not sortable
    width: int = 90            # initial width in pixels (at 96 dpi)
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    stretch: bool = False      # takes the width left over in the window


class PagedTableModel(QAbstractTableModel):
    """Rows = ``keys`` (row ids); cells from ``fetch(conn, keys) -> {key: row}``; subclasses format."""

    sortRequested = Signal(object)  # queries.Sort
    context = "PagedTableModel"
    columns: Sequence[Column] = ()

    def __init__(self, reader: Reader, parent: QObject | None = None):
        super().__init__(parent)
        self.reader = reader
        self.keys: list[int] = []
        self.keep_place = False       # true during a reset that should keep the view's place
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()

    # ------------------------------------------------------------------ contents
    def fetch(self, conn, keys: Sequence[int]) -> dict[int, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_keys(self, keys: list[int], keep_place: bool = False) -> None:
        """A new row list. ``keep_place``: the same filter and sort with changed records (a sync round):
        a view following ``keep_place`` keeps its selected record and scroll position across the reset."""
        self.keep_place = keep_place
        self.beginResetModel()
        self.keys = keys
        self._pages.clear()
        self.endResetModel()
        self.keep_place = False

    def refresh_rows(self) -> None:
        """The records may have changed (not their order): drop the cache and repaint."""
        self._pages.clear()
        if self.keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.keys) - 1, len(self.columns) - 1))

    def row_record(self, row: int):
        if not 0 <= row < len(self.keys):
            return None
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            page = self.fetch(self.reader.conn(), self.keys[page_no * PAGE:(page_no + 1) * PAGE])
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self.keys[row])

    def record_id(self, row: int) -> str | None:
        record = self.row_record(row)
        return record.id if record is not None else None

    # ------------------------------------------------------------------ Qt interface
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate(self.context, self.columns[section].title)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.columns[index.column()].align | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, ID_ROLE):
            return None
        record = self.row_record(index.row())
        if record is None:
            return None
        if role == ID_ROLE:
            return record.id
        return self.cell(record, index.column(), role)

    def cell(self, record, column: int, role: int):  # pragma: no cover - abstract
        raise NotImplementedError

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        self.sortRequested.emit(Sort(self.columns[column].sort_key,
                                     order == Qt.SortOrder.DescendingOrder))


class RecordList(QObject):
    """Keeps a ``PagedTableModel`` filled for the current filter and sort: runs ``query(conn, filter,
    sort)`` through the runner and drops results overtaken by a newer request."""

    loaded = Signal(int)      # how many rows the list now has
    failed = Signal(object)   # the exception of a failed query

    def __init__(self, model: PagedTableModel, query: Callable, runner, reader: Reader,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.model, self._query, self._runner, self._reader = model, query, runner, reader
        self.filter = ListFilter()
        self.sort: Sort | None = None
        self._generation = 0
        self.busy = False
        self.active = True   # an inactive list (a hidden tab) only notes that it must reload
        self.stale = False
        self._keep_place = False
        model.sortRequested.connect(self.set_sort)

    def set_active(self, active: bool) -> None:
        self.active = active
        if active and self.stale:
            self.reload()

    def set_filter(self, flt: ListFilter) -> None:
        self.filter = flt
        self._query_again()

    def set_search(self, text: str) -> None:
        self.set_filter(replace(self.filter, search=text))

    def set_sort(self, sort: Sort) -> None:
        self.sort = sort
        self._query_again()

    def reload(self, even_hidden: bool = False) -> None:
        """Query again for the same filter and sort (the records changed): when the rows differ, the
        view keeps the selected record and the scroll position where it can (``keep_place``).
        A hidden list only notes that it must reload, unless ``even_hidden``."""
        self._query_again(keep_place=True, even_hidden=even_hidden)

    def _query_again(self, keep_place: bool = False, even_hidden: bool = False) -> None:
        if not self.active and not even_hidden:
            self.stale = True
            return
        self.stale = False
        self._keep_place = keep_place
        self._generation += 1
        generation = self._generation
        self.busy = True
        self._runner.run(self._run, self.filter, self.sort,
                         on_done=lambda keys: self._done(generation, keys),
                         on_error=lambda exc: self._error(generation, exc))

    def _run(self, flt: ListFilter, sort: Sort | None) -> list[int]:
        return self._query(self._reader.conn(), flt, sort)  # worker thread: no widgets here

    def _done(self, generation: int, keys: list[int]) -> None:
        if generation != self._generation:
            return  # a newer search or filter is on its way
        self.busy = False
        if keys == self.model.keys:
            self.model.refresh_rows()  # same records in the same order: keep selection and scroll
        else:
            self.model.set_keys(keys, keep_place=self._keep_place)
        self.loaded.emit(len(keys))

    def _error(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self.busy = False
            self.failed.emit(exc)
