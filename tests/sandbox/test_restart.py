"""A sandbox killed with SIGKILL mid-request leaves no Idempotency-Key stuck "in progress"."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from visgate_sdk.sandbox import app

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

BODY = {"model": "fal-ai/veo3", "prompt": "a clip cut short", "duration_seconds": 2.0}
KEY = {"Idempotency-Key": "killed-mid-request"}


@contextmanager
def sandbox_process(
    db: Path, speed: str, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], dict[str, Any]]]:
    """``visgate-sandbox`` in its own process; yields it and its start-up line."""
    process = subprocess.Popen(
        [sys.executable, "-m", "visgate_sdk.sandbox", "--port", "0", "--db", str(db),
         "--speed", speed],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once it listens
        assert line, "the sandbox did not start"
        yield process, json.loads(line)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)


def wait_until_recorded(db: Path, key: str) -> None:
    """Poll the sandbox's own database (another process, WAL) until it holds ``key``."""
    deadline = time.monotonic() + 30
    with sqlite3.connect(db, timeout=5) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT state FROM idempotency WHERE key = ?", (key,)).fetchone()
            if row is not None:
                assert row[0] == "in_flight"
                return
            time.sleep(0.005)  # polling another process: there is no event to wait on
    raise AssertionError(f"{key!r} never reached the database")


def test_an_in_flight_key_recovers_after_kill_9_and_restart(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    # speed 0.05: a waiting video takes 40 s, so the first request is surely still running
    with sandbox_process(db, "0.05") as (process, info):
        auth = {"Authorization": f"Bearer {info['api_key']}"}
        url = info["base_url"] + "/videos/generate"
        outcome: list[Any] = []

        def first_request() -> None:
            try:
                outcome.append(httpx.post(url, json=BODY, headers={**auth, **KEY}, timeout=60))
            except httpx.HTTPError as exc:  # the server dies under it
                outcome.append(exc)

        caller = threading.Thread(target=first_request)
        caller.start()
        wait_until_recorded(db, KEY["Idempotency-Key"])
        probe = httpx.post(url, json=BODY, headers={**auth, **KEY}, timeout=30)
        assert probe.status_code == 409, probe.text
        assert probe.json()["error"] == "IDEMPOTENCY_KEY_IN_USE"
        os.kill(process.pid, signal.SIGKILL)
        caller.join(timeout=30)
        assert isinstance(outcome[0], httpx.HTTPError)

    with sandbox_process(db, "1000") as (_, info):
        assert info["api_key"] == auth["Authorization"][7:]  # same database, same key
        url = info["base_url"] + "/videos/generate"
        retry = httpx.post(url, json=BODY, headers={**auth, **KEY}, timeout=30)
        assert retry.status_code == 200, retry.text
        replay = httpx.post(url, json=BODY, headers={**auth, **KEY}, timeout=30)
        assert replay.status_code == 200 and replay.json()["id"] == retry.json()["id"]
        usage = httpx.get(info["base_url"] + "/usage", headers=auth, timeout=30).json()
        assert usage["total_requests"] == 1


def test_a_crash_between_the_generation_and_its_key_outcome_charges_once(tmp_path: Path) -> None:
    # The test-only hook exits the process where the generation is written and its key's
    # outcome is not yet: both are one transaction, so the crash keeps neither.
    db = tmp_path / "sandbox.db"
    body = {"model": "fal-ai/flux/schnell", "prompt": "written once", "width": 64, "height": 64}
    key = {"Idempotency-Key": "crash-before-outcome"}
    crash = {app.CRASH_ENV: "1"}
    with sandbox_process(db, "1000", env=crash) as (process, info):
        auth = {"Authorization": f"Bearer {info['api_key']}"}
        url = info["base_url"] + "/images/generate"
        with pytest.raises(httpx.HTTPError):
            httpx.post(url, json=body, headers={**auth, **key}, timeout=30)
        assert process.wait(timeout=30) == 70
    with sandbox_process(db, "1000") as (_, info):
        url = info["base_url"] + "/images/generate"
        retry = httpx.post(url, json=body, headers={**auth, **key}, timeout=30)
        assert retry.status_code == 200, retry.text
        assert "Idempotent-Replayed" not in retry.headers
        usage = httpx.get(info["base_url"] + "/usage", headers=auth, timeout=30).json()
        assert usage["total_requests"] == 1
