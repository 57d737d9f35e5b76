"""What an import found and did, in terms a village assistant can act on (sheet, row as Excel shows it,
column header, Chinese reason)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import UserError

MAX_LISTED = 200  # errors listed in describe(); the error workbook / report object has all of them


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None          # the row number Excel shows (1-based), None for file/sheet-level problems
    column: str | None       # the header as written in the file
    reason: str              # Chinese
    severity: str = "error"  # "error" blocks, "warning" does not
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def describe(self) -> str:
        where = f"工作表“{self.sheet}”"
        if self.row is not None:
            where += f"第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.reason}"


@dataclass
class ImportReport:
    path: Path
    kind: str = ""                          # "国家系统人员导出表" / "本程序台账工作簿"
    rows_read: int = 0
    households_added: int = 0
    households_updated: int = 0
    households_unchanged: int = 0
    persons_added: int = 0
    persons_updated: int = 0
    persons_unchanged: int = 0
    spells_added: int = 0
    spells_updated: int = 0
    spells_unchanged: int = 0
    households_rejected: int = 0
    rows_rejected: int = 0
    problems: list[RowError] = field(default_factory=list)
    unknown_columns: list[tuple[str, str]] = field(default_factory=list)   # (sheet, header)
    ignored_columns: list[tuple[str, str]] = field(default_factory=list)   # known, not kept by the app
    error_path: Path | None = None
    rejected: bool = False
    seconds: float = 0.0

    @property
    def errors(self) -> list[RowError]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[RowError]:
        return [p for p in self.problems if not p.is_error]

    @property
    def changed(self) -> bool:
        return bool(self.households_added or self.households_updated or self.persons_added
                     or self.persons_updated or self.spells_added or self.spells_updated)

    def describe(self) -> str:
        lines: list[str] = []
        name = Path(self.path).name
        errors, warnings = self.errors, self.warnings
        if self.rejected:
            lines.append(f"未导入“{name}”：发现 {len(errors)} 处错误，台账没有任何改动。"
                         "请改正下列错误后重新导入；或选择“跳过有错误的户”（--skip-invalid）只导入没有错误的户。")
        else:
            lines.append(f"已导入“{name}”（{self.kind}，读取 {self.rows_read} 行）：")
            lines.append(f"  户：新增 {self.households_added}，更新 {self.households_updated}，"
                         f"未变 {self.households_unchanged}")
            lines.append(f"  人员：新增 {self.persons_added}，更新 {self.persons_updated}，"
                         f"未变 {self.persons_unchanged}")
            lines.append(f"  务工记录：新增 {self.spells_added}，更新 {self.spells_updated}，"
                         f"未变 {self.spells_unchanged}")
            if self.households_rejected:
                lines.append(f"  跳过有错误的户 {self.households_rejected} 户（{self.rows_rejected} 行），"
                             f"错误清单：{self.error_path}")
        if self.unknown_columns:
            cols = "、".join(f"“{h}”" for _, h in self.unknown_columns)
            lines.append(f"以下列无法识别，已忽略：{cols}")
        if self.ignored_columns and not self.rejected:
            cols = "、".join(f"“{h}”" for _, h in self.ignored_columns)
            lines.append(f"以下列已识别，但本台账不保存：{cols}")
        if errors:
            lines.append(f"错误（{len(errors)} 处）：" if self.rejected
                         else f"错误（{len(errors)} 处，所在的户未导入，已写入错误清单）：")
            lines += ["  " + e.describe() for e in errors[:MAX_LISTED]]
            if len(errors) > MAX_LISTED:
                lines.append(f"  ……另有 {len(errors) - MAX_LISTED} 处错误未列出")
        if warnings:
            lines.append(f"提醒（{len(warnings)} 处，不影响导入，请核实）：")
            lines += ["  " + w.describe() for w in warnings[:MAX_LISTED]]
            if len(warnings) > MAX_LISTED:
                lines.append(f"  ……另有 {len(warnings) - MAX_LISTED} 处提醒未列出")
        return "\n".join(lines)


class ImportRejected(UserError):
    """Nothing was imported; ``report`` lists every problem."""

    def __init__(self, report: ImportReport):
        self.report = report
        report.rejected = True
        super().__init__(report.describe())


@dataclass
class ExportSummary:
    path: Path
    households: int = 0
    persons: int = 0
    spells: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        return (f"已导出到“{self.path}”：{self.households} 户，{self.persons} 人，"
                f"{self.spells} 条务工记录（用时 {self.seconds:.1f} 秒）。")
