"""How long `demo --households 30000` (about 100,000 persons) takes, end to end through the CLI.
Goal (issue 2): within 30 s on the project's 2-core machine."""
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(households: int = 30000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", tmp, "demo",
                                 "--households", str(households)], capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - started
        size = Path(tmp, "ledger.sqlite").stat().st_size / 1e6
    print(result.stdout.strip())
    print(f"demo --households {households}: {elapsed:.1f} s (goal 30 s), ledger file {size:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30000)
