"""What the main window's record commands open: the household page (in one reused window), the new
household and new person forms, the delete question, Excel import and export, the About box.

Each flow opens its form or question non-modally (``open()``, never ``exec()``) and keeps it in
``dialog``; the forms are imported when first used so the window starts fast. The window says which
record is selected: ``(entity, id, row record)`` or None.

The strings belong to the window's translation context ("MainWindow"), as they did when the window
built them itself."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QVBoxLayout, QWidget

from desktop.domain.models import Household, Person

translate = QCoreApplication.translate

Selection = tuple[str, str, object]  # (entity "household" or "person", id, row record)


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


class RecordFlows(QObject):
    """The record commands of one window; ``window`` parents every form and question."""

    def __init__(self, ledger, runner, messages, events, regions, today: date, window: QWidget):
        super().__init__(window)
        self.ledger, self.runner, self.messages, self.events, self.regions = ledger, runner, messages, events, regions
        self.today = today
        self.window = window
        self.household_window: HouseholdWindow | None = None
        self.dialog: QWidget | None = None  # the form or question open right now, if any
        self.read_only_reason = ""           # not "": the account may only look (the reason, Chinese)

    def set_read_only(self, reason: str) -> None:
        """A township or county account only looks: the household page and every command that writes
        say ``reason`` instead ("" makes them editable again)."""
        self.read_only_reason = reason
        if self.household_window is not None:
            self.household_window.page.set_read_only(reason)

    def _refused(self) -> bool:
        if self.read_only_reason:
            self.messages.info(self.read_only_reason, 8000)
        return bool(self.read_only_reason)

    def open_household(self, household_id: str, select_person: str | None = None) -> None:
        try:
            from .household_page import HouseholdPage
        except ImportError:
            self.messages.info(translate("MainWindow", "The household page is not available in this version."))
            return
        if self.household_window is None:
            page = HouseholdPage(self.ledger, self.runner, self.messages, self.events, self.regions,
                                 today=self.today)
            self.household_window = HouseholdWindow(page, self.window)
            page.set_read_only(self.read_only_reason)
        self.household_window.page.show_household(household_id, select_person)
        self.household_window.show()
        self.household_window.raise_()
        self.household_window.activateWindow()

    def open_record(self, entity: str, record_id: str, record) -> None:
        """The household page of a household, or of a person's household with the person selected."""
        if entity == "household":
            self.open_household(record_id)
        else:
            self.open_household(record.household_id, select_person=record_id)

    def open_selected(self, selected: Selection | None) -> None:
        if selected is None:
            self.messages.info(translate("MainWindow", "Select a household or person first."))
            return
        self.open_record(*selected)

    def new_household(self, village_code) -> None:
        if self._refused():
            return
        try:
            from .household_form import HouseholdForm
        except ImportError:
            self.messages.info(translate("MainWindow", "The household form is not available in this version."))
            return
        form = HouseholdForm(self.ledger, self.runner, self.messages, self.events, self.regions, parent=self.window,
                             village_code=village_code)
        form.saved.connect(lambda household_id: self.open_household(household_id))
        self.show_dialog(form)

    def new_person(self, selected: Selection | None) -> None:
        if self._refused():
            return
        if selected is None:
            self.messages.info(translate("MainWindow", "Select the household the new person belongs to first."))
            return
        entity, record_id, record = selected
        household_id = record_id if entity == "household" else record.household_id
        try:
            from .person_form import PersonForm
        except ImportError:
            self.messages.info(translate("MainWindow", "The person form is not available in this version."))
            return
        self.show_dialog(PersonForm(self.ledger, self.runner, self.messages, self.events, self.regions,
                                    household_id, parent=self.window))

    def show_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def delete_selected(self, selected: Selection | None) -> None:
        """Ask first; on Yes delete on the runner and announce the deletion (undo remembers it)."""
        if self._refused():
            return
        if selected is None:
            self.messages.info(translate("MainWindow", "Select a household or person to delete first."))
            return
        entity, record_id, record = selected
        if entity == "household":
            name = getattr(record, "head_name", None) or getattr(record, "hh_no", None) or ""
            what = translate("MainWindow", "the household of %1 and all its members").replace("%1", name)
            description = translate("MainWindow", "household of %1").replace("%1", name)
        else:
            what = description = record.name
        box = QMessageBox(QMessageBox.Icon.Question, translate("MainWindow", "Delete"),
                          translate("MainWindow", "Delete %1?\nYou can undo this with Ctrl+Z.").replace("%1", what),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        cls = Household if entity == "household" else Person
        box.accepted.connect(lambda: self._delete(cls, record_id, description))
        self.dialog = box
        box.open()

    def _delete(self, cls: type, record_id: str, description: str) -> None:
        def done(deletion):
            self.events.deleted.emit(deletion, description)
            self.messages.info(translate("MainWindow", "Deleted %1. Ctrl+Z undoes it.").replace("%1", description))

        self.runner.run(self.ledger.delete, cls, record_id, on_done=done, on_error=self.messages.error)

    def import_excel(self) -> None:
        if self._refused():
            return
        try:
            from .import_dialog import ImportDialog
        except ImportError:
            self.messages.info(translate("MainWindow", "Excel import is not available in this version."))
            return
        self.show_dialog(ImportDialog(self.ledger, self.runner, self.messages, self.events, self.window))

    def export_excel(self) -> None:
        try:
            from .import_dialog import export_ledger_interactively
        except ImportError:
            self.messages.info(translate("MainWindow", "Excel export is not available in this version."))
            return
        self.dialog = export_ledger_interactively(self.ledger, self.runner, self.messages, self.window)

    def about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version
        try:
            number = version("village-ledger")
        except PackageNotFoundError:
            number = "0.1"
        text = translate("MainWindow", "<b>Village employment ledger</b> %1<br><br>Keeps the households, workers "
                         "and employment of one village on this computer, without network.<br>Data file: %2<br>"
                         "Problems: send the log file next to it to the county IT staff.")
        path = str(self.ledger.path) if self.ledger.path else ""
        box = QMessageBox(QMessageBox.Icon.Information, translate("MainWindow", "About"),
                          text.replace("%1", number).replace("%2", path), QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box
        box.open()
