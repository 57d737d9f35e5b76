"""Shared test data for the domain tests: a tiny region table with the interface of
``desktop.domain.regions.RegionTable`` (get, is_county_code), so the rules can be tested on
hand-picked codes; the shipped table is exercised in the ``*real*`` tests."""
from dataclasses import dataclass
from datetime import date

TODAY = date(2025, 6, 15)

HOME_VILLAGE = "610328100201"      # 千阳县 城关镇 (fake village below the real township code)
HOME_TOWNSHIP = "610328100000"


@dataclass(frozen=True)
class FakeRegion:
    code: str
    name: str
    level: str
    parent_code: str | None
    retired: bool = False


class FakeRegions:
    def __init__(self, rows):
        self._by_code = {r.code: r for r in rows}

    def get(self, code):
        text = str(code).strip()
        if not text.isdigit() or len(text) not in (2, 4, 6, 9, 12):
            return None
        return self._by_code.get(text.ljust(12, "0"))

    def is_county_code(self, code6, include_retired=True):
        r = self.get(code6)
        if r is None or r.code[6:] != "000000" or r.level != "县":
            return False
        return include_retired or not r.retired


ROWS = [
    FakeRegion("610000000000", "陕西省", "省", None),
    FakeRegion("610100000000", "西安市", "市", "610000000000"),
    FakeRegion("610102000000", "新城区", "县", "610100000000"),
    FakeRegion("610300000000", "宝鸡市", "市", "610000000000"),
    FakeRegion("610302000000", "渭滨区", "县", "610300000000"),
    FakeRegion("610305000000", "凤翔区", "县", "610300000000"),
    FakeRegion("610322000000", "凤翔县", "县", "610300000000", retired=True),
    FakeRegion("610328000000", "千阳县", "县", "610300000000"),
    FakeRegion(HOME_TOWNSHIP, "城关镇", "乡", "610328000000"),
    FakeRegion(HOME_VILLAGE, "新民村", "村", HOME_TOWNSHIP),
    FakeRegion("610328100202", "旧村", "村", HOME_TOWNSHIP, retired=True),
    FakeRegion("610328100203", "错挂村", "村", "610328101000"),
    FakeRegion("610328101000", "崔家头镇", "乡", "610328000000"),
    FakeRegion("610328101201", "南寨村", "村", "610328101000"),
    FakeRegion("110000000000", "北京市", "省", None),
    FakeRegion("110100000000", "市辖区", "市", "110000000000"),
    FakeRegion("110105000000", "朝阳区", "县", "110100000000"),
    FakeRegion("330000000000", "浙江省", "省", None),
    FakeRegion("330100000000", "杭州市", "市", "330000000000"),
    FakeRegion("330102000000", "上城区", "县", "330100000000"),
]
