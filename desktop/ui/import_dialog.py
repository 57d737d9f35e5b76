"""Excel in and out, the interactive side.

``ImportDialog``: pick an .xlsx file, optionally skip rows with errors, watch the progress bar; the result
is either the counts, or every blocking error (sheet, row, column, reason) in a table with nothing
imported, plus where the workbook of rejected rows was written. A file that is not Excel or is broken gets
a clear message. The import runs on the background runner; ``events.reloaded`` is emitted after success.

``export_ledger_interactively``: a save-file dialog, the export on the runner, a message with the counts.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QProgressBar, QProgressDialog, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from desktop.errors import UserError

from .widgets.field_error import ERROR_COLOR

EXCEL_FILTER = "Excel (*.xlsx)"


def error_rows(report) -> list[tuple[str, str, str, str]]:
    """(sheet, row, column, reason) of each problem of an import report (``desktop.excel.report``):
    blocking errors first, then warnings marked as such."""
    rows = []
    for problem in list(getattr(report, "errors", [])) + list(getattr(report, "warnings", [])):
        reason = problem.reason if problem.is_error else "（提醒）" + problem.reason
        rows.append((problem.sheet or "", "" if problem.row is None else str(problem.row), problem.column or "",
                     reason))
    return rows


def _describe(result) -> str:
    """The engine's own Chinese summary of an import report or export summary."""
    describe = getattr(result, "describe", None)
    return describe() if callable(describe) else ""


class ErrorTableModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("ErrorTableModel", "Sheet"),
        QT_TRANSLATE_NOOP("ErrorTableModel", "Row"),
        QT_TRANSLATE_NOOP("ErrorTableModel", "Column"),
        QT_TRANSLATE_NOOP("ErrorTableModel", "Reason"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("ErrorTableModel", self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None


class ImportDialog(QDialog):
    finished_import = Signal(object)  # the import report, after a successful import

    def __init__(self, ledger, runner, messages, events, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.runner, self.messages, self.events = ledger, runner, messages, events
        self.report = None
        self.busy = False
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Import from Excel"))

        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("The .xlsx file to import"))
        self.browse_button = QPushButton(self.tr("&Choose file…"), self)
        self.skip_check = QCheckBox(self.tr("&Skip rows with errors (they are written to an error workbook)"), self)
        self.start_button = QPushButton(self.tr("&Import"), self)
        self.start_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.stage_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors_model = ErrorTableModel(self)
        self.errors_table = QTableView(self)
        self.errors_table.setModel(self.errors_model)
        self.errors_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.verticalHeader().setVisible(False)
        header = self.errors_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.errors_table.setVisible(False)

        pick = QHBoxLayout()
        pick.addWidget(self.path_edit, 1)
        pick.addWidget(self.browse_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.start_button)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.skip_check)
        layout.addWidget(self.progress)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.errors_table, 1)
        layout.addLayout(actions)
        self.resize(760, 460)

        self.browse_button.clicked.connect(self.choose_file)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.path_edit.returnPressed.connect(self.start)

    # ------------------------------------------------------------------ choosing
    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the Excel file to import"), str(Path.home()), EXCEL_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(self.path_edit.setText)
        self.file_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        if self.busy:
            return
        text = self.path_edit.text().strip().strip('"')
        if not text:
            self._show_problem(self.tr("Please choose the Excel file to import first."))
            return
        path = Path(text)
        if not path.is_file():
            self._show_problem(self.tr("The file %1 does not exist.").replace("%1", str(path)))
            return
        from desktop.excel.importer import import_file  # the engine; no Qt in it
        self.report = None
        self.busy = True
        self._set_running(True)
        self.errors_model.set_rows([])
        self.errors_table.setVisible(False)
        self.result_label.clear()
        self.stage_label.setText(self.tr("Reading %1 …").replace("%1", path.name))
        self.progress.setRange(0, 0)  # busy until the first progress report
        skip = self.skip_check.isChecked()
        # the engine writes rejected rows next to the file (<name>_错误清单.xlsx) when skipping
        self.runner.run(import_file, self.ledger, path, skip_invalid=skip,
                        on_progress=self._progress, on_done=self._done, on_error=self._failed)

    def _progress(self, done: int, total: int, what: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if what:
            self.stage_label.setText(what)

    def _done(self, report) -> None:
        self.busy = False
        self._set_running(False)
        self.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.stage_label.setText(self.tr("Import finished."))
        text = self.counts_text(report)
        rows = error_rows(report)
        if rows:
            self._show_errors(rows)
        if report.households_rejected:
            text += "\n" + self.tr("%n household(s) with errors were skipped; their rows are listed below.", "",
                                    report.households_rejected)
        if report.error_path:
            text += "\n" + self.tr("Skipped rows were written to: %1").replace("%1", str(report.error_path))
        self.result_label.setStyleSheet("")
        self.result_label.setText(text)
        self.events.reloaded.emit()
        self.messages.info(text.splitlines()[0])
        self.finished_import.emit(report)

    def counts_text(self, report) -> str:
        def triple(added, updated, unchanged):
            return self.tr("%1 new, %2 updated, %3 unchanged").replace("%1", str(added)).replace(
                "%2", str(updated)).replace("%3", str(unchanged))
        return "\n".join([
            self.tr("Imported %1 (%2, %3 rows read).").replace("%1", Path(report.path).name).replace(
                "%2", report.kind or "Excel").replace("%3", str(report.rows_read)),
            self.tr("Households: %1").replace("%1", triple(report.households_added, report.households_updated,
                                                           report.households_unchanged)),
            self.tr("Persons: %1").replace("%1", triple(report.persons_added, report.persons_updated,
                                                        report.persons_unchanged)),
            self.tr("Employment records: %1").replace("%1", triple(report.spells_added, report.spells_updated,
                                                                   report.spells_unchanged)),
        ])

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.stage_label.clear()
        report = getattr(exc, "report", None)
        if report is not None:  # ImportRejected: nothing was imported
            self.report = report
            self._show_errors(error_rows(report))
            text = self.tr("Nothing was imported: %n problem(s) must be fixed. Fix them in the file and import "
                           "again, or tick \"Skip rows with errors\".", "", len(report.errors))
            if report.unknown_columns:
                text += "\n" + self.tr("Columns not recognised (ignored): %1").replace(
                    "%1", "、".join(header for _sheet, header in report.unknown_columns))
            self._show_problem(text)
            return
        if isinstance(exc, UserError):  # not Excel, broken file, locked ledger…
            self._show_problem(str(exc))
            return
        self._show_problem(self.tr("The import failed because of a program error; nothing was imported."))
        self.messages.error(exc)

    def _show_errors(self, rows) -> None:
        self.errors_model.set_rows(rows)
        self.errors_table.setVisible(True)

    def _show_problem(self, text: str) -> None:
        self.result_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.result_label.setText(text)

    def _set_running(self, running: bool) -> None:
        for widget in (self.start_button, self.browse_button, self.path_edit, self.skip_check, self.close_button):
            widget.setEnabled(not running)

    def reject(self) -> None:
        if self.busy:  # the import cannot be cut in half; it finishes in the background
            self.stage_label.setText(self.tr("Please wait until the import has finished."))
            return
        super().reject()


# ---------------------------------------------------------------------------------- export
def default_export_name(today: date | None = None) -> str:
    return f"就业帮扶台账-{(today or date.today()):%Y%m%d}.xlsx"


def export_ledger_interactively(ledger, runner, messages, parent: QWidget | None = None,
                                directory: str | None = None) -> QFileDialog:
    """Ask where to save, export on the runner with a progress window, then tell the counts. Returns the
    file dialog (already open) so a caller or test can answer it."""
    start = str(Path(directory or Path.home()) / default_export_name())
    title = QCoreApplication.translate("Export", "Export the ledger to Excel")
    dialog = QFileDialog(parent, title, start, EXCEL_FILTER)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("xlsx")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: run_export(ledger, runner, messages, Path(path), parent))
    dialog.open()
    return dialog


def run_export(ledger, runner, messages, path: Path, parent: QWidget | None = None) -> QProgressDialog:
    """Export to ``path`` on the runner, showing progress; tells the result through ``messages``."""
    from desktop.excel.exporter import export_ledger  # the engine; no Qt in it

    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    label = QCoreApplication.translate("Export", "Exporting to %1 …").replace("%1", path.name)
    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setWindowTitle(QCoreApplication.translate("Export", "Export"))
    progress.setCancelButton(None)
    progress.setMinimumDuration(500)
    progress.setAutoClose(False)

    def on_progress(done: int, total: int, _what: str) -> None:
        if total > 0:
            progress.setRange(0, total)
            progress.setValue(min(done, total))

    def finish() -> None:
        progress.reset()
        progress.close()
        progress.deleteLater()

    def done(summary) -> None:
        finish()
        text = _describe(summary) or QCoreApplication.translate("Export", "Exported to %1").replace("%1", str(path))
        messages.info(text, 15000)
        if parent is not None:
            title = QCoreApplication.translate("Export", "Export finished")
            box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def failed(exc: Exception) -> None:
        finish()
        messages.error(exc)

    runner.run(export_ledger, ledger, path, on_progress=on_progress, on_done=done, on_error=failed)
    return progress
