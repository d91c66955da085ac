"""A sandbox in a process of its own: for runs that kill, restart or measure it separately."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def sandbox_process(db: str | Path, *options: str) -> Iterator[dict[str, Any]]:
    """Run ``visgate-sandbox --port 0 --db DB [options]``; yield the line it prints first
    (``base_url``, ``api_key``, ...), and stop the process when the block ends."""
    command = [sys.executable, "-m", "visgate_sdk.sandbox", "--port", "0", "--db", str(db)]
    process = subprocess.Popen(
        [*command, *options], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        yield json.loads(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(timeout=10)
