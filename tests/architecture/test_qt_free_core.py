"""The core (domain, store, Excel, sync) never imports Qt, so it runs in the server, the command line
and tests without a display, and the GUI can never be reached from a worker by accident."""
import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE_PACKAGES = ["desktop.domain", "desktop.store", "desktop.excel", "sync"]


def _modules(package: str) -> list[str]:
    path = ROOT.joinpath(*package.split("."))
    names = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
        names.append(info.name)
    return names


def test_core_modules_do_not_import_qt():
    modules = [m for package in CORE_PACKAGES for m in _modules(package)]
    assert len(modules) > 10
    script = ("import importlib, sys\n"
              f"for name in {modules!r}:\n"
              "    importlib.import_module(name)\n"
              "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
              "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_command_line_check_does_not_load_qt(tmp_path):
    script = ("import sys\nfrom desktop.cli import main\n"
              f"code = main(['--data-dir', {str(tmp_path)!r}, 'check'])\n"
              "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'\n"
              "sys.exit(code)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
