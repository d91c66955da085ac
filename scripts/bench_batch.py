"""Bulk-runner figures against the sandbox: ``python scripts/bench_batch.py [--quick]``.

(a) jobs/s of ``visgate batch`` under a sandbox rate limit, as a fraction of the limit, against
    the hand-written ``Semaphore`` + ``gather`` loop (each in its own process; 429 answers
    counted at the server);
(b) API requests per job for background jobs (POST + polls);
(c) peak RSS of the ``visgate batch`` process for 100,000 rows vs 1,000, through the real
    runner against a sandbox process (``--rss-rows N`` for another size);
(d) billed rows after a SIGKILL at 50 % and a resume, vs the number of rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any


def _rows(n: int, prefix: str = "p") -> list[dict[str, Any]]:
    return [{"id": f"{prefix}{i}", "prompt": f"{prefix} shot {i}", "width": 64, "height": 64}
            for i in range(n)]  # fmt: skip


def _count_429s(sandbox: Any) -> list[int]:
    counter = [0]
    app = sandbox.app
    original = app.throttle

    def throttle(*args: Any, **kwargs: Any) -> None:
        try:
            original(*args, **kwargs)
        except Exception:
            counter[0] += 1
            raise

    app.throttle = throttle
    return counter


def _write_rows(path: Path, n: int, prefix: str) -> Path:
    with path.open("w") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"{prefix}{i}", "prompt": f"{prefix} shot {i}",
                                     "width": 64, "height": 64}) + "\n")  # fmt: skip
    return path


def _sandbox_env(base_url: str, api_key: str) -> dict[str, str]:
    return {**os.environ, "VISGATE_API_KEY": api_key, "VISGATE_BASE_URL": base_url}


def _loop_child(n: int, width: int) -> None:
    """The loop users write today, in its own process: Semaphore(width) + gather, SDK retries."""
    from visgate_sdk import AsyncClient

    async def main() -> dict[str, float]:
        folder = tempfile.mkdtemp()
        async with AsyncClient() as c:
            gate = asyncio.Semaphore(width)

            async def one(row: dict[str, Any]) -> None:
                async with gate:
                    result = await c.images.generate(
                        "fal-ai/flux/schnell", row["prompt"], width=64, height=64
                    )
                    await result.asave(f"{folder}/{row['id']}.png", overwrite=True)

            start = time.monotonic()
            outcome = await asyncio.gather(*(one(r) for r in _rows(n, "h")),
                                           return_exceptions=True)  # fmt: skip
            ok = sum(1 for o in outcome if o is None)
            return {"jobs_per_s": ok / (time.monotonic() - start), "failed": n - ok}

    print(json.dumps(asyncio.run(main())))


def figure_a(limit: float, n: int, speed: float = 1000.0, width: int = 16) -> dict[str, Any]:
    """Each contender in its own process (the real ``visgate batch`` command, and the loop of
    ``width`` in flight), against one in-process sandbox that counts the 429s it answers.
    ``speed`` sets the generation latency (1.0: a quarter second, as a fast real model)."""
    from visgate_sdk.sandbox import Sandbox

    out: dict[str, Any] = {}
    folder = Path(tempfile.mkdtemp())
    with Sandbox(db=":memory:", speed=speed, rate_limit=limit) as sb:
        seen = _count_429s(sb)
        env = _sandbox_env(sb.base_url, sb.api_key)
        source = _write_rows(folder / "rows.jsonl", n, "a")
        time.sleep(1.1)  # a full bucket for each contender
        done = subprocess.run(
            [sys.executable, "-m", "visgate_sdk.batch", str(source), "-o", str(folder / "out"),
             "--json", "--no-progress"], env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        summary = json.loads(done.stdout)
        out["batch_jobs_per_s"] = summary["done"] / summary["seconds"]
        out["batch_429s"] = seen[0]
        seen[0] = 0
        time.sleep(1.1)
        loop = subprocess.run(
            [sys.executable, __file__, "--loop-child", str(n), str(width)], env=env,
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        measured = json.loads(loop.stdout)
        out["loop_jobs_per_s"] = measured["jobs_per_s"]
        out["loop_failed_rows"] = measured["failed"]
        out["loop_429s"] = seen[0]
    out["limit"] = limit
    out["batch_fraction_of_limit"] = out["batch_jobs_per_s"] / limit
    return out


def figure_b(n: int) -> dict[str, Any]:
    from visgate_sdk import Client
    from visgate_sdk.sandbox import Sandbox

    with Sandbox(db=":memory:", speed=1000.0) as sb:
        app = sb.app
        assert app is not None
        counted = [0]
        original = app.dispatch

        def dispatch(request: Any) -> Any:
            if request.path.startswith("/api/v1/"):
                counted[0] += 1
            return original(request)

        app.dispatch = dispatch
        with Client(sb.api_key, base_url=sb.base_url) as c:
            run = c.batch.run(_rows(n, "b"), tempfile.mkdtemp(), mode="background")
        api_calls = counted[0] - 2  # the price lookups (models.get, billing.pricing)
        return {"jobs": run.summary.done, "api_requests_per_job": api_calls / max(1, n)}


def _sandbox_process(folder: Path) -> AbstractContextManager[dict[str, Any]]:
    """A sandbox in its own process (fast jobs, its database in ``folder``): its address line."""
    from visgate_sdk.sandbox.process import sandbox_process

    return sandbox_process(folder / "sb.db", "--speed", "1000")


def _peak_rss_of_batch(n: int) -> tuple[float, float]:
    """Run ``visgate batch`` over ``n`` rows against a sandbox process; (peak RSS MiB, s)."""
    folder = Path(tempfile.mkdtemp())
    with _sandbox_process(folder) as info:
        source = _write_rows(folder / "rows.jsonl", n, "c")
        started = time.monotonic()
        runner = subprocess.Popen(
            [sys.executable, "-m", "visgate_sdk.batch", str(source), "-o", str(folder / "out"),
             "--json", "--no-progress"], env=_sandbox_env(info["base_url"], info["api_key"]),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert runner.stdout is not None
        text = runner.stdout.read()
        _, status, usage = os.wait4(runner.pid, 0)  # this child's own peak, not the sandbox's
        runner.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        summary = json.loads(text)
        assert summary["done"] == n, summary
        return usage.ru_maxrss / 1024, seconds  # KiB on Linux


def figure_c(big: int) -> dict[str, Any]:
    small_mib, _ = _peak_rss_of_batch(1000)
    big_mib, big_s = _peak_rss_of_batch(big)
    return {"rows": big, "rss_1000_mib": small_mib, "rss_big_mib": big_mib,
            "difference_mib": big_mib - small_mib, "big_seconds": big_s}  # fmt: skip


def figure_d(n: int) -> dict[str, Any]:
    import httpx

    folder = Path(tempfile.mkdtemp())
    with _sandbox_process(folder) as info:
        env = _sandbox_env(info["base_url"], info["api_key"])
        source = folder / "rows.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in _rows(n, "d")))
        out = folder / "out"
        cmd = [sys.executable, "-m", "visgate_sdk.batch", str(source), "-o", str(out), "--json"]
        first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        while first.poll() is None:
            try:
                db = sqlite3.connect(f"file:{out / 'journal.sqlite'}?mode=ro", uri=True)
                done = db.execute("SELECT COUNT(*) FROM jobs WHERE state='done'").fetchone()[0]
                db.close()
            except sqlite3.Error:
                done = 0
            if done >= n // 2:
                first.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
        first.wait()
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        auth = {"Authorization": f"Bearer {info['api_key']}"}
        usage = httpx.get(info["base_url"] + "/usage", timeout=10, headers=auth).json()
        return {"rows": n, "billed_generations": usage["total_requests"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument(
        "--rss-rows", type=int, help="rows of (c) (default 100,000; 10,000 with --quick)"
    )
    parser.add_argument("--loop-child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loop_child:
        _loop_child(*args.loop_child)
        return
    quick = args.quick
    a = figure_a(limit=20.0 if quick else 40.0, n=100 if quick else 400)
    # A quarter-second model under a 100/s limit: 16 in flight cannot reach the limit, 64 storm
    # it; the runner's window finds the width the limit allows.
    slow = {w: figure_a(limit=100.0, n=200 if quick else 600, speed=1.0, width=w) for w in (16, 64)}
    b = figure_b(100 if quick else 300)
    c = figure_c(args.rss_rows or (10_000 if quick else 100_000))
    d = figure_d(100 if quick else 400)
    print("| figure | value | target |")
    print("|---|---|---|")
    print(
        f"| (a) batch jobs/s at a {a['limit']:g}/s limit | {a['batch_jobs_per_s']:.1f} "
        f"({a['batch_fraction_of_limit']:.2f} of the limit), {a['batch_429s']} x 429 | >= 0.9 |"
    )
    print(
        f"| (a) Semaphore(16) + gather loop | {a['loop_jobs_per_s']:.1f} jobs/s, "
        f"{a['loop_429s']} x 429, {a['loop_failed_rows']} rows lost | slower, 429 storm |"
    )
    for width, r in slow.items():
        print(
            f"| (a) 0.25 s generations, {r['limit']:g}/s limit: batch vs Semaphore({width}) | "
            f"{r['batch_jobs_per_s']:.1f} ({r['batch_429s']} x 429) vs "
            f"{r['loop_jobs_per_s']:.1f} jobs/s ({r['loop_429s']} x 429, "
            f"{r['loop_failed_rows']} rows lost) | batch faster, fewer 429s |"
        )
    print(f"| (b) API requests per background job | {b['api_requests_per_job']:.2f} | <= 2.5 |")
    print(
        f"| (c) peak RSS, {c['rows']:,} vs 1,000 rows | {c['difference_mib']:+.1f} MiB "
        f"({c['rss_1000_mib']:.1f} -> {c['rss_big_mib']:.1f}; {c['big_seconds']:.0f} s) "
        "| within 20 MiB |"
    )
    print(
        f"| (d) billed after SIGKILL at 50 % + resume | {d['billed_generations']} for "
        f"{d['rows']} rows | exactly the rows |"
    )


if __name__ == "__main__":
    main()
