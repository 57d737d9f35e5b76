import json
import subprocess
import sys
from datetime import date

import pytest

from desktop.domain.codes import EmploymentForm, LabourSkill, Relation, Sex
from desktop.domain.models import EmploymentSpell, Household, Person
from desktop.store.errors import RecordNotFound
from desktop.store.ledger import Ledger

VILLAGE = "610328100201"


def _household_with_head(ledger):
    household = Household(village_code=VILLAGE, hh_no="6103281001000001")
    head = Person(household_id=household.id, name="张三", id_number="610328198507150036", sex=Sex.MALE,
                  birth_date=date(1985, 7, 15), relation=Relation.HEAD)
    ledger.save(household)
    ledger.save(head)
    return household, head


def _outbox(ledger):
    rows = ledger.conn.execute("SELECT entity, record_id, fields, base, state FROM outbox ORDER BY seq")
    return [(e, r, json.loads(f), json.loads(b), s) for e, r, f, b, s in rows]


def test_saving_a_new_record_writes_it_and_one_change_with_all_its_fields(ledger):
    household, head = _household_with_head(ledger)
    assert ledger.person(head.id) == head
    changes = _outbox(ledger)
    assert [(c[0], c[1]) for c in changes] == [("household", household.id), ("person", head.id)]
    assert changes[1][2]["name"] == "张三" and changes[1][2]["birth_date"] == "1985-07-15"
    assert ledger.sync_state(Person, head.id) == "pending"


def test_an_edit_records_only_the_changed_fields_with_their_base_versions(ledger):
    _, head = _household_with_head(ledger)
    ledger.conn.execute("UPDATE person SET server_versions = ? WHERE id = ?",
                        (json.dumps({"phone": 17, "name": 3}), head.id))
    head.phone = "13912345678"
    assert ledger.save(head) == {"phone": "13912345678"}
    assert _outbox(ledger)[-1][2:4] == ({"phone": "13912345678"}, {"phone": 17})


def test_saving_an_unchanged_record_writes_no_change(ledger):
    _, head = _household_with_head(ledger)
    before = len(_outbox(ledger))
    assert ledger.save(ledger.person(head.id)) == {}
    assert len(_outbox(ledger)) == before


def test_a_failed_transaction_leaves_neither_the_record_nor_its_change(ledger):
    household = Household(village_code=VILLAGE)
    with pytest.raises(RuntimeError):
        with ledger.transaction():
            ledger.save(household)
            raise RuntimeError("power cut")
    with pytest.raises(RecordNotFound):
        ledger.household(household.id)
    assert _outbox(ledger) == []


def test_deleting_a_household_cascades_and_undo_restores_exactly_it(ledger):
    household, head = _household_with_head(ledger)
    spell = EmploymentSpell(person_id=head.id, form=EmploymentForm.MIGRANT, start_date=date(2021, 3, 1),
                            work_county_code="320506000000")
    ledger.save(spell)
    deletion = ledger.delete(Household, household.id)
    assert deletion.items == [("household", household.id), ("person", head.id), ("employment", spell.id)]
    assert ledger.members(household.id) == []
    with pytest.raises(RecordNotFound):
        ledger.person(head.id)
    ledger.restore(deletion)
    assert ledger.members(household.id) == [head]
    assert ledger.spells(head.id) == [spell]
    # delete and undo each travel as ordinary field changes
    assert [c[2] for c in _outbox(ledger)[-6:]] == [{"deleted": 1}] * 3 + [{"deleted": 0}] * 3


def test_an_edit_sends_a_rejected_change_of_the_same_record_again(ledger):
    _, head = _household_with_head(ledger)
    ledger.conn.execute("UPDATE outbox SET state = 'error', error = '证件号码重复' WHERE record_id = ?",
                        (head.id,))
    head.labour_skill = LabourSkill.SKILLED
    ledger.save(head)
    assert {c[4] for c in _outbox(ledger) if c[1] == head.id} == {"pending"}


def test_insert_new_writes_rows_and_changes_in_bulk(ledger):
    households = [Household(village_code=VILLAGE) for _ in range(50)]
    people = [Person(household_id=h.id, name="李四", id_number=f"61032819850715{i:04d}", relation=Relation.HEAD)
              for i, h in enumerate(households)]
    assert ledger.insert_new([*households, *people]) == 100
    assert ledger.count(Person) == 50 and ledger.pending_count() == 100
    assert ledger.person(people[7].id) == people[7]


def test_id_taken_ignores_the_person_itself_and_deleted_persons(ledger):
    _, head = _household_with_head(ledger)
    assert ledger.id_taken(head.id_number, None)
    assert not ledger.id_taken(head.id_number, head.id)
    ledger.delete(Person, head.id)
    assert not ledger.id_taken(head.id_number, None)


def test_a_saved_record_survives_a_killed_process(tmp_path):
    path = tmp_path / "l.sqlite"
    script = (
        "import os, sys\n"
        "from desktop.store.ledger import Ledger\n"
        "from desktop.domain.models import Household\n"
        "ledger = Ledger.open(sys.argv[1])\n"
        "ledger.save(Household(village_code='610328100201', id='01a00000-0000-7000-8000-000000000001'))\n"
        "os._exit(0)  # no close, no checkpoint: as if the process were killed\n")
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    reopened = Ledger.open(path)
    assert reopened.household("01a00000-0000-7000-8000-000000000001").village_code == "610328100201"
    assert reopened.pending_count() == 1
    reopened.close()
