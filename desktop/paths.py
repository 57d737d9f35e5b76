"""Where the ledger lives on this computer: the platform's per-user data folder, unless --data-dir says
otherwise."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "VillageLedger"
LEDGER_FILE = "ledger.sqlite"


def default_data_dir() -> Path:
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "village-ledger"


def ledger_path(data_dir: Path | str | None) -> Path:
    return Path(data_dir or default_data_dir()) / LEDGER_FILE


def log_path(data_dir: Path | str | None) -> Path:
    return Path(data_dir or default_data_dir()) / "village-ledger.log"
