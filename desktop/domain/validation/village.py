"""Village code rules (household.village_*): the format of the 12-digit code, then, with a region table,
that it is a current village nested under its township and county."""
from __future__ import annotations

from ..models import Household
from .issues import Issue, issue
from .region_lookup import RegionLookup
from .rules import E, W


def check_village(household: Household, regions: RegionLookup | None, issues: list[Issue]) -> None:
    code = (household.village_code or "").strip()
    if not (len(code) == 12 and code.isdigit() and code.isascii()):
        shown = code or "空"
        issues.append(issue(E, Household, "village_code", "household.village_format",
                            f"应为12位数字的村级区划代码，实际为“{shown}”"))
        return
    township_seg, village_seg = code[6:9], code[9:12]
    if not ("001" <= township_seg <= "599"):
        issues.append(issue(E, Household, "village_code", "household.village_format",
                            f"{code} 的乡级段（第7-9位）“{township_seg}”应在001-599之间"))
        return
    if village_seg == "000":
        issues.append(issue(E, Household, "village_code", "household.village_level",
                            f"{code} 是乡镇代码，不是村级代码（第10-12位不能为000）"))
        return
    if regions is None:
        return
    township_code = code[:9] + "000"
    county_code = code[:6] + "000000"
    region = regions.get(code)
    if region is None:
        if regions.get(township_code) is None and regions.get(county_code) is not None:
            issues.append(issue(W, Household, "village_code", "household.village_not_in_table",
                                f"区划表未收录 {code} 所在乡镇的村级代码，无法核对"))
        else:
            issues.append(issue(E, Household, "village_code", "household.village_unknown",
                                f"区划表中没有代码 {code}"))
        return
    if str(region.level) != "村":
        issues.append(issue(E, Household, "village_code", "household.village_level",
                            f"{code}（{region.name}）是{region.level}级代码，应为村级代码"))
        return
    township = regions.get(township_code)
    if (region.parent_code != township_code or township is None or str(township.level) != "乡"
            or township.parent_code != county_code
            or not regions.is_county_code(code[:6], include_retired=True)):
        issues.append(issue(E, Household, "village_code", "household.village_nesting",
                            f"{code}（{region.name}）的上级区划与代码前缀不一致"
                            f"（应属乡镇 {township_code}、县 {code[:6]}）"))
        return
    if region.retired:
        issues.append(issue(W, Household, "village_code", "household.village_retired",
                            f"{code}（{region.name}）已撤销，请改为现行村代码"))
