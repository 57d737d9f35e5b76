"""The person form (人员信息): new or edit one member of a household.

Checks as you type with ``validation.validate_person``; each problem is shown in Chinese under its field
(red = must fix, amber = please check). A valid ID number fills 出生日期 and 性别 (15-digit numbers are
upgraded to 18, lower-case x is accepted). Save refuses while errors remain and asks before saving with
warnings; Esc asks before discarding edits. Reads and the write go through the runner."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QWidget,
)

from desktop.domain.codes import (
    Education, Health, IdType, Intention, LabourSkill, PersonStatus, PoliticalStatus, Relation,
    SchoolStatus, Severity, Sex,
)
from desktop.domain.idnumber import InvalidIdNumber, normalize_id_text, parse_id_number
from desktop.domain.models import Household, Person
from desktop.domain.validation import Issue, validate_person
from desktop.store.errors import DuplicateIdNumber

from .widgets.enum_combo import BoolCombo, EnumCombo
from .widgets.date_edit import OptionalDateEdit
from .widgets.record_dialog import RecordDialog

ETHNIC_GROUPS = (
    "汉族", "回族", "满族", "蒙古族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "侗族",
    "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族",
    "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族",
    "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族",
    "门巴族", "珞巴族", "基诺族",
)
DISABILITY_CATEGORIES = ("视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾")


class _Context:
    """What the checks need besides the form: the household, its members, the person's spells."""

    def __init__(self, household: Household | None, members: list[Person], spells: list, person: Person | None):
        self.household, self.members, self.spells, self.person = household, members, spells, person


class HealthPicker(QWidget):
    """健康状况 as check boxes; ``value()`` is the labels joined by "," in code-list order."""

    valueChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {h: QCheckBox(h.value, self) for h in Health}
        for box in self.boxes.values():
            layout.addWidget(box)
            box.toggled.connect(lambda _on: self.valueChanged.emit(self.value()))
        layout.addStretch(1)

    def value(self) -> str:
        return ",".join(h.value for h, box in self.boxes.items() if box.isChecked())

    def setValue(self, text: str | None) -> None:  # noqa: N802
        parts = {p.strip() for p in (text or "").replace("，", ",").split(",") if p.strip()}
        for h, box in self.boxes.items():
            box.setChecked(h.value in parts)


class PersonForm(RecordDialog):
    def __init__(self, ledger, runner, messages, events, regions, household_id: str,
                 person_id: str | None = None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(messages, parent, existing=person_id is not None)
        self.ledger, self.runner, self.events, self.regions = ledger, runner, events, regions
        self.household_id = household_id
        self.person_id = person_id
        self.today = today or date.today()
        self._context: _Context | None = None
        self._base: Person | None = None
        self._holders: dict[str, str | None] = {}  # id number -> name of the other holder (None: free)
        self._asking: set[str] = set()
        self.setWindowTitle(self.tr("Edit person") if person_id else self.tr("New household member"))
        self._build()
        self.setEnabled(False)
        self.runner.run(self._load, household_id, person_id, on_done=self._loaded, on_error=self._load_failed)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(30)
        self.id_type_combo = EnumCombo(IdType, allow_empty=False)
        self.id_edit = QLineEdit(self)
        self.id_edit.setMaxLength(24)
        self.id_edit.setPlaceholderText(self.tr("18 digits (old 15-digit numbers are upgraded)"))
        self.id_note = QLabel(self)
        self.id_note.setStyleSheet("color: #555;")
        self.id_note.setVisible(False)
        self.sex_combo = EnumCombo(Sex)
        self.birth_edit = OptionalDateEdit(self)
        self.ethnicity_combo = QComboBox(self)
        self.ethnicity_combo.setEditable(True)
        self.ethnicity_combo.addItems(ETHNIC_GROUPS)
        self.relation_combo = EnumCombo(Relation, allow_empty=False)
        self.status_combo = EnumCombo(PersonStatus, allow_empty=False)
        self.health_picker = HealthPicker(self)
        self.disability_combo = QComboBox(self)
        self.disability_combo.setEditable(True)
        self.disability_combo.addItems(("",) + DISABILITY_CATEGORIES)
        self.labour_combo = EnumCombo(LabourSkill, allow_empty=False)
        self.student_check = QCheckBox(self.tr("Currently a student (在校生)"), self)
        self.education_combo = EnumCombo(Education)
        self.school_combo = EnumCombo(SchoolStatus)
        self.political_combo = EnumCombo(PoliticalStatus)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(20)
        self.mandarin_combo = BoolCombo()
        self.dibao_combo = BoolCombo()
        self.tekun_combo = BoolCombo()
        self.work_intention_combo = EnumCombo(Intention)
        self.training_intention_combo = EnumCombo(Intention)
        self.person_no_edit = QLineEdit(self)
        self.note_edit = QLineEdit(self)

        basic = QGroupBox(self.tr("Basic facts"), self)
        g = QGridLayout(basic)
        r = self.add_field(g, 0, self.tr("&Name"), "name", self.name_edit)
        r = self.add_field(g, r, self.tr("ID type"), "id_type", self.id_type_combo)
        r = self.add_field(g, r, self.tr("&ID number"), "id_number", self.id_edit)
        g.addWidget(self.id_note, r, 1)
        r = self.add_field(g, r + 1, self.tr("Sex"), "sex", self.sex_combo)
        r = self.add_field(g, r, self.tr("Date of birth"), "birth_date", self.birth_edit)
        r = self.add_field(g, r, self.tr("&Relation to head"), "relation", self.relation_combo)
        r = self.add_field(g, r, self.tr("Ethnicity"), "ethnicity", self.ethnicity_combo)
        r = self.add_field(g, r, self.tr("Person status"), "status", self.status_combo)
        g.setRowStretch(r, 1)

        ability = QGroupBox(self.tr("Health, schooling and labour"), self)
        g = QGridLayout(ability)
        r = self.add_field(g, 0, self.tr("Health"), "health", self.health_picker)
        r = self.add_field(g, r, self.tr("Disability type"), "disability_category", self.disability_combo)
        r = self.add_field(g, r, self.tr("&Labour skill"), "labour_skill", self.labour_combo)
        g.addWidget(self.student_check, r, 1)
        self.student_check.toggled.connect(self._school_mode)
        self.watch(self.student_check, "school_status")
        r = self.add_field(g, r + 1, self.tr("Education"), "education", self.education_combo)
        r = self.add_field(g, r, self.tr("School status"), "school_status", self.school_combo)
        r = self.add_field(g, r, self.tr("Work intention"), "work_intention", self.work_intention_combo)
        r = self.add_field(g, r, self.tr("Training intention"), "training_intention",
                           self.training_intention_combo)
        g.setRowStretch(r, 1)

        other = QGroupBox(self.tr("Other"), self)
        g = QGridLayout(other)
        r = self.add_field(g, 0, self.tr("Phone"), "phone", self.phone_edit)
        r = self.add_field(g, r, self.tr("Political status"), "political_status", self.political_combo)
        r = self.add_field(g, r, self.tr("Speaks Mandarin"), "speaks_mandarin", self.mandarin_combo)
        r = self.add_field(g, r, self.tr("Receives dibao"), "dibao", self.dibao_combo)
        r = self.add_field(g, r, self.tr("Extreme-poverty support"), "tekun", self.tekun_combo)
        r = self.add_field(g, r, self.tr("Person no. (national)"), "person_no", self.person_no_edit)
        r = self.add_field(g, r, self.tr("Note"), "note", self.note_edit)
        g.setRowStretch(r, 1)

        body = QHBoxLayout()
        body.addWidget(basic, 1)
        body.addWidget(ability, 1)
        body.addWidget(other, 1)
        self.frame(body)
        self._school_mode(False)

        order = [self.name_edit, self.id_type_combo, self.id_edit, self.sex_combo, self.birth_edit,
                 self.relation_combo, self.ethnicity_combo, self.status_combo,
                 *self.health_picker.boxes.values(), self.disability_combo, self.labour_combo,
                 self.student_check, self.education_combo, self.school_combo, self.work_intention_combo,
                 self.training_intention_combo, self.phone_edit, self.political_combo, self.mandarin_combo,
                 self.dibao_combo, self.tekun_combo, self.person_no_edit, self.note_edit,
                 self.save_button, self.cancel_button]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self.resize(1080, self.sizeHint().height())

    def _school_mode(self, student: bool) -> None:
        """Education XOR school status: a student fills 在校生状况, everyone else 文化程度."""
        if self._filling:
            return
        self.education_combo.setEnabled(not student)
        self.school_combo.setEnabled(student)
        if student:
            self.education_combo.setValue(None)
        else:
            self.school_combo.setValue(None)

    # ------------------------------------------------------------------ loading (background)
    def _load(self, household_id: str, person_id: str | None) -> _Context:
        household = self.ledger.household(household_id)
        members = self.ledger.members(household_id)
        person = self.ledger.person(person_id) if person_id else None
        spells = self.ledger.spells(person_id) if person_id else []
        return _Context(household, members, spells, person)

    def _loaded(self, context: _Context) -> None:
        self._context = context
        self.setEnabled(True)
        person = context.person
        if person is None:
            default_relation = Relation.HEAD if not any(
                m.relation is Relation.HEAD and m.status.in_ledger for m in context.members) else Relation.OTHER
            person = Person(household_id=self.household_id, name="", id_number="", relation=default_relation)
        self._base = person
        self._fill(person)
        if person.id_number:
            self._ask_holder(person.id_number)
        self.name_edit.setFocus()

    def _load_failed(self, exc: Exception) -> None:
        self.messages.error(exc)
        self._dirty = False
        super(RecordDialog, self).reject()

    def _fill(self, p: Person) -> None:
        self.begin_fill()
        self.name_edit.setText(p.name or "")
        self.id_type_combo.setValue(p.id_type)
        self.id_edit.setText(p.id_number or "")
        self.sex_combo.setValue(p.sex)
        self.birth_edit.setDate(p.birth_date)
        self.relation_combo.setValue(p.relation)
        self.ethnicity_combo.setCurrentText(p.ethnicity or "")
        self.status_combo.setValue(p.status)
        self.health_picker.setValue(p.health)
        self.disability_combo.setCurrentText(p.disability_category or "")
        self.labour_combo.setValue(p.labour_skill)
        student = p.school_status is not None and p.education is None
        self.student_check.setChecked(student)
        self.education_combo.setEnabled(not student)
        self.school_combo.setEnabled(student)
        self.education_combo.setValue(p.education)
        self.school_combo.setValue(p.school_status)
        self.political_combo.setValue(p.political_status)
        self.phone_edit.setText(p.phone or "")
        self.mandarin_combo.setValue(p.speaks_mandarin)
        self.dibao_combo.setValue(p.dibao)
        self.tekun_combo.setValue(p.tekun)
        self.work_intention_combo.setValue(p.work_intention)
        self.training_intention_combo.setValue(p.training_intention)
        self.person_no_edit.setText(p.person_no or "")
        self.note_edit.setText(p.note or "")
        self._show_id_note()
        self.end_fill()

    # ------------------------------------------------------------------ reacting to edits
    def after_edit(self, field: str) -> None:
        if field == "id_number" or field == "id_type":
            info = self._id_info()
            if info is not None:
                self.sex_combo.setValue(info.sex)
                self.birth_edit.setDate(info.birth_date)
                self._ask_holder(info.number)
            self._show_id_note()

    def _id_info(self):
        if self.id_type_combo.value() is IdType.OTHER:
            return None
        text = normalize_id_text(self.id_edit.text())
        if self.id_type_combo.value() is IdType.DISABILITY and len(text) in (20, 22):
            text = text[:18]
        try:
            return parse_id_number(text, self.regions, today=self.today)
        except InvalidIdNumber:
            return None

    def _show_id_note(self) -> None:
        info = self._id_info()
        if info is not None and info.original is not None:
            self.id_note.setText(self.tr("Old 15-digit number; will be saved as %1").replace("%1", info.number))
            self.id_note.setVisible(True)
        else:
            self.id_note.setVisible(False)

    def _ask_holder(self, number: str) -> None:
        """Find out in the background whether another person holds ``number`` (and who)."""
        key = normalize_id_text(number)
        if key in self._holders or key in self._asking:
            return
        self._asking.add(key)

        def done(holder):
            self._asking.discard(key)
            self._holders[key] = holder
            self.revalidate()

        self.runner.run(self._holder_of, key, self.person_id or (self._base.id if self._base else None),
                        on_done=done, on_error=lambda exc: (self._asking.discard(key), self.messages.error(exc)))

    def _holder_of(self, number: str, own_id: str | None) -> str | None:
        holder = self.ledger.person_by_id_number(number)
        if holder is None or holder.id == own_id:
            return None
        return self._describe(holder)

    def _describe(self, holder: Person) -> str:
        try:
            village = self.regions.short_name(self.ledger.household(holder.household_id).village_code)
        except Exception:  # noqa: BLE001 - only decoration of the message
            village = ""
        return f"{holder.name}（{village}）" if village else holder.name

    # ------------------------------------------------------------------ collect and check
    def collect(self) -> Person:
        base = self._base or Person(household_id=self.household_id, name="", id_number="")
        info = self._id_info()
        raw_id = normalize_id_text(self.id_edit.text())
        number, original = raw_id, base.id_original
        if info is not None:
            number = info.number + (raw_id[18:] if len(raw_id) in (20, 22) else "")
            original = info.original if info.original else (base.id_original if base.id_number == number else None)
        student = self.student_check.isChecked()
        return replace(
            base, household_id=self.household_id, name=self.name_edit.text().strip(),
            id_type=self.id_type_combo.value(), id_number=number, id_original=original,
            sex=self.sex_combo.value(), birth_date=self.birth_edit.date(), relation=self.relation_combo.value(),
            ethnicity=self.ethnicity_combo.currentText().strip() or None, status=self.status_combo.value(),
            health=self.health_picker.value(), disability_category=self.disability_combo.currentText().strip() or None,
            labour_skill=self.labour_combo.value(),
            education=None if student else self.education_combo.value(),
            school_status=self.school_combo.value() if student else None,
            political_status=self.political_combo.value(), phone=self.phone_edit.text().strip() or None,
            speaks_mandarin=self.mandarin_combo.value(), dibao=self.dibao_combo.value(),
            tekun=self.tekun_combo.value(), work_intention=self.work_intention_combo.value(),
            training_intention=self.training_intention_combo.value(),
            person_no=self.person_no_edit.text().strip() or None, note=self.note_edit.text().strip() or None)

    def check(self, person: Person) -> list[Issue]:
        if self._context is None:
            return []
        issues = validate_person(person, self._context.household, self._context.members, self._context.spells,
                                 self.regions, self.today, self._id_taken)
        issues = [self._name_holder(i, person) for i in issues]
        problem = self.birth_edit.problem()
        if problem:
            issues = [i for i in issues if i.field != "birth_date"]
            issues.append(Issue(Severity.ERROR, "birth_date", "form.date", f"出生日期：{problem}"))
        return issues

    def _id_taken(self, number: str, _person_id: str) -> bool:
        return bool(self._holders.get(number))

    def _name_holder(self, issue: Issue, person: Person) -> Issue:
        if issue.code != "id.duplicate":
            return issue
        holder = self._holders.get(person.id_number[:18]) or self._holders.get(person.id_number)
        return replace(issue, message=f"证件号码：{person.id_number} 已登记在 {holder} 名下，同一证件号码只能登记一次")

    # ------------------------------------------------------------------ writing (background)
    def write(self, person: Person) -> None:
        self.runner.run(self._save, person, self._describe, on_done=self._written, on_error=self._write_error)

    def _save(self, person: Person, describe) -> str:
        with self.ledger.transaction():
            holder = self.ledger.person_by_id_number(person.id_number)
            if holder is not None and holder.id != person.id:
                error = DuplicateIdNumber(person.id_number, describe(holder))
                error.holder = describe(holder)
                raise error
            self.ledger.save(person)
        return person.id

    def _written(self, person_id: str) -> None:
        self.events.changed.emit("person", [person_id])
        self.write_done(person_id)

    def _write_error(self, exc: Exception) -> None:
        if isinstance(exc, DuplicateIdNumber):
            self._holders[exc.id_number] = getattr(exc, "holder", "另一人")
            self.revalidate()
        self.write_failed(exc)
