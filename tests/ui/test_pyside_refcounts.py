"""Guards against the PySide6 6.12.0 reference-count bugs that abort the interpreter after a few
thousand signal emissions or combo reads: a long session or a big import would crash the app."""
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox


class _Emitter(QObject):
    happened = Signal(object)


def test_emitting_from_python_keeps_reference_counts(qapp):
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.happened.emit(1)
    assert abs(sys.getrefcount(True) - before) < 10


def test_reading_combo_item_data_keeps_reference_counts(qapp):
    combo = QComboBox()
    combo.addItem("全部", None)
    before = sys.getrefcount(None)
    for _ in range(200):
        combo.currentData()
    assert abs(sys.getrefcount(None) - before) < 10
