"""Ray Data against a rate-limited sandbox: an actor dies mid-run, no row is paid twice.

One local Ray (2 CPUs, no dashboard) for the module; the sandbox runs in this process and the
actors reach it on 127.0.0.1. The API key reaches the workers only as the environment
Ray's processes start with (as with ``VISGATE_API_KEY=... ray start`` on a cluster), and must
show up in none of Ray's logs. (``runtime_env={"env_vars": ...}`` is not used: Ray's
runtime-env agent writes those values to runtime_env_agent.log.)
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray")

from visgate_sdk import Client  # noqa: E402
from visgate_sdk.integrations.ray import RESULT_COLUMNS, VisgateGenerate, generate  # noqa: E402
from visgate_sdk.sandbox import Sandbox  # noqa: E402

pytestmark = pytest.mark.ray

ROWS = 200
RATE = 40.0  # requests a second the sandbox allows the key; the actors together go faster
SECRET = "vg-ray-" + secrets.token_hex(16)


@pytest.fixture(scope="module")
def gateway() -> Iterator[Sandbox]:
    with Sandbox(db=":memory:", speed=1000.0, api_key=SECRET, rate_limit=RATE) as sb:
        yield sb


@pytest.fixture(scope="module")
def ray_logs() -> Iterator[Path]:
    """Ray started once for the module; yields its session folder (logs included)."""
    # A short private root: Ray's socket paths must fit in 107 bytes.
    root = Path(tempfile.mkdtemp(prefix="vgray"))
    # The raylet copies this process's environment when it starts, and its workers inherit
    # it; the key is taken out again at once so that no other test of this process sees it.
    saved = os.environ.get("VISGATE_API_KEY")
    os.environ["VISGATE_API_KEY"] = SECRET
    try:
        ray.init(
            num_cpus=2,
            include_dashboard=False,
            object_store_memory=200 * 1024 * 1024,
            _temp_dir=str(root),
            log_to_driver=False,
            configure_logging=False,
        )
    finally:
        if saved is None:
            del os.environ["VISGATE_API_KEY"]
        else:
            os.environ["VISGATE_API_KEY"] = saved
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    try:
        yield root
    finally:
        ray.shutdown()
        shutil.rmtree(root, ignore_errors=True)


def job_rows(n: int) -> list[dict[str, Any]]:
    # Distinct words per row: the sandbox's similar-prompt cache must not merge rows.
    return [
        {"id": f"r{i:03d}", "prompt": f"harbour {i} {secrets.token_hex(4)}", "width": 64,
         "height": 64}
        for i in range(n)
    ]  # fmt: skip


def killing_class(marker: Path, victim: str) -> type[VisgateGenerate]:
    """A VisgateGenerate whose process exits once, right after ``victim`` was generated.

    Its siblings in the batch are still in flight then; the batch's results are lost, so
    Ray restarts the actor and runs the batch again. Defined in a function so that Ray
    pickles it by value (the test module is not importable on the workers).
    """

    class DiesOnce(VisgateGenerate):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            run_row = self._worker.run_row

            async def run_then_die(row: Any) -> dict[str, Any]:
                result = await run_row(row)
                if row.id == victim:
                    try:
                        marker.open("x").close()
                    except FileExistsError:
                        return result
                    os._exit(1)
                return result

            self._worker.run_row = run_then_die  # type: ignore[method-assign]

    return DiesOnce


def test_an_actor_killed_mid_run_costs_nothing_extra_and_every_row_has_a_result(
    gateway: Sandbox, ray_logs: Path, tmp_path: Path
) -> None:
    data = [*job_rows(ROWS), {"id": "blank", "prompt": ""}]
    marker = tmp_path / "died"
    ds = ray.data.from_items(data, override_num_blocks=4)
    out = ds.map_batches(
        killing_class(marker, victim="r117"),
        fn_constructor_kwargs={"batch_name": "ray-test", "base_url": gateway.base_url},
        compute=ray.data.ActorPoolStrategy(size=2),
        batch_size=20,
        batch_format="pyarrow",
        num_cpus=0.5,
    )
    results = {r["id"]: r for r in out.take_all()}

    assert marker.exists(), "the actor was not killed: the test proved nothing"
    assert set(results) == {d["id"] for d in data}
    assert all(results[d["id"]]["status"] == "done" for d in data[:ROWS])
    assert results["blank"]["error_code"] == "INVALID_ROW"
    assert gateway.usage_records() == ROWS  # the lost batch was replayed, not paid again
    attempts = sum(results[d["id"]]["attempts"] for d in data[:ROWS])
    assert attempts > ROWS, "no 429 was met: the shared rate limit was not exercised"
    assert set(RESULT_COLUMNS) <= set(out.schema().names)
    assert results["r117"]["prompt"] == data[117]["prompt"]  # input columns kept

    assert_no_key_in(ray_logs)
    assert SECRET not in repr(out) and SECRET not in str(out.stats())
    # What Ray ships to each actor (the class and its constructor arguments) holds no key.
    assert SECRET.encode() not in ray.cloudpickle.dumps(out)


def test_a_rerun_and_the_bulk_runner_send_the_same_keys_and_pay_nothing_more(
    gateway: Sandbox, ray_logs: Path, tmp_path: Path
) -> None:
    data = job_rows(30)
    for row in data:
        row["id"] = "again-" + row["id"]
    billed = gateway.usage_records()
    first = {r["id"]: r for r in generate(ray.data.from_items(data), batch_name="rerun",
                                          base_url=gateway.base_url).take_all()}  # fmt: skip
    assert [first[d["id"]]["status"] for d in data] == ["done"] * 30
    assert gateway.usage_records() == billed + 30
    # The whole pipeline again: every row replayed under its key, with its first request id.
    again = generate(ray.data.from_items(data), batch_name="rerun", base_url=gateway.base_url)
    assert {r["id"]: r["request_id"] for r in again.take_all()} == {
        k: v["request_id"] for k, v in first.items()
    }
    # The single-machine bulk runner derives the same keys for the same rows.
    with Client(base_url=gateway.base_url, api_key=SECRET) as client:
        bulk = client.batch.run(data[:5], tmp_path / "bulk", batch_name="rerun")
    assert bulk.summary.done == 5
    assert {i.id: i.request_id for i in bulk.items()} == {
        d["id"]: first[d["id"]]["request_id"] for d in data[:5]
    }
    assert gateway.usage_records() == billed + 30
    assert_no_key_in(ray_logs)


def assert_no_key_in(folder: Path) -> None:
    leaked = [
        str(path)
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink() and SECRET.encode() in path.read_bytes()
    ]
    assert not leaked, f"the API key is written in {leaked}"
