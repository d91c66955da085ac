"""The live status line of a batch on a terminal (nothing at all when not a terminal)."""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import sys
from dataclasses import dataclass
from typing import TextIO

REFRESH_SECONDS = 0.2


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Counters of a run at one instant."""

    done: int
    failed: int
    skipped: int
    in_flight: int
    spent: float
    elapsed: float
    total: int | None
    paused: float = 0.0


def _clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def render(snap: Snapshot) -> str:
    """One line: done / failed / in flight, jobs per second, ETA and money spent."""
    rate = snap.done / snap.elapsed if snap.elapsed > 0 else 0.0
    finished = snap.done + snap.failed + snap.skipped
    head = f"{finished}/{snap.total}" if snap.total else f"{finished}"
    parts = [
        f"{head} rows",
        f"{snap.done} done",
        f"{snap.failed} failed",
        f"{snap.in_flight} in flight",
        f"{rate:.1f} jobs/s",
    ]
    if snap.total and rate > 0:
        parts.append(f"ETA {_clock_text((snap.total - finished) / rate)}")
    parts.append(f"${snap.spent:.2f} spent")
    if snap.paused > 0:
        parts.append(f"paused {snap.paused:.1f}s (rate limited)")
    return " | ".join(parts)


class ProgressLine:
    """Redraws :func:`render` of ``snapshot()`` in place a few times a second."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self._width = 0

    def draw(self, snap: Snapshot) -> None:
        """Overwrite the line."""
        text = render(snap)
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def end(self, snap: Snapshot) -> None:
        """Draw the last state and move to a new line."""
        self.draw(snap)
        self.stream.write("\n")
        self.stream.flush()

    async def follow(self, snapshot: object, stop: asyncio.Event) -> None:
        """Redraw until ``stop`` is set (``snapshot`` is a callable returning a Snapshot)."""
        assert callable(snapshot)
        while not stop.is_set():
            self.draw(snapshot())
            with contextlib.suppress(builtins.TimeoutError):
                await asyncio.wait_for(stop.wait(), REFRESH_SECONDS)
        self.end(snapshot())
