"""The status-bar indicator: online/offline dot, what is pending, the last successful sync, errors that
say what to do, a progress bar when a round takes long, and a Sync Now button. Clicking it asks for the
details (or for the settings when not logged in)."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QToolButton, QWidget

from .controller import SyncSnapshot

GREEN, GREY, ORANGE, BLUE, RED = "#2e7d32", "#9e9e9e", "#e65100", "#1565c0", "#c62828"
SLOW_ROUND_MS = 1500     # show the progress bar when a round takes longer than this


def local_time(value: datetime) -> datetime:
    return value.astimezone() if value.tzinfo else value


def describe_last_sync(when: datetime | None, now: datetime) -> str:
    """"上次同步：今天 10:32" / "昨天 16:05" / "11月24日 09:10" / "2025年11月24日 09:10", in local time."""
    if when is None:
        return QCoreApplication.translate("SyncStatusWidget", "Never synced")
    t, now = local_time(when), local_time(now)
    hm = t.strftime("%H:%M")
    if t.date() == now.date():
        day = QCoreApplication.translate("SyncStatusWidget", "today {time}").format(time=hm)
    elif t.date() == (now - timedelta(days=1)).date():
        day = QCoreApplication.translate("SyncStatusWidget", "yesterday {time}").format(time=hm)
    elif t.year == now.year:
        day = QCoreApplication.translate("SyncStatusWidget", "{month}/{day} {time}").format(
            month=t.month, day=t.day, time=hm)
    else:
        day = QCoreApplication.translate("SyncStatusWidget", "{year}/{month}/{day} {time}").format(
            year=t.year, month=t.month, day=t.day, time=hm)
    return QCoreApplication.translate("SyncStatusWidget", "Last sync: {when}").format(when=day)


class _Dot(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._color = QColor(GREY)
        self.setFixedSize(QSize(12, 12))

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self.update()

    def color(self) -> str:
        return self._color.name()

    def paintEvent(self, _event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self._color)
        p.drawEllipse(1, 1, 10, 10)


class _ElidedLabel(QLabel):
    """A label that shrinks with the status bar, eliding its end; the full text stays in the tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setText(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self):
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8, hint.height())

    def minimumSizeHint(self):
        return QSize(120, super().minimumSizeHint().height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._elide()

    def _elide(self):
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(10, self.width()))
        if shown != self.text():
            self.setText(shown)


class SyncStatusWidget(QWidget):
    details_requested = Signal()
    settings_requested = Signal()

    def __init__(self, controller, parent: QWidget | None = None, *, now=datetime.now):
        super().__init__(parent)
        self.controller = controller
        self._now = now
        self._state = SyncSnapshot()
        self.setCursor(Qt.CursorShape.PointingHandCursor)

        self.dot = _Dot(self)
        self.label = _ElidedLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)           # busy: a round's size is not known in advance
        self.bar.setFixedSize(QSize(70, 12))
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.button = QToolButton(self)
        self.button.setDefaultAction(controller.sync_now_action)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 2, 0)
        layout.setSpacing(6)
        layout.addWidget(self.dot)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.button)

        self._slow = QTimer(self)
        self._slow.setSingleShot(True)
        self._slow.setInterval(SLOW_ROUND_MS)
        self._slow.timeout.connect(self._show_bar)
        self._tick = QTimer(self)          # "今天 10:32" must become "昨天" after midnight
        self._tick.setInterval(60_000)
        self._tick.timeout.connect(lambda: self.show_state(self._state))
        self._tick.start()

        controller.state_changed.connect(self.show_state)
        self.show_state(controller.state)

    # ------------------------------------------------------------------ display
    def text(self) -> str:
        return self.label.full_text()

    def dot_color(self) -> str:
        return self.dot.color()

    def show_state(self, state: SyncSnapshot) -> None:
        was_syncing = self._state.syncing
        self._state = state
        if state.syncing and not was_syncing:
            self._slow.start()
        if not state.syncing:
            self._slow.stop()
            self.bar.hide()
        self.dot.set_color(self._color(state))
        self.label.set_full_text(self._describe(state))
        self.setToolTip(self._tooltip(state))
        self.button.setVisible(state.configured)

    def _show_bar(self) -> None:
        if self._state.syncing:
            self.bar.show()

    def _color(self, s: SyncSnapshot) -> str:
        if not s.configured or s.logged_out:
            return GREY
        if s.syncing:
            return BLUE
        if s.online is False:
            return GREY
        if s.error or s.needs_login:
            return RED
        if s.rejected or s.conflicts or s.duplicates:
            return ORANGE
        return GREEN if s.online else GREY

    def _describe(self, s: SyncSnapshot) -> str:
        if not s.configured:
            return self.tr("Sync not set up · click here to log in to the county server")
        if s.logged_out:
            return self.tr("Logged out · click here to log in to the county server")
        parts: list[str] = []
        if s.syncing:
            if s.pushed or s.pulled:
                parts.append(self.tr("Syncing… sent {pushed}, received {pulled}").format(
                    pushed=s.pushed, pulled=s.pulled))
            else:
                parts.append(self.tr("Syncing…"))
        elif s.needs_login:
            parts.append(self.tr("Login expired: click here to log in again"))
        elif s.online is False:
            parts.append(self.tr("Cannot reach the county server; data is saved on this laptop and will sync "
                                 "automatically when online"))
        elif s.error:
            parts.append(s.error)
        elif s.online and not s.pending and not s.rejected:
            parts.append(self.tr("Up to date"))
        if s.pending and s.read_only:    # the server refuses a read-only account's changes: never sent
            parts.append(self.tr("{n} changes kept on this laptop only (this account cannot send "
                                 "changes)").format(n=s.pending))
        elif s.pending:
            parts.append(self.tr("{n} changes to send").format(n=s.pending))
        if s.rejected:
            parts.append(self.tr("{n} changes refused, click to see why").format(n=s.rejected))
        if s.conflicts:
            parts.append(self.tr("{n} conflicts to review").format(n=s.conflicts))
        if s.duplicates:
            parts.append(self.tr("{n} ID numbers also registered elsewhere").format(n=s.duplicates))
        if s.read_only:
            parts.append(self.tr("View only"))
        parts.append(self.describe_last_sync(s.last_sync))
        return " · ".join(parts)

    def describe_last_sync(self, when: datetime | None) -> str:
        return describe_last_sync(when, self._now())

    def _tooltip(self, s: SyncSnapshot) -> str:
        lines = []
        if s.account:
            lines.append(self.tr("Account: {user}").format(user=s.account.get("username", "")))
        if s.read_only_reason:
            lines.append(s.read_only_reason)
        if s.error:
            lines.append(s.error)
        lines.append(self.tr("Changes waiting to be sent: {n}").format(n=s.pending))
        lines.append(self.describe_last_sync(s.last_sync))
        lines.append(self.tr("Click for details"))
        return "\n".join(lines)

    # ------------------------------------------------------------------ input
    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            if not self._state.configured or self._state.needs_login:
                self.settings_requested.emit()
            else:
                self.details_requested.emit()
        super().mouseReleaseEvent(event)

    def mousePressEvent(self, event):
        event.accept()
