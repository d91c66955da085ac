"""The bulk runner and the Ray worker run a row through one path: same verdict on each failure."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from visgate_sdk import AsyncClient, Client
from visgate_sdk.batch.journal import JOURNAL_NAME
from visgate_sdk.integrations._rowjob import RowWorker, WorkerOptions
from visgate_sdk.sandbox import Sandbox

FAST = 0.01  # backoff base: the retries below need no real wait


def _row(name: str) -> dict[str, Any]:
    return {"id": name, "prompt": f"harbour at dawn {name}", "width": 64, "height": 64}


def _runner_verdict(client: Client, out: Path, retries: int) -> tuple[str, str | None, bool, int]:
    run = client.batch.run([_row("one")], out, retries=retries, backoff_base=FAST)
    (item,) = list(run.items())
    db = sqlite3.connect(out / JOURNAL_NAME)
    (definitive,) = db.execute("SELECT definitive FROM jobs WHERE id = 'one'").fetchone()
    db.close()
    return item.status, item.error_code, bool(definitive), item.attempts


def _ray_verdict(sandbox: Sandbox, retries: int) -> tuple[str, str | None, bool, int]:
    async def go() -> dict[str, Any]:
        async with AsyncClient(sandbox.api_key, base_url=sandbox.base_url) as client:
            options = WorkerOptions(batch_name="ray", retries=retries, backoff_base=FAST)
            (result,) = await RowWorker(client, options).run([_row("one")])
            return result

    result = asyncio.run(go())
    return result["status"], result["error_code"], bool(result["final"]), result["attempts"]


@pytest.mark.parametrize(
    ("fault", "retries", "final"),
    [
        # The provider failed the job: the retry under the same key replays that failure,
        # so the key's outcome is settled (only a new round generates the row again).
        ({"kind": "job_fail"}, 1, True),
        # A 502 after the gateway ran the job, and no retry left: the outcome is unknown,
        # so the row keeps its key (running it again collects the job, never pays twice).
        ({"kind": "status", "status": 502, "after_processing": True}, 0, False),
    ],
)
def test_runner_and_ray_give_a_502_provider_failure_the_same_verdict(
    sandbox: Sandbox, client: Client, tmp_path: Path, fault: dict[str, Any], retries: int,
    final: bool,
) -> None:  # fmt: skip
    path = "/images/generate"
    sandbox.inject_fault(fault.pop("kind"), count=1, path=path, **fault)
    runner = _runner_verdict(client, tmp_path / "out", retries)
    sandbox.inject_fault("job_fail" if final else "status", count=1, path=path, **fault)
    ray = _ray_verdict(sandbox, retries)
    assert runner == ray == ("failed", "PROVIDER_FAILURE", final, retries + 1)
    assert sandbox.usage_records() == 2  # one generation per runner, the retry replayed
