"""What every record form shares: fields with a problem line under each, validation as you type, Save
that refuses while errors remain and asks before saving with warnings, Esc that asks before throwing
edits away. Subclasses build the fields and say how to collect, check and write the record.

Problems of a field are shown once the user has touched it, after the first save attempt, or at once
when an existing record is opened (its problems are already there)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLayout, QLineEdit,
    QMessageBox, QVBoxLayout, QWidget,
)

from desktop.domain.codes import Severity

from .confirm import ask as ask_question
from .field_error import ERROR_COLOR, WARNING_COLOR, FieldErrorLabel

# Not self.tr(): PySide looks strings up under the subclass's name (PersonForm…), not "RecordDialog".
translate = QCoreApplication.translate

GENERAL = ""  # the field name of problems that concern the record as a whole

# "Not filled in" rules: said only about fields the user has been to, or after a save attempt, so a new
# form does not greet the user with a wall of red. Every other problem shows as soon as it exists.
QUIET_CODES = frozenset({
    "person.name_required", "person.sex_required", "person.birth_required", "person.education_xor",
    "id.required", "phone.missing", "spell.place_missing", "spell.current_missing", "form.required",
})


class RecordDialog(QDialog):
    saved = Signal(str)  # id of the record written

    def __init__(self, messages, parent: QWidget | None = None, *, existing: bool = False):
        super().__init__(parent)
        self.messages = messages
        self.existing = existing
        self.setModal(True)
        self._widgets: dict[str, QWidget] = {}
        self._errors: dict[str, FieldErrorLabel] = {}
        self._touched: set[str] = set()
        self._attempted = False
        self._filling = False
        self._dirty = False
        self._busy = False
        self._issues: list = []
        self.question: QMessageBox | None = None  # the open confirmation, if any (tests click it)

        self.general_errors = FieldErrorLabel(self)
        self._errors[GENERAL] = self.general_errors
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole
        self.save_button = self.buttons.addButton(translate("RecordDialog", "Save"), role.AcceptRole)
        self.cancel_button = self.buttons.addButton(translate("RecordDialog", "Cancel"), role.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.try_save)
        self.cancel_button.clicked.connect(self.reject)

    # ------------------------------------------------------------------ building
    def frame(self, body_layout) -> None:
        """Lay out: general problems, the body, the summary line, the buttons."""
        outer = QVBoxLayout(self)
        # Grow the window when problem lines appear instead of squeezing them unreadable.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        outer.addWidget(self.general_errors)
        outer.addLayout(body_layout, 1)
        outer.addWidget(self.summary)
        outer.addWidget(self.buttons)

    def add_field(self, grid: QGridLayout, row: int, label: str, field: str, widget: QWidget,
                  column: int = 0, span: int = 1) -> int:
        """Put ``label`` / ``widget`` at ``row`` of ``grid`` with the problem line below; returns the next
        free row. ``field`` is the model field whose problems show under it."""
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(caption, row, column)
        grid.addWidget(widget, row, column + 1, 1, span)
        error = FieldErrorLabel(self)
        grid.addWidget(error, row + 1, column + 1, 1, span)
        self._widgets[field] = widget
        self._errors[field] = error
        self.watch(widget, field)
        return row + 2

    def alias(self, field: str, shown_under: str) -> None:
        """Show problems of ``field`` under the field ``shown_under`` (e.g. a derived field)."""
        self._errors[field] = self._errors[shown_under]
        self._widgets.setdefault(field, self._widgets[shown_under])

    def watch(self, widget: QWidget, field: str) -> None:
        # Qt's own signals first: in PySide6 6.12 every emit() made from Python leaks a reference to True.
        signal = None
        if isinstance(widget, QComboBox):
            signal = widget.currentIndexChanged
        elif hasattr(widget, "valueChanged"):
            signal = widget.valueChanged
        elif isinstance(widget, QLineEdit):
            signal = widget.textChanged
        elif isinstance(widget, QAbstractButton) or isinstance(widget, QCheckBox):
            signal = widget.toggled
        if signal is not None:
            signal.connect(lambda *_a, f=field: self.edited(f))

    def widget_of(self, field: str) -> QWidget | None:
        return self._widgets.get(field)

    def error_label(self, field: str) -> FieldErrorLabel:
        return self._errors.get(field, self.general_errors)

    # ------------------------------------------------------------------ to override
    def collect(self):
        """The record as the fields say now."""
        raise NotImplementedError

    def check(self, record) -> list:
        """Issues (desktop.domain.validation.Issue) of ``record``, including fields that cannot be read."""
        raise NotImplementedError

    def write(self, record) -> None:
        """Start writing ``record`` (through the runner); call ``write_done`` or ``write_failed``."""
        raise NotImplementedError

    def after_edit(self, field: str) -> None:
        """Hook: a field changed by the user (e.g. fill birth date from the ID number)."""

    # ------------------------------------------------------------------ state
    def begin_fill(self) -> None:
        self._filling = True

    def end_fill(self) -> None:
        self._filling = False
        self.revalidate()

    def edited(self, field: str) -> None:
        if self._filling:
            return
        self._touched.add(field)
        self._dirty = True
        self._filling = True
        try:
            self.after_edit(field)
        finally:
            self._filling = False
        self.revalidate()

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def issues(self) -> list:
        return list(self._issues)

    def revalidate(self) -> list:
        record = self.collect()
        self._issues = self.check(record)
        shown: dict[str, list[tuple[Severity, str]]] = {f: [] for f in self._errors}
        for issue in self._issues:
            field = issue.field if issue.field in self._errors else GENERAL
            if self._visible(issue):
                target = self._errors[field]
                key = next(f for f, lbl in self._errors.items() if lbl is target)
                shown.setdefault(key, []).append((issue.severity, issue.message))
        done: set[int] = set()
        for field, label in self._errors.items():
            if id(label) in done:
                continue
            done.add(id(label))
            items = [i for f, lbl in self._errors.items() if lbl is label for i in shown.get(f, [])]
            label.set_messages(items)
        self._show_summary()
        return self._issues

    def _visible(self, issue) -> bool:
        if self._attempted or self.existing or issue.field in self._touched:
            return True
        return issue.code not in QUIET_CODES and bool(self._touched)

    def _show_summary(self) -> None:
        n_err = sum(1 for i in self._issues if i.severity is Severity.ERROR)
        n_warn = len(self._issues) - n_err
        if not self._attempted and not self.existing:
            n_err = sum(1 for i in self._issues if i.severity is Severity.ERROR and self._visible(i))
            n_warn = sum(1 for i in self._issues if i.severity is Severity.WARNING and self._visible(i))
        if n_err:
            text = translate("RecordDialog", "%n problem(s) in red must be fixed before saving.", "", n_err)
            if n_warn:
                text += " " + translate("RecordDialog", "Also %n reminder(s) in amber.", "", n_warn)
            color = ERROR_COLOR
        elif n_warn:
            text = translate("RecordDialog", "%n reminder(s) in amber: please check; you can still save.", "", n_warn)
            color = WARNING_COLOR
        else:
            text, color = "", ERROR_COLOR
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {color};")

    # ------------------------------------------------------------------ saving
    def try_save(self) -> None:
        if self._busy:
            return
        self._attempted = True
        issues = self.revalidate()
        errors = [i for i in issues if i.severity is Severity.ERROR]
        if errors:
            widget = self._widgets.get(errors[0].field)
            if widget is not None and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        warnings = [i for i in issues if i.severity is Severity.WARNING]
        if warnings:
            text = translate("RecordDialog", "Please check these reminders:") + "\n\n" + "\n".join(
                f"• {i.message}" for i in warnings) + "\n\n" + translate("RecordDialog", "Save anyway?")
            self.ask(translate("RecordDialog", "Save with reminders?"), text, self._write_collected)
            return
        self._write_collected()

    def _write_collected(self) -> None:
        self._busy = True
        self.save_button.setEnabled(False)
        self.write(self.collect())

    def write_done(self, record_id: str) -> None:
        self._busy = False
        self._dirty = False
        self.save_button.setEnabled(True)
        self.saved.emit(record_id)
        super().accept()

    def write_failed(self, exc: Exception) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.messages.error(exc)

    def ask(self, title: str, text: str, on_yes) -> None:
        """A non-modal-loop confirmation (``open()``); ``on_yes`` runs when the user agrees."""
        self.question = ask_question(self, title, text, translate("RecordDialog", "Yes"), translate("RecordDialog", "No"),
                            on_yes, on_answer=lambda: setattr(self, "question", None))

    def accept(self) -> None:  # Enter on a field: the same as Save
        self.try_save()

    def reject(self) -> None:
        if self._dirty and not self._busy:
            self.ask(translate("RecordDialog", "Discard changes?"),
                     translate("RecordDialog", "The changes in this form have not been saved. Discard them?"),
                     self._discard)
            return
        super().reject()

    def _discard(self) -> None:
        self._dirty = False
        super().reject()
