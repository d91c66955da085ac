"""The command in real processes: Ctrl-C, the live progress line, the folder lock, --dry-run."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from visgate_sdk import Client
from visgate_sdk.batch.journal import BatchBusyError, Journal
from visgate_sdk.sandbox import Sandbox

# 0.1 s per image (0.25 s / 2.5): with --concurrency 4 a run of ROWS takes at least 1.5 s
# (longer on a loaded machine, never shorter), so a signal sent once 8 rows are done always
# lands mid-run.
SLOW = 2.5
ROWS = 60


@pytest.fixture
def slow_sandbox() -> Iterator[Sandbox]:
    with Sandbox(db=":memory:", speed=SLOW) as sb:
        yield sb


def _input(folder: Path, n: int, *, duplicate: bool = False) -> Path:
    folder.mkdir(exist_ok=True)
    source = folder / "rows.jsonl"
    lines = [{"id": f"p{i}", "prompt": f"shot {i}", "width": 64, "height": 64} for i in range(n)]
    if duplicate:
        lines.append({"id": "p1", "prompt": "another shot", "width": 64, "height": 64})
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return source


def _command(source: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "visgate_sdk.batch", str(source), "-o", str(out), *extra]


def _env(sb: Sandbox) -> dict[str, str]:
    return {**os.environ, "VISGATE_API_KEY": sb.api_key, "VISGATE_BASE_URL": sb.base_url}


def _states(out: Path) -> dict[str, int]:
    try:
        db = sqlite3.connect(f"file:{out / 'journal.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            rows = db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return {}
    return {state: int(count) for state, count in rows}


def _wait_for_done(proc: subprocess.Popen[str], out: Path, count: int) -> None:
    deadline = time.monotonic() + 30
    while _states(out).get("done", 0) < count:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.02)


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_stops_submitting_says_how_to_resume_and_the_next_run_finishes(
    slow_sandbox: Sandbox, tmp_path: Path, presses: int
) -> None:
    sb = slow_sandbox
    source, out = _input(tmp_path, ROWS), tmp_path / "out"
    command = _command(source, out, "--concurrency", "4")
    proc = subprocess.Popen(
        command, env=_env(sb), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _wait_for_done(proc, out, 8)
    for _ in range(presses):
        proc.send_signal(signal.SIGINT)
        time.sleep(0.02)  # two separate presses, not one
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "resume with: visgate batch" in stderr and str(out) in stderr
    assert "Traceback" not in stderr
    states = _states(out)
    assert states.get("done", 0) < ROWS and states.get("pending", 0) > 0  # stopped submitting
    generated = sb.usage_records()
    if presses == 1:
        # The jobs in flight were waited for: every generation the gateway ran is on disk.
        assert set(states) <= {"done", "pending"}
        assert generated == states["done"]
    else:
        # Left to the next run: at most the window (4) is open, recorded as sent.
        assert states.get("submitting", 0) <= 4
        assert generated <= states.get("done", 0) + 4
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert {e["status"] for e in manifest} <= {"done", "pending"}

    assert sb.app is not None
    sb.app.speed = 1000  # the resume only has to finish: no need for slow jobs any more
    again = subprocess.run(
        _command(source, out, "--json"), env=_env(sb), capture_output=True, text=True, timeout=50
    )
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["done"] + summary["skipped"] == ROWS
    assert sb.usage_records() == ROWS  # nothing billed twice, nothing lost


def _read_pty(fd: int, sink: list[tuple[float, bytes]]) -> None:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO once the child closed its side
            return
        if not chunk:
            return
        sink.append((time.monotonic(), chunk))


def test_progress_line_on_a_terminal_and_silence_otherwise(
    slow_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = slow_sandbox
    source = _input(tmp_path, 30)
    master, slave = pty.openpty()
    chunks: list[tuple[float, bytes]] = []
    proc = subprocess.Popen(
        _command(source, tmp_path / "tty", "--concurrency", "2", "--max-cost", "100"),
        env=_env(sb), stdout=subprocess.PIPE, stderr=slave, text=True,
    )  # fmt: skip
    os.close(slave)
    reader = threading.Thread(target=_read_pty, args=(master, chunks), daemon=True)
    reader.start()
    proc.communicate(timeout=50)
    reader.join(timeout=10)
    os.close(master)
    assert proc.returncode == 0
    # One redraw per carriage return; several a second while the run lasts.
    draws: list[tuple[float, str]] = []
    for at, chunk in chunks:
        # (the terminal turns the final "\n" into "\r\n": an empty piece, not a draw)
        for text in chunk.decode(errors="replace").split("\r")[1:]:
            if text.strip():
                draws.append((at, text.strip()))
    assert len(draws) >= 5, chunks
    span = draws[-1][0] - draws[0][0]
    assert span > 1.0 and len(draws) / span >= 3.0, (len(draws), span)
    middle = [text for _, text in draws if " 0 done" not in text and "ETA" in text]
    assert middle, draws
    line = middle[0]
    for part in (" done", " failed", " in flight", " jobs/s", "ETA ", " spent"):
        assert part in line, line
    assert re.search(r"\$\d+\.\d\d spent", line), line
    assert re.search(r"^\d+/30 rows", line), line
    assert re.search(r"30/30 rows \| 30 done", draws[-1][1]), draws[-1]

    # Not a terminal: no progress line at all (however short the run).
    assert sb.app is not None
    sb.app.speed = 1000
    few = _input(tmp_path / "few", 5)
    quiet = subprocess.run(
        _command(few, tmp_path / "pipe"), env=_env(sb), capture_output=True, text=True, timeout=50
    )
    assert quiet.returncode == 0, quiet.stderr
    assert "\r" not in quiet.stderr and "jobs/s" not in quiet.stderr


def test_a_second_run_on_a_busy_folder_stops_at_once(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    source, out = _input(tmp_path, 3), tmp_path / "out"
    holder = Journal(out)  # another run holds the folder
    try:
        with pytest.raises(BatchBusyError) as caught:
            client.batch.run(source, out)
        assert str(os.getpid()) in str(caught.value)
        cli = subprocess.run(
            _command(source, out), env=_env(sandbox), capture_output=True, text=True, timeout=30
        )
        assert cli.returncode == 15, cli.stderr
        assert "another batch run" in cli.stderr and f"pid {os.getpid()}" in cli.stderr
        assert sandbox.usage_records() == 0  # nothing was sent
    finally:
        holder.close()
    run = client.batch.run(source, out)  # released: the folder is free again
    assert run.summary.done == 3
    with Journal(out, lock=False):  # a reader that changes nothing never blocks a run
        assert client.batch.run(source, out).summary.skipped == 3


def test_dry_run_reports_duplicate_ids_like_the_run_does(sandbox: Sandbox, tmp_path: Path) -> None:
    source = _input(tmp_path, 4, duplicate=True)
    env = _env(sandbox)
    dry = subprocess.run(
        _command(source, tmp_path / "out", "--dry-run", "--json"), env=env,
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert dry.returncode == 4, dry.stderr
    report = json.loads(dry.stdout)
    assert (report["total"], report["valid"], report["invalid"]) == (5, 4, 1)
    assert "line 5: duplicate id 'p1' (first seen on line 2)" in dry.stderr
    assert sandbox.usage_records() == 0
    real = subprocess.run(
        _command(source, tmp_path / "out", "--json"), env=env, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
    assert real.returncode == 12
    assert json.loads(real.stdout)["failed"] == 1
