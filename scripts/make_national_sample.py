"""Write ``resources/samples/national_export_sample.xlsx``: a small national-system person export (the
47 columns of domain.md §6.1, a title row above the header, real Baoji villages, valid ID numbers) for
users to try the import with, and for the tests. Deterministic: the same file every run.

    .venv/bin/python scripts/make_national_sample.py [--rows 60] [--out PATH]
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.excel.sample_data import national_rows, write_national_export  # noqa: E402

# Ages are computed against this day so that the file never changes; it imports cleanly on any later
# date until its youngest workers' labour categories go stale (re-run the script then).
AS_OF = date(2024, 6, 30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "samples" / "national_export_sample.xlsx")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = national_rows(args.rows, seed=2024, year=2023, today=AS_OF)
    write_national_export(args.out, rows, title="2023年度脱贫人口信息（样例，全部为虚构数据）")
    print(f"wrote {args.out} ({len(rows)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
