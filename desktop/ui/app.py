"""Starting the window: the Qt application, its icon and language, the ledger file (a locked, corrupt or
too-new file is explained and the program ends cleanly), the error hook, the main window, and on a first
run with an empty ledger the offer of demo data."""
from __future__ import annotations

import functools
from dataclasses import dataclass
import logging
import os
import sys
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from desktop import paths
from desktop.resources import resource_path

from .translations import install_translations

log = logging.getLogger(__name__)
DEMO_HOUSEHOLDS = 300
DEMO_SEED = 2021


def create_application(lang: str | None) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("VillageLedger")
    app.setOrganizationName("VillageLedger")
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    font = app.font()
    if font.pointSizeF() < 10:  # older eyes, small laptop screens: never below 10 pt
        font.setPointSizeF(10)
    if sys.platform.startswith("win"):
        font.setFamilies(["Microsoft YaHei UI", "Microsoft YaHei", "SimSun"])
    else:
        font.setFamilies([font.family(), "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Droid Sans Fallback"])
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    app._translators = install_translations(app, lang)  # keep them alive with the app
    return app


def install_excepthook(messages) -> None:
    """Bugs that reach the event loop are logged and reported calmly, never as a traceback."""
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        try:
            messages.error(exc)
        except Exception:  # noqa: BLE001 - reporting must never raise
            log.exception("could not report an error")
    sys.excepthook = hook


def show_fatal(text: str) -> None:
    """A message before the window exists (the only place a blocking exec() is fine: no flow runs)."""
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("App", "Village employment ledger"), text,
                      QMessageBox.StandardButton.Ok)
    box.exec()


def open_ledger(path):
    """The ledger, or ``None`` after telling the user why it cannot be opened."""
    from desktop.errors import UserError
    from desktop.store.ledger import Ledger
    try:
        return Ledger.open(path)
    except UserError as exc:
        log.warning("cannot open ledger %s: %s", path, exc)
        show_fatal(str(exc))
    except Exception:  # noqa: BLE001 - a bug while opening: logged, explained, clean exit
        log.exception("unexpected error opening %s", path)
        show_fatal(QCoreApplication.translate("App", "The ledger file could not be opened because of a program error.\n"
                       "Please send the log file to the county IT staff:\n%1")
                   .replace("%1", str(paths.log_path(path.parent))))
    return None


def offer_demo(window, ledger, runner, messages, events, households: int | None = None) -> QMessageBox:
    """Ask (non-modally) whether to fill the empty ledger with demo data; returns the open question."""
    households = households or DEMO_HOUSEHOLDS
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("App", "Empty ledger"), QCoreApplication.translate("App", 
        "The ledger is still empty.\n\nFill it with demo data (%1 made-up households of Baoji villages) "
        "to try the program?\nChoose No to start with your own data (File → Import Excel…).")
        .replace("%1", str(households)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.accepted.connect(lambda: fill_demo(window, ledger, runner, messages, events, households))
    box.open()
    return box


def fill_demo(parent: QWidget, ledger, runner, messages, events, households: int) -> QProgressDialog:
    from desktop.demo import generate

    progress = QProgressDialog(QCoreApplication.translate("App", "Creating demo data…"), "", 0, households, parent)
    progress.setWindowTitle(QCoreApplication.translate("App", "Demo data"))
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    progress.open()

    def done(summary):
        progress.close()
        events.reloaded.emit()
        messages.info(QCoreApplication.translate("App", "Demo data created: %1 households, %2 persons, %3 jobs.")
                      .replace("%1", str(summary.households)).replace("%2", str(summary.persons))
                      .replace("%3", str(summary.spells)), 10000)

    def failed(exc):
        progress.close()
        messages.error(exc)

    runner.run(functools.partial(generate, ledger, households=households, seed=DEMO_SEED),
               on_done=done, on_error=failed, on_progress=lambda n, total, _what: progress.setValue(n))
    return progress


@dataclass
class Session:
    """What ``start_gui`` set up; ``close()`` ends it in order (sync, running tasks, connections)."""
    app: QApplication
    ledger: object
    runner: object
    messages: object
    events: object
    reader: object
    window: object
    sync: object | None = None

    def close(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        self.runner.wait_idle()
        self.reader.close_all()
        self.ledger.close()


def start_gui(args) -> Session | None:
    """Everything before the event loop: application, ledger (``None`` after explaining why it cannot
    be opened), error hook, runner, main window, sync (when that module is there), demo offer."""
    started = time.perf_counter()
    from desktop.domain.regions import default_regions
    from desktop.store.queries import Reader, totals

    from .events import LedgerEvents
    from .main_window import MainWindow
    from .messages import Messages
    from .runner import Runner

    app = create_application(getattr(args, "lang", None))
    data_dir = getattr(args, "data_dir", None)
    ledger = open_ledger(paths.ledger_path(data_dir))
    if ledger is None:
        return None
    messages = Messages(None, str(paths.log_path(data_dir)))
    install_excepthook(messages)
    runner = Runner(error_sink=messages.error)
    events = LedgerEvents()
    reader = Reader(ledger.path)
    window = MainWindow(ledger, runner, messages, events, default_regions(), reader=reader)
    messages.set_parent_widget(window)
    messages.setParent(window)
    session = Session(app, ledger, runner, messages, events, reader, window)
    empty = totals(reader.conn()).households == 0
    session.sync = attach_sync_if_present(window, ledger, runner, messages, events, data_dir,
                                          first_run_dialog=not empty)
    screen = app.primaryScreen().availableGeometry()
    if screen.width() < 1500 or screen.height() < 900:
        window.resize(screen.size())  # old laptops: 1366×768, use all of it (even without a
        window.showMaximized()        # window manager that honours "maximised")
    else:
        window.show()
    log.info("window shown %.2f s after start", time.perf_counter() - started)
    if empty:
        window.demo_offer = offer_demo(window, ledger, runner, messages, events)
    return session


def attach_sync_if_present(window, ledger, runner, messages, events, data_dir, first_run_dialog: bool):
    """Sync (``desktop.ui.sync``) adds its indicator and its 同步 menu; the window turns read-only for
    township accounts. On an empty ledger
    the demo offer comes first and the sync settings wait for the menu."""
    try:
        from .sync import attach_sync
    except ImportError:
        return None
    controller = attach_sync(window, ledger, runner, messages, events, data_dir or paths.default_data_dir(),
                             first_run_dialog=first_run_dialog)
    controller.read_only_changed.connect(window.set_read_only)
    return controller


def run_gui(args) -> int:
    session = start_gui(args)
    if session is None:
        return 1
    if os.environ.get("VILLAGE_LEDGER_SMOKE_TEST"):
        # Packaging check (tests/build): the frozen app got as far as a shown window; leave at once.
        print("window shown", flush=True)
        QTimer.singleShot(0, session.app.quit)
    try:
        return session.app.exec()
    finally:
        session.close()
