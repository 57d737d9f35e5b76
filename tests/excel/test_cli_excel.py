"""``python -m desktop --data-dir D import/export``: exit 0 on success, 1 when the input is rejected (and
nothing changed), 2 on usage errors."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.store.ledger import Ledger

from excel_helpers import COL, national_book, table_counts

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or ROOT, env=env, timeout=300)


def _counts(data_dir):
    from desktop import paths
    ledger = Ledger.open(paths.ledger_path(data_dir))
    try:
        return table_counts(ledger)
    finally:
        ledger.close()


def test_import_export_and_rejections(tmp_path, rows):
    data = tmp_path / "data"
    good = national_book(tmp_path / "好.xlsx", rows)
    done = run("--data-dir", data, "import", good)
    assert done.returncode == 0, done.stderr
    assert "已导入" in done.stdout and f"新增 {len(rows)}" in done.stdout
    before = _counts(data)

    rows[0][COL["证件号码"]] = "123"
    bad = national_book(tmp_path / "坏.xlsx", rows)
    rejected = run("--data-dir", data, "import", bad)
    assert rejected.returncode == 1
    assert "未导入" in rejected.stderr and "第4行" in rejected.stderr and "证件号码" in rejected.stderr
    assert "Traceback" not in rejected.stderr
    assert _counts(data) == before

    skipped = run("--data-dir", data, "import", bad, "--skip-invalid")
    assert skipped.returncode == 0, skipped.stderr
    assert (tmp_path / "坏_错误清单.xlsx").exists()

    not_excel = tmp_path / "x.xlsx"
    not_excel.write_text("hello", encoding="utf-8")
    broken = run("--data-dir", data, "import", not_excel)
    assert broken.returncode == 1 and "不是Excel" in broken.stderr

    missing = run("--data-dir", data, "import", tmp_path / "没有.xlsx")
    assert missing.returncode == 1 and "找不到文件" in missing.stderr

    exported = run("--data-dir", data, "export", tmp_path / "导出.xlsx")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "导出.xlsx").exists() and "已导出" in exported.stdout


def test_usage_errors_exit_2(tmp_path):
    assert run("--data-dir", tmp_path, "import").returncode == 2
    assert run("--data-dir", tmp_path, "import", "a.xlsx", "--no-such-option").returncode == 2
