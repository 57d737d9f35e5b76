"""The ledger-wide validation report (``village-ledger check``): every rule of domain.md §5 over every
live household, person and employment spell, and the share of persons with no blocking error (校验通过率,
the measurable side of the "accuracy ≥ 98%" target)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.codes import Severity
from desktop.domain.regions import default_regions
from desktop.domain.validation import Issue, validate_household, validate_person, validate_spell
from desktop.store.snapshot import load_snapshot


@dataclass
class PersonFindings:
    household_label: str
    name: str
    id_number: str
    issues: list[Issue] = field(default_factory=list)


@dataclass
class CheckReport:
    persons: int = 0
    passing: int = 0
    findings: list[PersonFindings] = field(default_factory=list)
    household_issues: dict[str, list[Issue]] = field(default_factory=lambda: defaultdict(list))
    rule_counts: Counter = field(default_factory=Counter)

    @property
    def pass_rate(self) -> float:
        return self.passing / self.persons if self.persons else 1.0

    @property
    def errors(self) -> int:
        return sum(n for (severity, _), n in self.rule_counts.items() if severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(n for (severity, _), n in self.rule_counts.items() if severity == Severity.WARNING)

    def describe(self, limit: int = 200) -> str:
        lines = []
        shown = 0
        for label, issues in self.household_issues.items():
            for issue in issues:
                if shown < limit:
                    lines.append(f"[{_severity(issue)}] 户 {label}：{issue.message}")
                shown += 1
        for finding in self.findings:
            for issue in finding.issues:
                if shown < limit:
                    lines.append(f"[{_severity(issue)}] {finding.household_label} {finding.name}"
                                 f"（{finding.id_number}）：{issue.message}")
                shown += 1
        if shown > limit:
            lines.append(f"……另有 {shown - limit} 条未列出")
        lines.append(f"共 {self.persons} 人，其中 {self.passing} 人无错误，校验通过率 {self.pass_rate:.1%}"
                     f"（目标 98% 以上）；错误 {self.errors} 条，警告 {self.warnings} 条。")
        return "\n".join(lines)


def _severity(issue: Issue) -> str:
    return "错误" if issue.severity == Severity.ERROR else "警告"


def ledger_report(ledger, today: date | None = None) -> CheckReport:
    today = today or date.today()
    regions = default_regions()
    snap = load_snapshot(ledger.conn)
    holders = Counter(p.id_number for p in snap.persons())
    report = CheckReport()

    def id_taken(number: str, person_id: str) -> bool:
        return holders.get(number, 0) > 1

    for household_id, household in snap.households.items():
        members = snap.members.get(household_id, [])
        label = household.hh_no or regions.short_name(household.village_code)
        household_issues = validate_household(household, members, regions, today)
        if household_issues:
            report.household_issues[label].extend(household_issues)
        household_blocks = any(i.is_error for i in household_issues)
        for issue in household_issues:
            report.rule_counts[(issue.severity, issue.code)] += 1
        for person in members:
            spells = snap.spells.get(person.id, [])
            issues = validate_person(person, household, members, spells, regions, today, id_taken)
            for spell in spells:
                issues += validate_spell(spell, person, household, regions, today, spells)
            for issue in issues:
                report.rule_counts[(issue.severity, issue.code)] += 1
            report.persons += 1
            if not household_blocks and not any(i.is_error for i in issues):
                report.passing += 1
            if issues:
                report.findings.append(PersonFindings(label, person.name, person.id_number, issues))
    return report
