"""Cyclic garbage is collected on the GUI thread only: a parentless widget caught in a reference cycle is
deleted by the GUI thread's timer, never by a runner thread that happens to allocate."""
import gc
import threading
import weakref

from PySide6.QtWidgets import QWidget

from desktop.ui.gc_thread import MainThreadCollector


def test_automatic_collection_is_off_and_the_gui_thread_collects(qtbot):
    collector = MainThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        widget = QWidget()
        widget.cycle = widget                     # only the cyclic collector can free it
        gone = weakref.ref(widget)
        del widget
        garbage = [[] for _ in range(3000)]       # allocations on a worker thread: nothing collected there
        worker = threading.Thread(target=lambda: [[x] for x in garbage])
        worker.start()
        worker.join()
        assert gone() is not None
        for _ in range(3):
            garbage += [[] for _ in range(gc.get_threshold()[0] + 1)]
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)    # freed by the timer, on this thread
    finally:
        collector.stop()
    assert gc.isenabled()
