"""One place that tells the user things: short messages in the status bar, known errors as a calm
Chinese message, bugs as a "please report" dialog with the log file's location (never a traceback)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import UserError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str | None:
    """The message for a known error, or None for a bug."""
    if isinstance(exc, UserError):
        return str(exc)
    message = getattr(exc, "user_message", None)  # sync errors carry their own Chinese message
    if isinstance(message, str):
        return message
    return None


class Messages(QObject):
    """Status-bar messages and error reporting; MainWindow connects ``status`` to its status bar."""

    status = Signal(str, int)  # text, timeout in ms (0 = until replaced)

    def __init__(self, parent_widget: QWidget | None = None, log_file: str = ""):
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._log_file = log_file

    def set_parent_widget(self, widget: QWidget) -> None:
        """Message boxes belong to this window (a parentless box would be deleted before it shows)."""
        self._parent = widget

    def info(self, text: str, timeout_ms: int = 5000) -> None:
        self.status.emit(text, timeout_ms)

    def error(self, exc: BaseException) -> None:
        known = user_message(exc)
        if known is not None:
            self.status.emit(known, 15000)
            self._show(QMessageBox.Icon.Warning, QCoreApplication.translate("Messages", "Cannot continue"), known)
            return
        log.error("bug reached the user", exc_info=exc)
        self._show(
            QMessageBox.Icon.Critical, QCoreApplication.translate("Messages", "Program error"),
            QCoreApplication.translate(
                "Messages", "Something went wrong inside the program; the ledger was not changed.\n"
                "Please send the log file to the county IT staff:\n{log}").format(log=self._log_file))

    def _show(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        # open(), not exec(): no nested event loop while a background task may be finishing
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
