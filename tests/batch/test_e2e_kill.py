"""Real processes: a sandbox, a runner killed with SIGKILL half-way, a second run, the CLI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from visgate_sdk.batch.cli import main as batch_main
from visgate_sdk.sandbox.process import sandbox_process as spawn_sandbox

ROWS = 240


@pytest.fixture
def sandbox_process(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with spawn_sandbox(tmp_path / "sandbox.db", "--speed", "1000") as info:
        yield info


def _env(info: dict[str, Any]) -> dict[str, str]:
    return {**os.environ, "VISGATE_API_KEY": info["api_key"], "VISGATE_BASE_URL": info["base_url"]}


def _done_rows(journal: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1)
        try:
            return int(db.execute("SELECT COUNT(*) FROM jobs WHERE state = 'done'").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def test_sigkill_mid_run_then_resume_bills_every_row_once(
    sandbox_process: dict[str, Any], tmp_path: Path
) -> None:
    info = sandbox_process
    auth = {"Authorization": f"Bearer {info['api_key']}"}
    admin = info["base_url"].split("/api/v1")[0] + "/_sandbox/faults"
    path = "/images/generate"
    for fault in (
        {"kind": "status", "status": 429, "count": 6, "retry_after": "0.2", "path": path},
        {"kind": "status", "status": 503, "count": 4, "path": path},
        {"kind": "status", "status": 500, "count": 3, "path": path, "after_processing": True},
        {"kind": "job_fail", "count": 3, "path": path},
    ):
        httpx.post(admin, json=fault, headers=auth, timeout=5).raise_for_status()
    source = tmp_path / "rows.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": f"p{i}", "prompt": f"product shot {i}", "width": 64, "height": 64})
            + "\n"
            for i in range(ROWS)
        )
    )
    out = tmp_path / "out"
    # A small backoff base: the 3 failed jobs are retried (and replayed) in milliseconds,
    # not in the seconds of the default schedule; the outcome does not depend on the wait.
    command = [sys.executable, "-m", "visgate_sdk.batch", str(source), "-o", str(out), "--json",
               "--backoff", "0.01"]  # fmt: skip
    first = subprocess.Popen(
        command, env=_env(info), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 40
    while _done_rows(out / "journal.sqlite") < ROWS // 2 and first.poll() is None:
        assert time.monotonic() < deadline, "the first run made no progress"
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert _done_rows(out / "journal.sqlite") < ROWS, "killed too late to test a resume"

    second = subprocess.run(command, env=_env(info), capture_output=True, text=True, timeout=50)
    assert second.returncode == 12, second.stderr  # the 3 failed jobs
    summary = json.loads(second.stdout)
    assert summary["failed"] == 3 and summary["done"] + summary["skipped"] == ROWS - 3

    entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [e["id"] for e in entries] == [f"p{i}" for i in range(ROWS)]
    done = [e for e in entries if e["status"] == "done"]
    assert len(done) == ROWS - 3
    for entry in done:
        assert (out / entry["files"][0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    usage = httpx.get(info["base_url"] + "/usage", headers=auth, timeout=5).json()
    assert usage["total_requests"] == ROWS  # every row generated (or failed) exactly once


def test_cli_exit_codes_dry_run_and_json(
    sandbox_process: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    info = sandbox_process
    good = tmp_path / "good.jsonl"
    good.write_text('{"prompt": "a", "width": 64, "height": 64}\n{"prompt": "b", "width": 64}\n')
    bad = tmp_path / "bad.csv"
    bad.write_text("prompt,width\nfine,64\n,64\n")
    common = ["--api-key", info["api_key"], "--base-url", info["base_url"], "--json"]
    assert batch_main([str(good), "-o", str(tmp_path / "g"), "--dry-run", *common]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["valid"] == 2 and dry["estimated_cost"] > 0
    assert batch_main([str(good), "-o", str(tmp_path / "g"), *common]) == 0
    assert json.loads(capsys.readouterr().out)["done"] == 2
    assert batch_main([str(bad), "-o", str(tmp_path / "b"), "--dry-run", *common]) == 4
    assert "line 3" in capsys.readouterr().err
    assert batch_main([str(bad), "-o", str(tmp_path / "b"), *common]) == 12
    summary = json.loads(capsys.readouterr().out)
    assert (summary["total"], summary["done"], summary["failed"]) == (2, 1, 1)
    assert batch_main([str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "m")]) == 2


def test_json_errors_of_the_batch_command_are_one_json_object(
    sandbox_process: dict[str, Any], tmp_path: Path
) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"prompt": "a", "width": 64, "height": 64}\n')
    wrong_key = "vg-wrong-key-0123456789"
    env = {**_env(sandbox_process), "VISGATE_API_KEY": wrong_key}
    visgate = str(Path(sys.executable).with_name("visgate"))
    for args, code in (
        ([str(rows), "-o", str(tmp_path / "out")], 3),  # the key is refused
        ([str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "m")], 2),
    ):
        done = subprocess.run(
            [visgate, "batch", *args, "--json"], env=env, capture_output=True, text=True
        )
        assert done.returncode == code, done.stderr
        error = json.loads(done.stderr)  # one object, nothing else on stderr
        assert error["exit_code"] == code and error["message"]
        assert wrong_key not in done.stderr
