"""Rows a second through Ray Data vs the single-process bulk runner, same sandbox rate limit.

``python scripts/bench_ray.py [--rows 300] [--rate-limit 50] [--actors 2] [--quick]``

One sandbox (a subprocess, so that neither side shares its interpreter with it) with a
per-key rate limit; the same number of fresh rows (new prompts, nothing cached or replayed)
through ``client.batch.run`` and through ``visgate_sdk.integrations.ray.generate`` on a local
Ray (2 CPUs, no dashboard). Both save every image to a temporary folder. The Ray time
includes starting the actor pool (not ``ray.init``); ``steady_rows_per_s`` leaves it out
(the rate after the first batch came back, what a long run sees). Prints one JSON object.
The point is correctness at scale (billed == rows on both sides): on two cores expect parity
at best, not a gain.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx


def rows(n: int, tag: str) -> list[dict[str, Any]]:
    # A fresh token per run: no exact or similar-prompt cache hit, no replayed key.
    return [
        {"id": f"{tag}{i}", "prompt": f"{tag} {i} {secrets.token_hex(4)}", "width": 64,
         "height": 64}
        for i in range(n)
    ]  # fmt: skip


def start_sandbox(rate: float, key: str) -> tuple[subprocess.Popen[str], str]:
    cmd = [sys.executable, "-m", "visgate_sdk.sandbox", "--port", "0", "--db", ":memory:",
           "--speed", "1000", "--rate-limit", str(rate), "--api-key", key]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    info = json.loads(proc.stdout.readline())
    return proc, str(info["base_url"])


def billed(base_url: str, key: str) -> int:
    answer = httpx.get(base_url + "/usage", headers={"Authorization": f"Bearer {key}"})
    return int(answer.json()["total_requests"])


def bulk_runner(base_url: str, key: str, n: int) -> dict[str, Any]:
    from visgate_sdk import Client

    before = billed(base_url, key)
    with Client(key, base_url=base_url) as client, tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        run = client.batch.run(rows(n, "bulk"), out)
        seconds = time.perf_counter() - started
    return {
        "rows": n,
        "done": run.summary.done,
        "seconds": round(seconds, 2),
        "rows_per_s": round(run.summary.done / seconds, 1),
        "billed": billed(base_url, key) - before,
        "throttled_429_503": run.summary.throttled,
    }


def through_ray(base_url: str, key: str, n: int, actors: int, batch_size: int) -> dict[str, Any]:
    import ray

    from visgate_sdk.integrations.ray import generate

    # The key goes to Ray's processes through their environment, as on a real cluster.
    os.environ["VISGATE_API_KEY"] = key
    started = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200 * 1024 * 1024,
             log_to_driver=False, configure_logging=False)  # fmt: skip
    ray.data.DataContext.get_current().enable_progress_bars = False
    init_seconds = time.perf_counter() - started
    try:
        before = billed(base_url, key)
        with tempfile.TemporaryDirectory() as out:
            ds = ray.data.from_items(rows(n, "ray"), override_num_blocks=max(2, actors * 2))
            out_ds = generate(ds, batch_name="bench-ray", base_url=base_url,
                              concurrency=actors, batch_size=batch_size,
                              max_in_flight=batch_size, out_dir=out)  # fmt: skip
            started = time.perf_counter()
            first: tuple[float, int] | None = None  # when the first results came, how many
            results: list[dict[str, Any]] = []
            for batch in out_ds.iter_batches(batch_size=None, batch_format="pyarrow"):
                results.extend(batch.select(["status", "attempts"]).to_pylist())
                if first is None:
                    first = (time.perf_counter(), len(results))
            seconds = time.perf_counter() - started
    finally:
        ray.shutdown()
    done = sum(r["status"] == "done" for r in results)
    return {
        "rows": n,
        "done": done,
        "actors": actors,
        "batch_size": batch_size,
        "seconds": round(seconds, 2),
        "rows_per_s": round(done / seconds, 1),
        "rows_per_s_per_actor": round(done / seconds / actors, 1),
        # After the actors started and the first batch came back: what a long run sees.
        "steady_rows_per_s": round((done - first[1]) / (started + seconds - first[0]), 1)
        if first and done > first[1]
        else None,
        "billed": billed(base_url, key) - before,
        "extra_submits": sum(int(r["attempts"]) for r in results) - done,
        "ray_init_seconds": round(init_seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--rate-limit", type=float, default=50.0)
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64, help="rows per Ray call")
    parser.add_argument("--quick", action="store_true", help="100 rows")
    args = parser.parse_args()
    n = 100 if args.quick else args.rows
    key = "vg-bench-" + secrets.token_hex(12)
    proc, base_url = start_sandbox(args.rate_limit, key)
    try:
        report = {
            "rate_limit_per_s": args.rate_limit,
            "bulk_runner": bulk_runner(base_url, key, n),
            "ray": through_ray(base_url, key, n, args.actors, args.batch_size),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(json.dumps(report, indent=2))
    ok = all(report[side]["billed"] == report[side]["done"] == n for side in ("bulk_runner", "ray"))
    if not ok:
        sys.exit("a row was not done, or billed other than once")


if __name__ == "__main__":
    main()
