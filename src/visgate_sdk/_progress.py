"""A one-line progress display on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

_FRAMES = "|/-\\"


class Progress:
    """Redraws ``<spinner> <label> <status> <elapsed>s`` on each update; ``close()`` clears it."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.started = time.monotonic()
        self.frame = 0
        self.width = 0

    def update(self, status: str) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        self.frame = (self.frame + 1) % len(_FRAMES)
        line = f"{_FRAMES[self.frame]} {self.label} {status} {elapsed:5.1f}s"
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
