"""First-run and settings dialog: server address, username, password, optional county CA certificate;
"Test connection and log in" runs on the background runner and shows the account's region.

Use it non-modally: ``dialog.open()``; it stays usable while a login is in flight."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from desktop import sync_support as S
from sync.client import AuthFailed, ServerUnreachable, SyncError

log = logging.getLogger(__name__)

OK_STYLE = "color: #2e7d32;"
ERROR_STYLE = "color: #c62828;"


def _settings_job(db: str):
    settings = S.read_settings(db)
    code = (settings.account or {}).get("region_code")
    return settings, (S.region_name(code) if code else "")


class SettingsDialog(QDialog):
    logged_in = Signal(object)       # LoginResult
    login_failed = Signal(str)       # the message shown
    logged_out = Signal()
    loaded = Signal()                # saved settings shown in the fields

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Sync settings"))
        self.setMinimumWidth(520)

        intro = QLabel(self.tr("Enter the server address and account given to you by the county labour "
                               "bureau. Once logged in, this laptop syncs by itself whenever it is online; "
                               "without a connection you keep working as usual."), self)
        intro.setWordWrap(True)

        self.server = QLineEdit(self)
        self.server.setPlaceholderText(self.tr("e.g. http://192.168.1.10:8765"))
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_file = QLineEdit(self)
        self.ca_file.setPlaceholderText(self.tr("Optional"))
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        ca_hint = QLabel(self.tr("The county CA certificate file (.pem / .crt) the county gave you, if the "
                                 "server address starts with https://"), self)
        ca_hint.setWordWrap(True)
        ca_hint.setStyleSheet("color: #616161;")

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Server address:"), self.server)
        form.addRow(self.tr("Username:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Certificate file:"), ca_row)
        form.addRow("", ca_hint)

        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setMinimumHeight(48)

        self.login_button = QPushButton(self.tr("Test connection and log in"), self)
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        self.logout_button = QPushButton(self.tr("Log out"), self)
        self.logout_button.clicked.connect(self._logout)
        self.logout_button.setEnabled(False)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.logout_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(buttons)

        self._busy = False
        controller.runner.run(_settings_job, controller.db, on_done=self._fill, on_error=_log_quietly)

    # ------------------------------------------------------------------ saved settings
    def _fill(self, result) -> None:
        settings, region = result
        if settings.server_url and not self.server.text():
            self.server.setText(settings.server_url)
        if settings.ca_file and not self.ca_file.text():
            self.ca_file.setText(settings.ca_file)
        if settings.account:
            if not self.username.text():
                self.username.setText(settings.account.get("username", ""))
            self._show_account(settings.account.get("username", ""), settings.account.get("role", ""),
                               settings.account.get("region_code", ""), region, fresh=False)
            self.logout_button.setEnabled(True)
            self.password.setFocus()
        else:
            self.server.setFocus()
        self.loaded.emit()

    def _role_label(self, role: str) -> str:
        return {"village": self.tr("village account"), "township": self.tr("township account"),
                "county": self.tr("county account")}.get(role, role)

    def _show_account(self, username, role, code, region, *, fresh: bool) -> None:
        head = self.tr("Logged in.") if fresh else self.tr("Currently logged in.")
        text = self.tr("{head} Account {user} ({role}), region: {region}").format(
            head=head, user=username, role=self._role_label(role), region=region or code)
        if role in ("township", "county"):
            text += "\n" + self.tr("This account can view ledgers but cannot change them.")
        self._say(text, OK_STYLE)

    def _say(self, text: str, style: str = "") -> None:
        self.result.setStyleSheet(style)
        self.result.setText(text)

    # ------------------------------------------------------------------ certificate
    def _choose_ca(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the county CA certificate"))
        dialog.setNameFilter(self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.ca_file.setText)
        dialog.open()

    # ------------------------------------------------------------------ login
    def submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.login_button.setEnabled(False)
        self._say(self.tr("Connecting to the county server…"))
        self.controller.login(self.server.text(), self.username.text(), self.password.text(),
                              self.ca_file.text() or None, on_done=self._login_done, on_error=self._login_error)

    def _login_done(self, result: S.LoginResult) -> None:
        self._busy = False
        self.login_button.setEnabled(True)
        self.logout_button.setEnabled(True)
        self.password.clear()
        self.server.setText(result.server_url)
        self._show_account(result.username, result.role, result.region_code, result.region_name, fresh=True)
        self.logged_in.emit(result)

    def _login_error(self, exc: Exception) -> None:
        self._busy = False
        self.login_button.setEnabled(True)
        message = self._login_message(exc)
        self._say(message, ERROR_STYLE)
        self.login_failed.emit(message)

    def _login_message(self, exc: Exception) -> str:
        if isinstance(exc, S.DemoLedgerRefused):
            return self.tr("This ledger holds demo data (invented people), so it cannot log in to the county "
                           "server: the invented people would be uploaded. Choose File → Clear demo data… "
                           "first, then log in here.")
        if isinstance(exc, S.SetupError):
            return str(exc)
        if isinstance(exc, AuthFailed):
            return self.tr("Wrong username or password. Check them and try again; if you forgot the "
                           "password, ask the county administrator to reset it.")
        if isinstance(exc, ServerUnreachable):
            return self.tr("Cannot connect to {url}. Check that the address is typed correctly, that this "
                           "laptop is online, and (for https) that the certificate file is the county's."
                           ).format(url=self.server.text().strip())
        if isinstance(exc, SyncError):
            return exc.message
        import logging
        logging.getLogger(__name__).error("login failed with a bug", exc_info=exc)
        return self.tr("The program hit an error while logging in. Please send the log file to the county "
                       "IT staff.")

    def _logout(self) -> None:
        self.logout_button.setEnabled(False)

        def done(_):
            self._say(self.tr("Logged out. The ledger and unsent changes stay on this laptop; log in again "
                              "to continue syncing."))
            self.logged_out.emit()

        self.controller.logout(on_done=done, on_error=self._login_error)


def _log_quietly(exc: BaseException) -> None:
    """Reading the saved settings failed (a locked or damaged ledger): the window goes on without it, and the log
    keeps why."""
    log.warning("could not read the saved settings", exc_info=exc)
