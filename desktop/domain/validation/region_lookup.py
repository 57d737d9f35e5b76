"""What the rules need of the region table (``desktop.domain.regions.RegionTable`` implements it), and
the stand-in used when the caller has none."""
from __future__ import annotations

from typing import Protocol

from ..idnumber import PROVINCE_PREFIXES


class RegionLike(Protocol):
    code: str
    name: str
    level: str          # RegionLevel (StrEnum): "省" / "市" / "县" / "乡" / "村"
    parent_code: str | None
    retired: bool


class RegionLookup(Protocol):
    def get(self, code: str) -> RegionLike | None: ...

    def is_county_code(self, code6: str, include_retired: bool = True) -> bool: ...


class NoRegions:
    """Stand-in when the caller has no region table: only the province prefix is checked."""

    def is_county_code(self, code6: str, include_retired: bool = True) -> bool:
        return code6[:2] in PROVINCE_PREFIXES and code6[2:] != "0000"
