"""The first run and demo mode.

On an empty ledger that is not logged in, ``WelcomeDialog`` asks in plain words what to do first:
connect to the county server (the sync settings dialog: server address and login), try the program
with demo data (invented people, marked as practice data that never goes to the county), or start
alone (import Excel or type in; logging in stays possible from the Sync menu).

A demo ledger says so in the status bar, and File → "Clear demo data…" empties it and turns it back into
a real ledger (the county login is refused while it holds invented people), after which the welcome
offers to connect again.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QVBoxLayout, QWidget

from desktop import sync_support as S

from .widgets.confirm import ask

translate = QCoreApplication.translate


class WelcomeDialog(QDialog):
    """Three big choices; each emits its signal and closes the dialog. Opened with ``open()``."""

    connect_chosen = Signal()
    demo_chosen = Signal()
    alone_chosen = Signal()

    def __init__(self, parent: QWidget | None = None, *, demo_households: int = 300, can_connect: bool = True):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome"))
        self.setMinimumWidth(560)
        intro = QLabel(self.tr("The ledger on this computer is still empty. What would you like to do first?"),
                       self)
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.connect_button = QCommandLinkButton(
            self.tr("Connect to the county server"),
            self.tr("Log in with the user name and password the county labour bureau gave you. Your "
                    "village's ledger is then downloaded and kept in sync automatically."), self)
        self.demo_button = QCommandLinkButton(
            self.tr("Practise with demo data"),
            self.tr("Fill this computer with %1 invented households to try everything out. Practice data "
                    "never goes to the county. When you are done, choose File → Clear demo data… and then "
                    "connect to the county server.").replace("%1", str(demo_households)), self)
        self.alone_button = QCommandLinkButton(
            self.tr("Start without the county server"),
            self.tr("Import your Excel ledger (File → Import Excel…) or add households yourself. You can "
                    "log in to the county server later from the Sync menu."), self)
        self.connect_button.setVisible(can_connect)
        # Enter picks the real thing, never the practice data
        (self.connect_button if can_connect else self.alone_button).setDefault(True)
        (self.connect_button if can_connect else self.alone_button).setFocus()
        self.connect_button.clicked.connect(lambda: self._chosen(self.connect_chosen))
        self.demo_button.clicked.connect(lambda: self._chosen(self.demo_chosen))
        self.alone_button.clicked.connect(lambda: self._chosen(self.alone_chosen))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for button in (self.connect_button, self.demo_button, self.alone_button):
            layout.addWidget(button)

    def _chosen(self, signal) -> None:
        self.accept()
        signal.emit()


class DemoMode(QObject):
    """The demo notice in the status bar and File → Clear demo data… (shown only on a demo ledger)."""

    cleared = Signal()      # the demo data is gone; the ledger is a real, empty one

    def __init__(self, window, ledger, runner, messages, events, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window, self.ledger, self.runner, self.messages, self.events = window, ledger, runner, messages, events
        self.question = None
        self.label = QLabel(translate("DemoMode", "Demo data: practice only, never sent to the county"), window)
        self.label.setStyleSheet("color: #e65100; font-weight: bold; padding: 0 6px;")
        self.label.setToolTip(translate("DemoMode", "The people in this ledger are invented. Choose File → "
                                                    "Clear demo data… to start with your real ledger."))
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.action = QAction(translate("DemoMode", "Clear &demo data…"), window)
        self.action.setStatusTip(translate("DemoMode", "Delete the invented people and start your real ledger"))
        self.action.triggered.connect(self.ask_clear)
        self.action.setVisible(False)
        menu = getattr(window, "file_menu", None)
        if menu is not None:     # after Import / Export, before the separator and Exit
            separator = next((a for a in menu.actions() if a.isSeparator()), None)
            menu.insertAction(separator, self.action) if separator is not None else menu.addAction(self.action)
        self.active = False

    def set_active(self, active: bool) -> None:
        self.active = active
        self.label.setVisible(active)
        self.action.setVisible(active)

    def ask_clear(self) -> None:
        self.question = ask(
            self.window, translate("DemoMode", "Clear demo data"),
            translate("DemoMode", "Delete every household, person and job in this demo ledger (including any "
                                  "you typed in yourself)?\n\nAfterwards the ledger is empty and real: you can "
                                  "connect to the county server or import your village's Excel ledger."),
            translate("DemoMode", "Clear demo data"), translate("DemoMode", "Keep practising"), self.clear,
            on_answer=lambda: setattr(self, "question", None))

    def clear(self) -> None:
        def done(_):
            self.set_active(False)
            self.events.reloaded.emit()
            self.messages.info(translate("DemoMode", "Demo data cleared. The ledger is empty and ready for "
                                                     "your real data."), 10000)
            self.cleared.emit()

        self.runner.run(S.clear_demo_ledger, self.ledger.path, on_done=done, on_error=self.messages.error)


def offer_welcome(window, *, on_connect: Callable[[], None] | None, on_demo: Callable[[], None],
                  on_alone: Callable[[], None] | None = None, demo_households: int = 300) -> WelcomeDialog:
    """Open the welcome (non-modally) over ``window``; returns it (tests click its buttons)."""
    dialog = WelcomeDialog(window, demo_households=demo_households, can_connect=on_connect is not None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_connect is not None:
        dialog.connect_chosen.connect(on_connect)
    dialog.demo_chosen.connect(on_demo)
    if on_alone is not None:
        dialog.alone_chosen.connect(on_alone)
    dialog.open()
    return dialog
