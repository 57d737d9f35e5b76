"""Fixtures of the window tests: a small ledger with known people, the real background runner (tests
wait on signals or conditions, never sleep), and the Chinese translations when a test asks for them."""
from datetime import date, timedelta

import pytest

from desktop.domain.codes import EmploymentForm, HouseholdType, LabourSkill, MonitorCategory, Relation, Sex
from desktop.domain.idnumber import make_id_number
from desktop.domain.models import EmploymentSpell, Household, Person

TODAY = date(2026, 11, 27)
VILLAGE_A = "610328100001"
VILLAGE_B = "610328100002"


def person(household, name, relation, birth, order, **kw):
    return Person(household_id=household.id, name=name, relation=relation, birth_date=birth,
                  id_number=make_id_number("610328", birth, order),
                  sex=Sex.MALE if order % 2 else Sex.FEMALE, **kw)


def sample_records(today: date = TODAY):
    """Three households: 张三's (张三 works since 2025), 李四's (a zero-employment household whose last
    job ended in March 2026, so overdue), 王五's (一般农户, no labour: not zero-employment)."""
    zhang = Household(village_code=VILLAGE_A, hh_no="6103281000010001", phone="13912345678")
    li = Household(village_code=VILLAGE_A, hh_no="6103281000010002", phone="13800001111",
                   monitor_category=MonitorCategory.EDGE)
    wang = Household(village_code=VILLAGE_B, hh_no="6103281000020001", hh_type=HouseholdType.ORDINARY)
    zhang_san = person(zhang, "张三", Relation.HEAD, date(1980, 5, 1), 1, phone="13912345678")
    zhang_wife = person(zhang, "曾梅", Relation.SPOUSE, date(1982, 6, 2), 2, labour_skill=LabourSkill.WEAK)
    li_si = person(li, "李四", Relation.HEAD, date(1975, 1, 9), 3, labour_skill=LabourSkill.SKILLED)
    wang_wu = person(wang, "王五", Relation.HEAD, date(1950, 2, 3), 5, labour_skill=LabourSkill.LOST)
    job = EmploymentSpell(person_id=zhang_san.id, form=EmploymentForm.MIGRANT, start_date=date(2025, 3, 1),
                          work_county_code="440300000000")
    old_job = EmploymentSpell(person_id=li_si.id, form=EmploymentForm.LOCAL, start_date=date(2025, 6, 1),
                              end_date=date(2026, 3, 10), work_county_code="610328000000")
    return {"zhang": zhang, "li": li, "wang": wang, "zhang_san": zhang_san, "zhang_wife": zhang_wife,
            "li_si": li_si, "wang_wu": wang_wu, "job": job, "old_job": old_job}


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread():
    """As the program does (desktop/ui/gc_thread.py): no automatic cyclic collection during a window test,
    so a cycle holding a parentless test widget is never freed on a runner thread (Qt objects must be
    deleted on their own thread); collected here, on the GUI thread, after the test."""
    import gc
    enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if enabled:
        gc.enable()


@pytest.fixture
def sample(ledger):
    records = sample_records()
    ledger.insert_new(records.values())
    return records


@pytest.fixture
def zh(qapp):
    """The Chinese interface, as the program starts by default."""
    from desktop.ui.translations import install_translations, remove_translations
    translators = install_translations(qapp, None)
    yield translators
    remove_translations(qapp, translators)


@pytest.fixture
def runner():
    from desktop.ui.runner import Runner
    errors = []
    real = Runner(error_sink=errors.append)
    real.errors = errors
    yield real
    assert real.wait_idle(30000)
    assert errors == []


@pytest.fixture
def make_window(qtbot, ledger, runner):
    """Build the main window over ``ledger`` and wait until its lists are loaded."""
    from desktop.domain.regions import default_regions
    from desktop.store.queries import Reader
    from desktop.ui.events import LedgerEvents
    from desktop.ui.main_window import MainWindow
    from desktop.ui.messages import Messages

    readers = []

    def make(tab: int = 0):
        reader = Reader(ledger.path)
        readers.append(reader)
        window = MainWindow(ledger, runner, Messages(), LedgerEvents(), default_regions(), reader=reader,
                            today=TODAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: not window.persons.busy and not window.households.busy
                        and window.zero_scan is not None and window.totals is not None)
        window.tabs.setCurrentIndex(tab)  # only the list on screen follows the search box
        qtbot.waitUntil(lambda: not window.persons.busy and not window.households.busy)
        return window

    yield make
    runner.wait_idle(30000)
    for reader in readers:
        reader.close_all()
