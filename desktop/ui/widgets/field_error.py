"""The line under a field that says, in Chinese, what is wrong with it: red for errors (saving is
refused), amber for warnings (saving asks first)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop.domain.codes import Severity

ERROR_COLOR = "#c62828"
WARNING_COLOR = "#a15c00"


class FieldErrorLabel(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self._severity: Severity | None = None
        self.setVisible(False)

    @property
    def severity(self) -> Severity | None:
        """The worst severity shown, ``None`` when there is nothing to say."""
        return self._severity

    def set_messages(self, items: list[tuple[Severity, str]]) -> None:
        """Show ``(severity, message)`` pairs, errors first; hide when there are none."""
        if not items:
            self._severity = None
            self.clear()
            self.setVisible(False)
            return
        items = sorted(items, key=lambda i: 0 if i[0] is Severity.ERROR else 1)
        self._severity = items[0][0]
        color = ERROR_COLOR if self._severity is Severity.ERROR else WARNING_COLOR
        mark = "✖" if self._severity is Severity.ERROR else "⚠"
        seen: list[str] = []
        for _sev, text in items:
            if text not in seen:
                seen.append(text)
        self.setText("\n".join(f"{mark} {t}" for t in seen))
        self.setStyleSheet(f"color: {color};")
        self.setVisible(True)
        self._fit_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Grid layouts do not ask word-wrapped labels for their height at a given width; without this the
        # second line of a message is cut off.
        needed = self.heightForWidth(max(self.width(), 120)) if self.text() else 0
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
