"""Starting the window: the Qt application, its icon and language, the ledger file (a locked, corrupt or
too-new file is explained and the program ends cleanly), the error hook, the main window, sync, and on a
first run with an empty ledger the welcome (connect to the county server, practise with demo data, or
start alone)."""
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
from desktop import sync_support as S
from desktop.resources import resource_path

from .first_run import DemoMode, offer_welcome
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
    if not hasattr(app, "_collector"):   # cyclic garbage is freed on the GUI thread only (see gc_thread)
        from .gc_thread import MainThreadCollector
        app._collector = MainThreadCollector(app)
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


def fill_demo(parent: QWidget, ledger, runner, messages, events, households: int,
              on_filled=None) -> QProgressDialog:
    from desktop.demo import generate

    progress = QProgressDialog(QCoreApplication.translate("App", "Creating demo data…"), "", 0, households, parent)
    progress.setWindowTitle(QCoreApplication.translate("App", "Demo data"))
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    progress.open()

    def done(summary):
        progress.close()
        if on_filled is not None:
            on_filled()
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
    demo = S.is_demo_ledger(ledger.path)
    # the settings dialog opens by itself once for a ledger with data that is not logged in; an empty one
    # gets the welcome instead, and a demo ledger cannot log in at all
    session.sync = attach_sync_if_present(window, ledger, runner, messages, events, data_dir,
                                          first_run_dialog=not empty and not demo)
    window.demo_mode = DemoMode(window, ledger, runner, messages, events)
    window.demo_mode.set_active(demo)
    window.demo_mode.cleared.connect(lambda: offer_first_run(session))
    screen = app.primaryScreen().availableGeometry()
    if screen.width() < 1500 or screen.height() < 900:
        window.resize(screen.size())  # old laptops: 1366×768, use all of it (even without a
        window.showMaximized()        # window manager that honours "maximised")
    else:
        window.show()
    log.info("window shown %.2f s after start", time.perf_counter() - started)
    if empty and not S.read_settings(ledger.path).configured:
        offer_first_run(session)
    return session


def offer_first_run(session: Session):
    """The welcome on an empty ledger: connect to the county server, practise with demo data, or start
    alone. Kept as ``window.welcome`` (tests click it)."""
    window = session.window
    sync_ui = getattr(session.sync, "ui", None)

    def demo():
        fill_demo(window, session.ledger, session.runner, session.messages, session.events, DEMO_HOUSEHOLDS,
                  on_filled=lambda: window.demo_mode.set_active(True))

    def alone():
        session.messages.info(QCoreApplication.translate(
            "App", "Import your Excel ledger with File → Import Excel…, or add a household with Edit → New "
            "household. Log in to the county server from the Sync menu whenever you are ready."), 20000)

    window.welcome = offer_welcome(window, on_connect=sync_ui.open_settings if sync_ui is not None else None,
                                   on_demo=demo, on_alone=alone, demo_households=DEMO_HOUSEHOLDS)
    return window.welcome


def attach_sync_if_present(window, ledger, runner, messages, events, data_dir, first_run_dialog: bool):
    """Sync (``desktop.ui.sync``) adds its indicator and its 同步 menu; the window turns read-only for
    township and county accounts. On an empty ledger the welcome offers the sync settings instead."""
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
