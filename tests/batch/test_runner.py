"""The runner against the sandbox: exactly-once billing, resume, failures as data, limits."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from visgate_sdk import AsyncClient, Client
from visgate_sdk.batch.journal import JOURNAL_NAME
from visgate_sdk.sandbox import Sandbox

PNG, MP4_BOX = b"\x89PNG\r\n\x1a\n", b"ftyp"


def rows(n: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "prompt": f"cat number {i}", "width": 64, "height": 64, **extra}
            for i in range(n)]  # fmt: skip


def manifest(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def assert_outputs(out: Path, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        if entry["status"] != "done":
            continue
        assert entry["files"], entry
        for name in entry["files"]:
            head = (out / name).read_bytes()[:12]
            assert head.startswith(PNG) or MP4_BOX in head, name


def test_run_saves_every_row_once_and_a_second_run_skips_them(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    data = [*rows(20), {"id": "two", "prompt": "two cats", "width": 64, "height": 64,
            "num_images": 2}, {"id": "clip", "kind": "video", "prompt": "waves",
            "duration_seconds": 1}]  # fmt: skip
    run = client.batch.run(data, tmp_path)
    assert (run.summary.done, run.summary.failed, run.summary.total) == (22, 0, 22)
    entries = manifest(tmp_path)
    assert [e["id"] for e in entries] == [d["id"] for d in data]
    assert_outputs(tmp_path, entries)
    assert entries[20]["files"] == ["two-1.png", "two-2.png"]
    assert entries[21]["files"] == ["clip.mp4"]
    assert sandbox.usage_records() == 22
    again = client.batch.run(data, tmp_path)
    assert (again.summary.done, again.summary.skipped) == (0, 22)
    assert sandbox.usage_records() == 22


def test_rows_caught_mid_flight_resume_with_the_same_key(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    data = rows(12)
    client.batch.run(data, tmp_path, mode="background")
    assert sandbox.usage_records() == 12
    # As a crash would leave them: 4 rows posted with no answer recorded, 4 accepted and
    # being polled; their files not written yet.
    db = sqlite3.connect(tmp_path / JOURNAL_NAME)
    db.execute("UPDATE jobs SET state = 'submitting' WHERE id IN ('r0','r1','r2','r3')")
    db.execute("UPDATE jobs SET state = 'submitted' WHERE id IN ('r4','r5','r6','r7')")
    db.commit()
    db.close()
    for i in range(8):
        (tmp_path / f"r{i}.png").unlink()
    run = client.batch.run(data, tmp_path, mode="background")
    assert (run.summary.done, run.summary.skipped) == (8, 4)
    assert sandbox.usage_records() == 12  # replayed or polled: nothing billed again
    assert_outputs(tmp_path, manifest(tmp_path))


def test_transient_faults_retry_and_failed_jobs_are_recorded_once(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    path = "/images/generate"
    sandbox.inject_fault("status", status=429, count=3, retry_after="0.2", path=path)
    sandbox.inject_fault("status", status=503, count=2, path=path)
    sandbox.inject_fault("status", status=500, count=2, path=path, after_processing=True)
    sandbox.inject_fault("job_fail", count=2, path=path)
    data = rows(30)
    run = client.batch.run(data, tmp_path, mode="background", retries=4, backoff_base=0.01)
    s = run.summary
    assert (s.done, s.failed) == (28, 2), run.failed
    assert s.throttled >= 3
    assert {f.error_code for f in run.failed} == {"GENERATION_FAILED"}
    assert all(f.request_id for f in run.failed)
    assert sandbox.usage_records() == 30  # one generation per row, failures included
    entries = manifest(tmp_path)
    assert len(entries) == 30 and sum(e["status"] == "done" for e in entries) == 28
    assert_outputs(tmp_path, entries)
    # Failed rows stay failed on a plain re-run; retry_failed generates them again.
    assert client.batch.run(data, tmp_path).summary.failed == 2
    assert sandbox.usage_records() == 30
    retried = client.batch.run(data, tmp_path, retry_failed=True, mode="background")
    assert (retried.summary.done, retried.summary.failed) == (2, 0)
    assert sandbox.usage_records() == 32


def test_budget_stops_submitting_and_the_next_run_finishes(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    data = rows(20)
    run = client.batch.run(data, tmp_path, max_cost=0.02, concurrency=2)
    s = run.summary
    assert s.stopped == "max_cost" and 0 < s.done < 20
    assert s.cost <= 0.02 + 1e-9
    assert s.done + s.pending == 20
    rest = client.batch.run(data, tmp_path)
    assert rest.summary.done == s.pending and rest.summary.skipped == s.done
    assert sandbox.usage_records() == 20


def test_deadline_leaves_background_jobs_to_be_polled_by_the_next_run(tmp_path: Path) -> None:
    # The jobs cannot finish before the test says so (speed 0.001: hours), so the deadline
    # always finds them accepted and unfinished, however slow or fast the machine is; the
    # only assumption is that 4 POSTs answered 202 take less than the deadline.
    with Sandbox(db=":memory:", speed=0.001) as sb, Client(sb.api_key, base_url=sb.base_url) as c:
        data = rows(4, kind="image")
        run = c.batch.run(data, tmp_path, deadline=2.0, mode="background", poll_interval=0.05)
        assert run.summary.stopped == "deadline" and run.summary.pending == 4
        assert run.summary.done == 0 and sb.usage_records() == 0
        db = sqlite3.connect(tmp_path / JOURNAL_NAME)
        states = db.execute("SELECT state, request_id, attempts FROM jobs").fetchall()
        db.close()
        assert len(states) == 4
        assert all(s == "submitted" and rid and n == 1 for s, rid, n in states)
        assert sb.app is not None
        sb.app.store.run("UPDATE generations SET completes_at = 0")  # the provider finishes
        rest = c.batch.run(data, tmp_path, mode="background", poll_interval=0.05)
        assert rest.summary.done == 4
        assert sb.usage_records() == 4
        assert {e["attempts"] for e in manifest(tmp_path)} == {1}  # polled, never posted again
        assert_outputs(tmp_path, manifest(tmp_path))


def test_bad_rows_and_duplicate_ids_never_stop_the_batch(client: Client, tmp_path: Path) -> None:
    data = [*rows(3), {"id": "r1", "prompt": "again"}, {"prompt": 5}, {"id": "ok", "prompt": "x",
            "width": 64, "height": 64}]  # fmt: skip
    run = client.batch.run(data, tmp_path)
    assert (run.summary.done, run.summary.failed) == (4, 2)
    failed = {f.line: f for f in run.failed}
    assert set(failed) == {4, 5} and all(f.error_code == "INVALID_ROW" for f in failed.values())
    assert "duplicate" in (failed[4].error or "")


def test_streaming_sync_and_async(sandbox: Sandbox, client: Client, tmp_path: Path) -> None:
    seen = [item.id for item in client.batch.stream(rows(5), tmp_path / "a")]
    assert sorted(seen) == [f"r{i}" for i in range(5)]

    async def main() -> list[str]:
        async with AsyncClient(sandbox.api_key, base_url=sandbox.base_url) as ac:
            stream = ac.batch.stream(iter(rows(5)), tmp_path / "b")
            got = [item.status async for item in stream]
            assert stream.summary is not None and stream.summary.done == 5
            run = await ac.batch.run(rows(5), tmp_path / "b")
            assert run.summary.skipped == 5
            return got

    assert asyncio.run(main()) == ["done"] * 5
    # Another folder is another batch (another key namespace): billed again, as asked.
    assert sandbox.usage_records() == 10


def test_rejected_key_stops_the_run_with_the_typed_error(sandbox: Sandbox, tmp_path: Path) -> None:
    from visgate_sdk.exceptions import AuthenticationError

    with (
        Client("vg-not-a-key-000000", base_url=sandbox.base_url) as c,
        pytest.raises(AuthenticationError),
    ):
        c.batch.run(rows(5), tmp_path)
    assert len(manifest(tmp_path)) >= 1


def test_provider_failure_502_is_an_unknown_outcome_asked_again_with_the_same_key(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    # The gateway generated (and billed) the image, then the answer became a 502
    # PROVIDER_FAILURE: only the same key, sent again, collects it without a second charge.
    sandbox.inject_fault(
        "status", status=502, count=2, path="/images/generate", after_processing=True
    )
    run = client.batch.run(rows(6), tmp_path, retries=2)
    assert (run.summary.done, run.summary.failed) == (6, 0), run.failed
    assert sandbox.usage_records() == 6
    assert_outputs(tmp_path, manifest(tmp_path))


def test_a_provider_failure_replayed_under_its_key_is_final_and_retried_with_a_new_round(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    sandbox.inject_fault("job_fail", count=1, path="/images/generate")
    data = rows(3)
    run = client.batch.run(data, tmp_path, retries=1, concurrency=1)
    assert (run.summary.done, run.summary.failed) == (2, 1)
    assert run.failed[0].error_code == "PROVIDER_FAILURE"
    assert sandbox.usage_records() == 3  # the retry was a replay, not a second generation
    again = client.batch.run(data, tmp_path, retry_failed=True)
    assert (again.summary.done, again.summary.failed) == (1, 0)
    assert sandbox.usage_records() == 4  # a new round's key: generated again, on purpose


def test_a_retry_after_seen_by_one_task_pauses_new_submissions_of_every_task(
    sandbox: Sandbox, client: Client, tmp_path: Path
) -> None:
    # Arrival times are taken by the server as it reads each POST (real clocks, no fakes).
    app = sandbox.app
    assert app is not None
    posts: list[tuple[float, float, int]] = []  # (arrived, answered, status)
    original = app.dispatch

    def timed(request: Any) -> Any:
        arrived = time.monotonic()
        response = original(request)
        if request.method == "POST" and request.path.endswith("/images/generate"):
            posts.append((arrived, time.monotonic(), response.status_code))
        return response

    app.dispatch = timed  # type: ignore[method-assign]
    sandbox.inject_fault("status", status=429, count=1, retry_after="1", path="/images/generate")
    run = client.batch.run(rows(40), tmp_path, concurrency=4)
    assert run.summary.done == 40 and run.summary.throttled == 1
    assert len(posts) == 41
    (answered,) = [end for _, end, status in posts if status == 429]
    during = [t for t, _, _ in posts if answered < t < answered + 0.9]
    after = [t for t, _, _ in posts if t >= answered + 0.9]
    # Only what other tasks had already sent (at most the window, 4) lands in the pause;
    # without a shared pause the 3 other tasks would send the rest of the 40 rows in it.
    assert len(during) <= 4, (len(during), len(after))
    assert len(after) >= 40 - 4 - len(during)
