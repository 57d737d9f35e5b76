"""The PyInstaller bundle builds and the frozen program runs: demo data, the check report, and the
window opening offscreen (closed again by VILLAGE_LEDGER_SMOKE_TEST)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("pyinstaller")
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    assert pyinstaller, "pyinstaller is a dev dependency"
    subprocess.run([pyinstaller, str(ROOT / "build.spec"), "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(out / "dist"), "--workpath", str(out / "build")],
                   check=True, cwd=ROOT, capture_output=True)
    exe = out / "dist" / "village-ledger" / ("village-ledger.exe" if os.name == "nt" else "village-ledger")
    assert exe.exists()
    return exe


def test_frozen_app_makes_demo_data_and_checks_it(bundle, tmp_path):
    made = subprocess.run([str(bundle), "--data-dir", str(tmp_path), "demo", "--households", "5"],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([str(bundle), "--data-dir", str(tmp_path), "check"],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr
    assert "校验通过率" in checked.stdout


def test_frozen_app_opens_its_window(bundle, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VILLAGE_LEDGER_SMOKE_TEST="1")
    started = subprocess.run([str(bundle), "--data-dir", str(tmp_path)], capture_output=True, text=True,
                             timeout=120, env=env)
    assert started.returncode == 0, started.stderr
    assert "window shown" in started.stdout
