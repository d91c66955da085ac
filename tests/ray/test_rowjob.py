"""The per-actor row worker without Ray: the bulk runner's keys, checks and back-off."""

from __future__ import annotations

import asyncio
import json
import math
import time
from pathlib import Path
from typing import Any

import pytest

from visgate_sdk import AsyncClient, Client
from visgate_sdk.batch.keys import row_key
from visgate_sdk.batch.rows import read_rows
from visgate_sdk.exceptions import AuthenticationError
from visgate_sdk.integrations._rowjob import RowWorker, WorkerOptions, check_row, to_record
from visgate_sdk.sandbox import Sandbox


def rows(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {"id": f"r{i}", "prompt": f"lighthouse study {i}", "width": 64, "height": 64}
        for i in range(start, start + n)
    ]


def run_worker(sandbox: Sandbox, records: list[dict[str, Any]], **options: Any) -> list[Any]:
    async def go() -> list[Any]:
        async with AsyncClient(sandbox.api_key, base_url=sandbox.base_url) as client:
            worker = RowWorker(client, WorkerOptions(**{"batch_name": "b1", **options}))
            return await worker.run(records)

    return asyncio.run(go())


def test_rows_already_run_by_the_bulk_runner_are_replayed_not_billed(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    data = rows(6)
    first = client.batch.run(data, tmp_path, batch_name="b1")
    assert first.summary.done == 6 and sandbox.usage_records() == 6
    results = run_worker(sandbox, data)
    assert [r["status"] for r in results] == ["done"] * 6
    assert sandbox.usage_records() == 6  # the same keys: the gateway replayed its answers
    by_id = {item.id: item.request_id for item in first.items()}
    assert {r["id"]: r["request_id"] for r in results} == by_id
    assert all(r["url"] and r["url"].startswith("http://127.0.0.1") for r in results)


def test_the_key_is_the_bulk_runners_for_the_same_row() -> None:
    line = {"id": "a/7", "prompt": "a fox", "seed": 3, "params": {"steps": 2}}
    (bulk,) = read_rows([line])
    # Columnar engines hand over absent options as None/NaN and params as text: same row.
    cells = {"id": "a/7", "prompt": "a fox", "seed": 3, "width": None,
             "height": math.nan, "params": '{"steps": 2}'}  # fmt: skip
    ours = check_row(to_record(cells))
    assert not isinstance(ours, type(None)) and not hasattr(ours, "message")
    assert ours.digest == bulk.digest  # type: ignore[union-attr]
    assert row_key("n", ours.id, ours.digest) == row_key("n", bulk.id, bulk.digest)  # type: ignore[union-attr]


def test_rows_without_an_id_are_keyed_by_content_not_position() -> None:
    a = check_row(to_record({"prompt": "a fox"}))
    b = check_row(to_record({"prompt": "a fox", "seed": None}))
    c = check_row(to_record({"prompt": "a fox", "seed": 1}))
    assert a.id == b.id and a.id.startswith("c-")
    assert c.id != a.id


def test_bad_rows_and_failed_generations_are_rows_with_an_error_code(sandbox: Sandbox) -> None:
    data = [
        *rows(2),
        {"id": "empty", "prompt": "  "},
        {"id": "odd", "prompt": "x", "colour": "red"},
        {"id": "nomodel", "prompt": "x", "model": "nobody/no-such-model"},
    ]
    results = {r["id"]: r for r in run_worker(sandbox, data)}
    assert [results[f"r{i}"]["status"] for i in range(2)] == ["done", "done"]
    assert results["empty"]["error_code"] == results["odd"]["error_code"] == "INVALID_ROW"
    assert "colour" in results["odd"]["error"]
    assert results["nomodel"]["status"] == "failed"
    assert results["nomodel"]["error_code"] not in (None, "INVALID_ROW")
    assert sandbox.usage_records() == 2


def test_a_429_pauses_the_worker_and_each_row_is_billed_once(sandbox: Sandbox) -> None:
    sandbox.inject_fault("status", status=429, count=3, retry_after="0.3", path="/images/generate")
    started = time.monotonic()
    results = run_worker(sandbox, rows(12))
    assert time.monotonic() - started >= 0.3  # Retry-After obeyed, not retried at once
    assert all(r["status"] == "done" for r in results)
    assert sum(r["attempts"] for r in results) == 12 + 3
    assert sandbox.usage_records() == 12


def test_outputs_are_saved_when_a_folder_is_given(sandbox: Sandbox, tmp_path: Path) -> None:
    results = run_worker(sandbox, rows(2), out_dir=str(tmp_path / "out"))
    for result in results:
        (path,) = result["files"]
        assert Path(path).read_bytes().startswith(b"\x89PNG")
        assert Path(path).name == f"{result['id']}.png"


def test_a_rejected_key_stops_the_batch_and_is_not_shown(sandbox: Sandbox) -> None:
    secret = "vg-wrong-" + "k" * 24

    async def go() -> None:
        async with AsyncClient(secret, base_url=sandbox.base_url) as client:
            await RowWorker(client, WorkerOptions(batch_name="b1")).run(rows(5))

    with pytest.raises(AuthenticationError) as caught:
        asyncio.run(go())
    assert secret not in str(caught.value) and secret not in repr(caught.value)
    assert sandbox.usage_records() == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"batch_name": ""},
        {"max_in_flight": 0},
        {"retries": -1},
        {"mode": "later"},
        {"job_timeout": 0},
    ],
)
def test_impossible_settings_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        WorkerOptions(**{"batch_name": "b", **bad}).check()


def test_numpy_and_arrow_cells_become_plain_values() -> None:
    np = pytest.importorskip("numpy")
    record = to_record(
        {"id": np.str_("x"), "prompt": "p", "seed": np.int64(4), "width": np.float64("nan"),
         "params": {"guidance": np.float32(2.5), "tags": np.array(["a", "b"]), "gone": None}}
    )  # fmt: skip
    assert record == {"id": "x", "prompt": "p", "seed": 4,
                      "params": {"guidance": 2.5, "tags": ["a", "b"]}}  # fmt: skip
    assert json.dumps(record)  # nothing numpy is left
