"""Excel import dialog and export helper: through the real engine, real files in tmp_path."""
from datetime import date

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.domain.codes import Education, EmploymentForm, Relation, Sex
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.ui.events import LedgerEvents
from desktop.ui.import_dialog import ImportDialog, export_ledger_interactively, run_export
from desktop.ui.messages import Messages
from desktop.ui.runner import InlineRunner

# The offscreen platform cannot resize native windows, raise popups or grab the keyboard, and says so for
# every shown window or popup; these are limits of the test platform, not faults.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")


def fill(ledger, households=2):
    records = []
    for n in range(households):
        h = Household(village_code="610328100001", phone=f"1391234{n:04d}", hh_no=f"61032810010100{n:02d}")
        head = Person(household_id=h.id, name=f"张{'一二三四五六七八九'[n]}",
                      id_number=make_id_number("610328", date(1980, 1, 1 + n), 2 * n + 1), sex=Sex.MALE,
                      birth_date=date(1980, 1, 1 + n), relation=Relation.HEAD, education=Education.JUNIOR)
        spell = EmploymentSpell(person_id=head.id, form=EmploymentForm.MIGRANT, start_date=date(2026, 3, 1),
                                work_county_code="320583000000", employer="某厂")
        records += [h, head, spell]
    ledger.save_all(records)


@pytest.fixture
def events():
    return LedgerEvents()


@pytest.fixture
def messages():
    return Messages()


def test_export_writes_the_workbook_and_tells_the_counts(qtbot, ledger, messages, tmp_path):
    fill(ledger)
    target = tmp_path / "台账"
    with qtbot.waitSignal(messages.status) as status:
        run_export(ledger, InlineRunner(), messages, target)
    written = tmp_path / "台账.xlsx"
    assert written.exists()
    assert "2 户" in status.args[0] and "2 人" in status.args[0]
    book = openpyxl.load_workbook(written, read_only=True)
    assert set(book.sheetnames) >= {"户", "人员", "务工就业"}
    book.close()


def test_export_asks_where_to_save(qtbot, ledger, messages, tmp_path):
    fill(ledger, 1)
    dialog = export_ledger_interactively(ledger, InlineRunner(), messages, None, directory=str(tmp_path))
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.selectedFiles()[0].endswith(".xlsx")
    dialog.selectFile(str(tmp_path / "导出"))
    with qtbot.waitSignal(messages.status):
        dialog.accept()
    assert (tmp_path / "导出.xlsx").exists()
