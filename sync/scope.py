"""Accounts' roles and region codes (12-digit administrative codes), and what each may read or write.

A village code is 12 digits with a non-zero village part; a township code is 9 digits + "000"; a county
code is 6 digits + "000000". A village account reads and writes its own village; a township account reads
the villages whose code starts with its 9-digit prefix; a county account reads its 6-digit prefix. Only
village accounts write.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_CODE = re.compile(r"^\d{12}$")


class Role(StrEnum):
    VILLAGE = "village"
    TOWNSHIP = "township"
    COUNTY = "county"


ROLE_LABELS = {Role.VILLAGE: "村", Role.TOWNSHIP: "乡镇", Role.COUNTY: "县"}
_PREFIX = {Role.VILLAGE: 12, Role.TOWNSHIP: 9, Role.COUNTY: 6}


def is_village_code(code: object) -> bool:
    return isinstance(code, str) and bool(_CODE.match(code)) and code[9:] != "000"


def region_error(role: Role, code: str) -> str | None:
    """None when `code` is a valid region code for `role`, else a Chinese reason."""
    if not _CODE.match(code or ""):
        return f"区划代码“{code}”应为 12 位数字"
    if role is Role.VILLAGE and code[9:] == "000":
        return f"区划代码“{code}”不是村级代码（后 3 位不能全为 0）"
    if role is Role.TOWNSHIP and (code[9:] != "000" or code[6:9] == "000"):
        return f"区划代码“{code}”不是乡镇级代码（应为 9 位乡镇代码加 000）"
    if role is Role.COUNTY and (code[6:] != "000000" or code[4:6] == "00"):
        return f"区划代码“{code}”不是县级代码（应为 6 位县代码加 000000）"
    return None


@dataclass(frozen=True)
class Scope:
    role: Role
    region_code: str

    @property
    def prefix(self) -> str:
        return self.region_code[:_PREFIX[self.role]]

    @property
    def can_write(self) -> bool:
        return self.role is Role.VILLAGE

    def reads(self, village_code: str | None) -> bool:
        return bool(village_code) and village_code.startswith(self.prefix)

    def writes(self, village_code: str | None) -> bool:
        return self.can_write and village_code == self.region_code

    def code_range(self) -> tuple[str, str]:
        """Inclusive village_code range of this scope (an index range scan, no LIKE)."""
        p = self.prefix
        return p + "0" * (12 - len(p)), p + "9" * (12 - len(p))
