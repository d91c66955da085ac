"""Image generations per second: ``visgate-sandbox`` in its own process, 8 client threads.

``.venv/bin/python tests/sandbox/bench_generations.py [N]`` (N distinct 1024x1024 prompts).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx


def main(count: int) -> None:
    command = [sys.executable, "-m", "visgate_sdk.sandbox", "--port", "0", "--db", ":memory:"]
    process = subprocess.Popen(
        [*command, "--speed", "1000000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    info = json.loads(process.stdout.readline())
    headers = {"Authorization": f"Bearer {info['api_key']}"}
    local = threading.local()
    done: list[float] = []

    def one(n: int) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(headers=headers, timeout=60)
        body = {
            "model": "fal-ai/flux/schnell",
            "prompt": f"a sunset over Istanbul number {n}",
            "width": 1024,
            "height": 1024,
        }
        answer = local.client.post(info["base_url"] + "/images/generate", json=body)
        assert answer.status_code == 200, answer.text
        done.append(time.perf_counter())

    try:
        one(-1)
        done.clear()
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(one, range(count)))
        elapsed = time.perf_counter() - started
        print(f"{count} generations (1024x1024, distinct prompts) in {elapsed:.2f} s: "
              f"{count / elapsed:.0f}/s")  # fmt: skip
        # Per-request cost must not grow with what is stored: compare the first and last 1,000.
        done.sort()
        window = min(1000, count // 2)
        if window >= 100:
            first = window / (done[window - 1] - started)
            last = window / (done[-1] - done[-window - 1])
            print(f"first {window}: {first:.0f}/s, last {window}: {last:.0f}/s")
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
