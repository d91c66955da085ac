"""The real `visgate` entry point (the venv's script) against a sandbox shared by the module."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from visgate_sdk.sandbox import Sandbox

# The installed console script, as a user runs it (not `python -m`).
VISGATE = str(Path(sys.executable).parent / "visgate")


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(db=":memory:", speed=200) as sandbox:
        yield sandbox


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("VISGATE_")}


@pytest.fixture
def env(sb: Sandbox) -> dict[str, str]:
    return {**clean_env(), "VISGATE_API_KEY": sb.api_key, "VISGATE_BASE_URL": sb.base_url}


def run(
    env: dict[str, str], *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `visgate ARGS` to completion (stdin is not a terminal)."""
    return subprocess.run(
        [VISGATE, *args],
        env=env,
        cwd=cwd,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def generations(sb: Sandbox) -> int:
    """How many generations the sandbox has accepted (billed or about to be)."""
    assert sb.app is not None
    row = sb.app.store.one("SELECT COUNT(*) AS n FROM generations")
    return int(row["n"]) if row else 0
