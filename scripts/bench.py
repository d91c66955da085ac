"""`make bench`: the facade against raw httpx on one fast local server, contenders interleaved.

Measures (1) median and p90 latency of ``models.get`` and ``images.generate`` through
``visgate_sdk.Client`` vs a raw ``httpx.Client`` doing the same request and JSON parse,
(2) async throughput at concurrency 64 vs a raw ``httpx.AsyncClient``, (3) cold import time
and (4) RSS after import + one client vs httpx alone. Each figure is printed with its target.
The machine has 2 cores shared by client and server, so absolute numbers are modest; ratios
are what the targets are about.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
MODEL_ID = "fal-ai/flux/schnell"
KEY = "vg-bench-key-0000"


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "bench_server.py")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}/api/v1"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- latency -------------------------------------------------------------------------------


def latency(base: str, rounds: int, per_round: int) -> dict[str, dict[str, float]]:
    from visgate_sdk import Client

    raw = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {KEY}"})
    sdk = Client(KEY, base_url=base)
    body = {"model": MODEL_ID, "prompt": "a sunset", "width": 1024, "height": 1024, "num_images": 1}

    def raw_get() -> Any:
        r = raw.get(f"/models/{MODEL_ID}")
        r.raise_for_status()
        return r.json()

    def raw_post() -> Any:
        r = raw.post("/images/generate", json=body)
        r.raise_for_status()
        return r.json()

    def raw_post_keyed() -> Any:  # like for like: the facade sends an idempotency key
        r = raw.post("/images/generate", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
        r.raise_for_status()
        return r.json()

    contenders: dict[str, Callable[[], Any]] = {
        "models.get raw httpx": raw_get,
        "models.get facade": lambda: sdk.models.get(MODEL_ID),
        "images.generate raw httpx": raw_post,
        "images.generate raw httpx + Idempotency-Key": raw_post_keyed,
        "images.generate facade": lambda: sdk.images.generate(
            MODEL_ID, "a sunset", width=1024, height=1024
        ),
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for fn in contenders.values():  # warm-up: connections, imports, caches
        for _ in range(50):
            fn()
    clock = time.perf_counter_ns
    # Interleaved request by request in a shuffled order, so drift in CPU speed or load, and
    # the position after one contender or another, hit every contender alike.
    order = list(contenders.items())
    shuffle = random.Random(1).shuffle
    for _ in range(rounds * per_round):
        shuffle(order)
        for name, fn in order:
            start = clock()
            fn()
            samples[name].append((clock() - start) / 1000)
    raw.close()
    sdk.close()
    return {
        name: {"median_us": statistics.median(v), "p90_us": percentile(v, 0.9)}
        for name, v in samples.items()
    }


# --- async throughput ------------------------------------------------------------------------


async def throughput(call: Callable[[], Awaitable[Any]], total: int, concurrency: int) -> float:
    left = total

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await call()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return total / (time.perf_counter() - start)


async def async_bench(base: str, rounds: int, total: int) -> dict[str, float]:
    from httpx_aiohttp import AiohttpTransport

    from visgate_sdk import AsyncClient

    headers = {"Authorization": f"Bearer {KEY}"}
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    raw = httpx.AsyncClient(base_url=base, headers=headers, limits=limits)
    raw_aiohttp = httpx.AsyncClient(base_url=base, headers=headers, transport=AiohttpTransport())
    sdk = AsyncClient(KEY, base_url=base)
    sdk_httpx = AsyncClient(KEY, base_url=base, _transport=httpx.AsyncHTTPTransport(limits=limits))

    async def raw_call(client: httpx.AsyncClient) -> Any:
        r = await client.get(f"/models/{MODEL_ID}")
        r.raise_for_status()
        return r.json()

    contenders: dict[str, Callable[[], Awaitable[Any]]] = {
        "raw httpx.AsyncClient": lambda: raw_call(raw),
        "facade AsyncClient (default: aiohttp transport)": lambda: sdk.models.get(MODEL_ID),
        "facade AsyncClient (stock httpx transport)": lambda: sdk_httpx.models.get(MODEL_ID),
        "raw httpx + httpx-aiohttp (reference)": lambda: raw_call(raw_aiohttp),
    }
    results: dict[str, list[float]] = {name: [] for name in contenders}
    for call in contenders.values():
        await throughput(call, 500, 64)
    for _ in range(rounds):
        for name, call in contenders.items():
            results[name].append(await throughput(call, total, 64))
    await raw.aclose()
    await raw_aiohttp.aclose()
    await sdk.close()
    await sdk_httpx.close()
    return {name: statistics.median(v) for name, v in results.items()}


# --- import time and memory -------------------------------------------------------------------

IMPORT_PROBE = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
RSS_PROBE = """
{stmt}
for line in open('/proc/self/status'):
    if line.startswith('VmRSS:'):
        print(int(line.split()[1]) / 1024)
"""


# As after `pip install`: byte-code cached (this machine sets PYTHONDONTWRITEBYTECODE).
PROBE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def probe(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=PROBE_ENV,
    )
    return float(out.stdout.strip().splitlines()[-1])


def cold_starts(runs: int) -> dict[str, float]:
    statements = {
        "import httpx": "import httpx",
        "import visgate_sdk": "import visgate_sdk",
        "from visgate_sdk import Client": "from visgate_sdk import Client",
    }
    rss = {
        "httpx + httpx.Client()": "import httpx; c = httpx.Client()",
        "visgate_sdk + Client()": (
            "import visgate_sdk; c = visgate_sdk.Client('vg-x-000000',"
            " base_url='http://127.0.0.1:9/api/v1')"
        ),
    }
    times: dict[str, list[float]] = {k: [] for k in statements}
    memory: dict[str, list[float]] = {k: [] for k in rss}
    for stmt in (*statements.values(), *rss.values()):  # warm-up: write the .pyc files
        probe(IMPORT_PROBE.format(stmt=stmt))
    for _ in range(runs):  # interleaved
        for name, stmt in statements.items():
            times[name].append(probe(IMPORT_PROBE.format(stmt=stmt)) * 1000)
        for name, stmt in rss.items():
            memory[name].append(probe(RSS_PROBE.format(stmt=stmt)))
    out = {f"{k} (ms)": statistics.median(v) for k, v in times.items()}
    out.update({f"RSS {k} (MiB)": statistics.median(v) for k, v in memory.items()})
    return out


# --- report -----------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny counts (a smoke run)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    rounds, per_round, total, runs = (2, 20, 300, 2) if args.quick else (10, 200, 6000, 7)

    proc, base = start_server()
    try:
        lat = latency(base, rounds, per_round)
        thr = asyncio.run(async_bench(base, max(2, rounds // 3), total))
    finally:
        proc.kill()
    cold = cold_starts(runs)

    print(
        f"visgate-sdk benchmark ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"python {sys.version.split()[0]})"
    )
    print("command: make bench  (python scripts/bench.py)\n")
    print("Latency, sequential, one keep-alive connection (µs)")
    report: dict[str, Any] = {"latency": lat, "throughput": thr, "cold": cold}
    for op in ("models.get", "images.generate"):
        raw, sdk = lat[f"{op} raw httpx"], lat[f"{op} facade"]
        ratio = sdk["median_us"] / raw["median_us"]
        report[f"{op} ratio"] = ratio
        print(
            f"  {op:16} raw httpx median {raw['median_us']:7.0f} p90 {raw['p90_us']:7.0f} | "
            f"facade median {sdk['median_us']:7.0f} p90 {sdk['p90_us']:7.0f} | "
            f"ratio {ratio:.3f} (target <= 1.05) {verdict(ratio <= 1.05)}"
        )
    keyed = lat["images.generate raw httpx + Idempotency-Key"]
    like = lat["images.generate facade"]["median_us"] / keyed["median_us"]
    report["images.generate ratio vs keyed raw"] = like
    print(
        f"  {'':16} raw httpx sending the same Idempotency-Key header: median "
        f"{keyed['median_us']:7.0f} p90 {keyed['p90_us']:7.0f} | facade/keyed raw {like:.3f}"
    )
    print("\nAsync throughput, concurrency 64, models.get (req/s)")
    base_rps = thr["raw httpx.AsyncClient"]
    for name, rps in thr.items():
        print(f"  {name:50} {rps:8.0f}  ({rps / base_rps:.2f}x raw httpx)")
    ratio = thr["facade AsyncClient (default: aiohttp transport)"] / base_rps
    report["async ratio"] = ratio
    print(
        f"  facade vs raw httpx.AsyncClient: {ratio:.2f}x (target >= 3.5x) {verdict(ratio >= 3.5)}"
    )
    print("\nCold start (fresh interpreter, median)")
    for name, value in cold.items():
        print(f"  {name:45} {value:8.1f}")
    imp = cold["import visgate_sdk (ms)"] / cold["import httpx (ms)"]
    imp_client = cold["from visgate_sdk import Client (ms)"] / cold["import httpx (ms)"]
    rss = cold["RSS visgate_sdk + Client() (MiB)"] - cold["RSS httpx + httpx.Client() (MiB)"]
    report.update({"import ratio": imp, "import Client ratio": imp_client, "rss delta": rss})
    print(f"  import visgate_sdk / import httpx: {imp:.2f}x (target <= 1.2) {verdict(imp <= 1.2)}")
    print(f"  from visgate_sdk import Client / import httpx: {imp_client:.2f}x")
    print(f"  RSS difference: {rss:+.1f} MiB (target within 2 MiB) {verdict(abs(rss) <= 2)}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
