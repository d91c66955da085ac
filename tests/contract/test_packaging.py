"""One wheel holds the facade and the generated client, and installs on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(out)],
        check=True,
    )
    (built,) = out.glob("visgate_sdk-*.whl")
    return built


def test_wheel_contains_both_packages_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "visgate_sdk/py.typed" in names
    assert "visgate_api_client/py.typed" in names
    assert "visgate_api_client/api/generation/generate_image.py" in names
    assert "visgate_sdk/sandbox/openapi.yaml" in names
    assert "visgate_sdk/sandbox/data/catalog.json" in names
    assert "visgate_sdk/sandbox/data/sample.mp4" in names


def test_wheel_installs_and_imports_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    code = (
        "import visgate_sdk, visgate_api_client, pathlib; "
        "print(visgate_sdk.__version__); print(pathlib.Path(visgate_sdk.__file__).parent)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    done = subprocess.run(
        [python, "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path, env=env
    )
    version, location = done.stdout.split()
    assert version == "0.1.0"
    assert "site-packages" in location
