"""Every Python snippet of the README runs as written (on a sandbox), and so does `make demo`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from visgate_sdk.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_has_the_published_snippets() -> None:
    assert len(BLOCKS) >= 14
    quickstart = (ROOT / "scripts" / "quickstart.py").read_text()
    assert BLOCKS[0] in quickstart  # `make demo` runs exactly the quick start


def test_every_readme_snippet_runs_against_the_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Sandbox(speed=1000) as sb:
        monkeypatch.setenv("VISGATE_API_KEY", sb.api_key)
        monkeypatch.setenv("VISGATE_BASE_URL", sb.base_url)
        monkeypatch.chdir(tmp_path)
        namespace: dict[str, object] = {}
        for block in BLOCKS:
            # Placeholders of the README point at the real service; aim them at the sandbox.
            code = block.replace("https://visgateai.com/api/v1", sb.base_url)
            code = code.replace('"vg-..."', repr(sb.api_key))
            exec(compile(code, "README.md", "exec"), namespace)
        assert (tmp_path / "sunset_istanbul.png").read_bytes()[:4] == b"\x89PNG"


def test_make_demo_runs_the_quick_start_on_a_sandbox_without_a_key(tmp_path: Path) -> None:
    # The scripts write beside themselves (demo-output/, .visgate-sandbox/): run copies in a
    # fresh folder so an image left by an earlier run cannot make this pass.
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    for name in ("demo.py", "quickstart.py"):
        shutil.copy(ROOT / "scripts" / name, scripts / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VISGATE_")}
    done = subprocess.run(
        [sys.executable, str(scripts / "demo.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "local sandbox" in done.stdout and "sunset_istanbul.png" in done.stdout
    assert (tmp_path / "demo-output" / "sunset_istanbul.png").read_bytes()[:4] == b"\x89PNG"
