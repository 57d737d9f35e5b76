"""Sync in the window: ``attach_sync`` puts the status indicator in the window's status bar, builds the
controller and the actions, opens the settings dialog on first run, and starts automatic sync.

    controller = attach_sync(window, ledger, runner, messages, events, data_dir)
    controller.read_only_changed.connect(window.set_read_only)     # (bool, reason)
    toolbar.addAction(controller.sync_now_action)                  # optional; a Sync menu is added
    ...on close: controller.stop(); runner.wait_idle()
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop import sync_support as S

from .conflicts_view import ConflictsView
from .controller import SyncController, SyncSnapshot
from .settings_dialog import SettingsDialog
from .status_widget import SyncStatusWidget

__all__ = ["attach_sync", "SyncController", "SyncSnapshot", "SyncStatusWidget", "SettingsDialog",
           "ConflictsView", "SyncUi"]


log = logging.getLogger(__name__)

class SyncUi(QObject):
    """Owns the sync widgets of one window; dialogs are opened non-modally and reused."""

    first_run_checked = Signal(bool)      # True: the settings dialog was opened for a first start

    def __init__(self, window, controller: SyncController, messages=None):
        super().__init__(window)
        self.window, self.controller, self.messages = window, controller, messages
        self.widget = SyncStatusWidget(controller, window)
        self.settings_dialog: SettingsDialog | None = None
        self.details_dialog: ConflictsView | None = None
        self.settings_action = QAction(self.tr("Sync settings…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        self.details_action = QAction(self.tr("Sync details and conflicts…"), self)
        self.details_action.triggered.connect(self.open_details)
        self.widget.settings_requested.connect(self.open_settings)
        self.widget.details_requested.connect(self.open_details)
        controller.login_required.connect(self._login_required)
        if messages is not None:   # automatic rounds fail quietly: the indicator already says so
            controller.sync_failed.connect(
                lambda text: messages.info(text, 15000) if controller.last_round_forced else None)

    def add_menu(self) -> None:
        """A "Sync" menu before the window's last menu (Help), with Sync Now, settings and details."""
        bar = self.window.menuBar()
        menu = QMenu(self.tr("&Sync"), bar)
        menu.addActions([self.controller.sync_now_action, self.details_action])
        menu.addSeparator()
        menu.addAction(self.settings_action)
        actions = bar.actions()
        if actions:
            bar.insertMenu(actions[-1], menu)
        else:
            bar.addMenu(menu)
        self.menu = menu

    def first_run(self, offer: bool) -> None:
        if offer:
            self.open_settings()
        self.first_run_checked.emit(offer)

    def open_settings(self) -> SettingsDialog:
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.controller, self.window)
            self.settings_dialog.finished.connect(self._settings_closed)
        if self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
        else:
            self.settings_dialog.open()
        return self.settings_dialog

    def _settings_closed(self, _code) -> None:
        self.settings_dialog.deleteLater()
        self.settings_dialog = None

    def open_details(self) -> ConflictsView:
        if self.details_dialog is None:
            self.details_dialog = ConflictsView(self.controller, self.window)
            self.details_dialog.settings_button.clicked.connect(self.open_settings)
            self.details_dialog.finished.connect(self._details_closed)
        else:
            self.details_dialog.reload()
        if self.details_dialog.isVisible():
            self.details_dialog.raise_()
        else:
            self.details_dialog.show()
        return self.details_dialog

    def _details_closed(self, _code) -> None:
        self.details_dialog.deleteLater()
        self.details_dialog = None

    def _login_required(self) -> None:
        if self.settings_dialog is None and self.window.isVisible():
            self.open_settings()


def attach_sync(window, ledger, runner, messages, events, data_dir, *, token_store=None,
                first_run_dialog: bool = True, menu: bool = True, **controller_kw) -> SyncController:
    """Wire sync into `window` (a QMainWindow). Returns the controller; its `ui` attribute is the SyncUi
    (status widget, settings and details actions). On a ledger's first start without a login the settings
    dialog opens once (``first_run_dialog=False`` to leave that to the caller)."""
    controller = SyncController(ledger.path, runner, events, data_dir, token_store=token_store, parent=window,
                                **controller_kw)
    ui = SyncUi(window, controller, messages)
    controller.ui = ui
    window.statusBar().addPermanentWidget(ui.widget)
    if menu:
        ui.add_menu()

    if first_run_dialog:   # once per ledger: afterwards the status bar invites to log in
        runner.run(S.offer_setup_once, controller.db, on_done=ui.first_run, on_error=_log_quietly)
    controller.start()
    return controller


def _log_quietly(exc: BaseException) -> None:
    """Reading the first-run offer failed (a locked or damaged ledger): the window goes on without it, and the log
    keeps why."""
    log.warning("could not read the first-run offer", exc_info=exc)
