"""On a terminal: the live progress line, Ctrl-C resume commands, cost confirmation."""

from __future__ import annotations

import os
import pty
import re
import select
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import VISGATE, generations, run
from visgate_sdk.sandbox import Sandbox


@pytest.fixture(scope="module")
def slow() -> Iterator[Sandbox]:
    """Jobs take many seconds, so the server's poll hint is its maximum, 5 s."""
    with Sandbox(db=":memory:", speed=0.2) as sandbox:
        yield sandbox


class Terminal:
    """`visgate ARGS` with stderr (and optionally stdin) on a pseudo-terminal."""

    def __init__(self, env: dict[str, str], *args: str, tty_stdin: bool = False) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [VISGATE, *args],
            env=env,
            stdin=slave if tty_stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
        )
        os.close(slave)
        self.seen = b""

    def read_until(self, pattern: bytes, timeout: float = 30) -> float:
        """Read until ``pattern`` appears; the monotonic time it did."""
        deadline = time.monotonic() + timeout
        while pattern not in self.seen:
            assert self.read(deadline - time.monotonic()), f"no {pattern!r} in {self.seen!r}"
        return time.monotonic()

    def read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the child closed the terminal
            return False
        self.seen += chunk
        return bool(chunk)

    def finish(self) -> tuple[int, bytes]:
        while self.read(5):
            pass
        code = self.proc.wait(timeout=30)
        os.close(self.master)
        assert self.proc.stdout is not None
        return code, self.proc.stdout.read()


def _env(sb: Sandbox, env: dict[str, str]) -> dict[str, str]:
    return {**env, "VISGATE_API_KEY": sb.api_key, "VISGATE_BASE_URL": sb.base_url}


def test_progress_moves_several_times_a_second_then_ctrl_c_gives_the_exact_resume(
    slow: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "w.mp4"
    term = Terminal(_env(slow, env), "video", "waves", "--yes", "-o", str(target), "-f")
    first = term.read_until(b"video pending")
    while time.monotonic() < first + 1.5:  # well before the first poll (hint: 5 s)
        term.read(first + 1.5 - time.monotonic())
    window = term.seen
    term.proc.send_signal(signal.SIGINT)
    code, _ = term.finish()

    frames = re.findall(rb"\r[|/\\-] video (\w+) +(\d+\.\d)s", window)
    assert len(frames) >= 8, window  # redrawn ~10 times a second, not once per poll
    assert {status for status, _ in frames} <= {b"submitting", b"pending"}
    shown = [float(seconds) for _, seconds in frames]
    assert shown == sorted(shown) and shown[-1] - shown[0] >= 1.0
    assert code == 130
    tail = term.seen.decode()
    job = re.search(r"resume with: visgate requests get (\S+) --wait", tail)
    assert job, tail
    assert f"resume with: visgate requests get {job[1]} --wait -o {target} --overwrite" in tail


def test_ctrl_c_while_submitting_gives_the_command_that_collects_it_without_paying_twice(
    slow: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    # The first answer to the submit takes seconds (then fails): Ctrl-C lands while it is out.
    before = generations(slow)
    slow.inject_fault("slow", delay=5, path="/images/generate", count=1)
    try:
        term = Terminal(_env(slow, env), "generate", "a slow fox", "-o", "fox.png")
        term.read_until(b"image submitting")
        term.proc.send_signal(signal.SIGINT)
        code, _ = term.finish()
    finally:
        slow.clear_faults()
    assert code == 130
    found = re.search(
        r"without paying twice: (visgate generate .*--idempotency-key \S+)", term.seen.decode()
    )
    assert found, term.seen
    again = run(_env(slow, env), *shlex.split(found[1])[1:], cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "fox.png").read_bytes()[:4] == b"\x89PNG"
    assert generations(slow) == before + 1  # charged once


@pytest.mark.parametrize(("answer", "code"), [(b"n\n", 13), (b"\n", 13), (b"y\n", 0)])
def test_an_expensive_generation_asks_first_on_a_terminal(
    sb: Sandbox, env: dict[str, str], tmp_path: Path, answer: bytes, code: int
) -> None:
    before = generations(sb)
    term = Terminal(env, "video", "waves", "-o", str(tmp_path / "v.mp4"), tty_stdin=True)
    term.read_until(b"Generate? [y/N] ")
    assert b"fal-ai/veo3: estimated $3.75 ($0.75 per second)" in term.seen
    assert b"is above --confirm-above $1.00" in term.seen
    os.write(term.master, answer)
    finished, out = term.finish()
    assert finished == code, term.seen
    assert generations(sb) == before + (code == 0)
    assert (tmp_path / "v.mp4").exists() == (code == 0), (out, term.seen)


def test_without_a_terminal_expensive_needs_yes_and_cheap_just_runs(
    sb: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    before = generations(sb)
    refused = run(env, "video", "waves", "--no-wait", stdin="y\n")
    assert refused.returncode == 13 and generations(sb) == before
    assert "Pass --yes to confirm" in refused.stderr
    raised = run(env, "video", "waves", "--no-wait", "--confirm-above", "5")
    assert raised.returncode == 0 and generations(sb) == before + 1
    lowered = run({**env, "VISGATE_CONFIRM_ABOVE": "0"}, "generate", "x", "-o", str(tmp_path))
    assert lowered.returncode == 13
