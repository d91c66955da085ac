"""Build the wheel, install it alone into a fresh venv, and import both packages from it."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(work)],
            check=True,
        )
        (wheel,) = work.glob("visgate_sdk-*.whl")
        venv.create(work / "venv", with_pip=True)
        python = work / "venv" / "bin" / "python"
        subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)
        code = "import visgate_sdk, visgate_api_client; print(visgate_sdk.__version__)"
        out = subprocess.run(
            [python, "-c", code], check=True, capture_output=True, text=True, cwd=work
        )
        print(f"{wheel.name}: installs and imports (visgate_sdk {out.stdout.strip()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
