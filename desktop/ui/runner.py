"""The one background runner. Every database-heavy or network call of the window goes through
``Runner.run``: the function runs on a worker thread and returns plain data; ``on_done`` / ``on_error`` /
``on_progress`` are called on the GUI thread, where widgets may be touched. The function must never touch
a widget.

Tests swap in ``InlineRunner``, which runs the function at once on the calling thread.
"""
from __future__ import annotations

import inspect
import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]  # (done, total, what)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Task(QRunnable):
    def __init__(self, fn: Callable, args: tuple, kwargs: dict, signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._args, self._kwargs, self._signals = fn, args, kwargs, signals

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except Exception as exc:  # noqa: BLE001 - handed to on_error on the GUI thread
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


def receiver_gone(callback: Callable | None) -> bool:
    """True when ``callback`` is a method of a Qt object that has been deleted meanwhile (a dialog the
    user closed while its task ran): calling it would raise, so the result is dropped."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


def _wants_progress(fn: Callable) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class Runner(QObject):
    """Runs functions off the GUI thread; ``error_sink`` receives errors nobody else handled."""

    def __init__(self, error_sink: Callable[[Exception], None] | None = None, parent: QObject | None = None,
                 max_threads: int = 2):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._error_sink = error_sink
        self._alive: set[_Signals] = set()

    def run(self, fn: Callable[..., Any], *args, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None,
            on_progress: ProgressCallback | None = None, **kwargs) -> None:
        signals = _Signals()  # lives on the GUI thread, so its slots run there
        self._alive.add(signals)
        if on_progress is not None and _wants_progress(fn):
            signals.progress.connect(on_progress)
            kwargs["progress"] = signals.progress.emit

        def finish(callback, value):
            self._alive.discard(signals)
            signals.deleteLater()
            if callback is not None and receiver_gone(callback):
                if isinstance(value, Exception):
                    log.warning("a task failed after its window was closed", exc_info=value)
                return
            if callback is not None:
                callback(value)

        signals.done.connect(lambda result: finish(on_done, result))
        signals.failed.connect(lambda exc: finish(on_error or self._report, exc))
        self._pool.start(_Task(fn, args, kwargs, signals))

    def wait_idle(self, msecs: int = 30000) -> bool:
        """For shutdown: let running tasks finish so no write is cut in half."""
        return self._pool.waitForDone(msecs)

    def _report(self, exc: Exception) -> None:
        if self._error_sink is not None:
            self._error_sink(exc)
        else:
            log.error("background task failed", exc_info=exc)


class InlineRunner:
    """Test double: runs the function immediately on the calling thread."""

    def __init__(self, error_sink: Callable[[Exception], None] | None = None):
        self._error_sink = error_sink

    def run(self, fn, *args, on_done=None, on_error=None, on_progress=None, **kwargs) -> None:
        if on_progress is not None and _wants_progress(fn):
            kwargs["progress"] = on_progress
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            handler = on_error or self._error_sink
            if handler is None:
                raise
            handler(exc)
        else:
            if on_done is not None:
                on_done(result)

    def wait_idle(self, msecs: int = 0) -> bool:
        return True
