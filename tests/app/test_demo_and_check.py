import subprocess
import sys
from datetime import date

from desktop.checks import ledger_report
from desktop.demo import generate
from desktop.domain.codes import Relation
from desktop.domain.idnumber import make_id_number, parse_id_number
from desktop.domain.models import Household, Person
from desktop.domain.regions import default_regions
from desktop.store.snapshot import load_snapshot

TODAY = date(2026, 11, 27)


def test_demo_ledger_is_valid_and_realistic(ledger):
    summary = generate(ledger, households=120, seed=7, today=TODAY)
    snap = load_snapshot(ledger.conn)
    assert summary.households == len(snap.households) == 120
    persons = list(snap.persons())
    assert summary.persons == len(persons) > 240
    regions = default_regions()
    assert all(regions.is_village(h.village_code) and h.village_code.startswith("6103")
               for h in snap.households.values())
    for person in persons:
        info = parse_id_number(person.id_number, regions, today=TODAY)
        assert (info.birth_date, info.sex) == (person.birth_date, person.sex)
    assert len({p.id_number for p in persons}) == len(persons)
    assert all(sum(m.relation is Relation.HEAD for m in members) == 1 for members in snap.members.values())
    report = ledger_report(ledger, today=TODAY)
    assert report.errors == 0 and report.pass_rate == 1.0


def test_the_same_seed_gives_the_same_people(tmp_path):
    from desktop.store.ledger import Ledger
    names = []
    for run in range(2):
        ledger = Ledger.open(tmp_path / f"{run}.sqlite")
        generate(ledger, households=30, seed=11, today=TODAY)
        names.append([r[0] for r in ledger.conn.execute("SELECT id_number FROM person ORDER BY id_number")])
        ledger.close()
    assert names[0] == names[1]


def test_check_reports_each_error_with_the_person_and_the_share_passing(ledger):
    generate(ledger, households=10, seed=3, today=TODAY)
    household = Household(village_code="610328100201", hh_no="X1")
    ledger.save(household)
    # a child registered as an ordinary labourer: a blocking age/labour error
    ledger.save(Person(household_id=household.id, name="王小宝", id_number=make_id_number("610328", date(2019, 1, 1), 11),
                       relation=Relation.HEAD))
    report = ledger_report(ledger, today=TODAY)
    text = report.describe()
    child_lines = [line for line in text.splitlines() if "王小宝" in line]
    assert any(line.startswith("[错误]") and "劳动技能" in line for line in child_lines)
    assert report.passing == report.persons - 1
    assert f"校验通过率 {report.pass_rate:.1%}" in text


def test_cli_demo_then_check(tmp_path):
    run = [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path)]
    made = subprocess.run(run + ["demo", "--households", "20"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert "20 户" in made.stdout
    checked = subprocess.run(run + ["check"], capture_output=True, text=True)
    assert checked.returncode == 0
    assert "校验通过率" in checked.stdout


def test_cli_usage_error_exits_2(tmp_path):
    bad = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "demo",
                          "--households", "zero"], capture_output=True, text=True)
    assert bad.returncode == 2
