"""A yes/no question that does not block: ``open()`` with a callback, never ``exec()`` (no nested event
loop while background tasks finish). The box is returned so callers and tests can answer it."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, title: str, text: str, yes_text: str, no_text: str,
        on_yes: Callable[[], None], on_answer: Callable[[], None] | None = None) -> QMessageBox:
    """Open the question; ``on_yes`` runs if the user agrees, ``on_answer`` after any answer. "No" is the
    default button, so a hasty Enter never deletes or discards anything."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.button(QMessageBox.StandardButton.No).setText(no_text)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button) -> None:
        if on_answer is not None:
            on_answer()
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            on_yes()

    box.buttonClicked.connect(answered)
    box.open()
    return box
