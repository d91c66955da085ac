"""Run every example step in the published order and keep each step's output.

With ``VISGATE_API_KEY`` set the steps talk to that API (``VISGATE_BASE_URL`` or production).
Without it a local sandbox starts (fresh database, jobs sped up) and the steps run against it,
with sandbox-format provider keys so the bring-your-own-key steps show ``byok`` mode.

Each step's stdout is shown and written to ``<out>/out_<step>.txt``; media land next to it.
``<out>`` is ``demo-output/examples`` (ignored by git) unless ``VISGATE_EXAMPLES_OUT`` says
otherwise; ``VISGATE_EXAMPLES_OUT=examples/sample_outputs`` refreshes the committed samples.
Every step runs even after a failure; the exit status is 1 if any step failed.

    python examples/run_all_capabilities.py            # all 17 steps
    python examples/run_all_capabilities.py --cheap    # no generation, no credits spent
    python examples/run_all_capabilities.py --only 07_cache_demo,08_semantic_cache_demo
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BASE_URL = "https://visgateai.com/api/v1"
STEPS = [
    "00_smoke_sdk",
    "01_live_api_smoke",
    "00_auth_identity",
    "01_models_catalog",
    "02_generate_unified",
    "03_images_all_providers",
    "04_videos_all_providers",
    "05_usage_history_verify",
    "06_provider_balances",
    "07_cache_demo",
    "08_semantic_cache_demo",
    "09_provider_keys",
    "10_api_keys",
    "11_billing_readonly",
    "12_veo_from_catalog",
    "13_async_generation",
    "14_live_regression_smoke",
]
# Steps that generate nothing, so they cost nothing on the real API.
CHEAP = [
    "00_smoke_sdk",
    "01_live_api_smoke",
    "00_auth_identity",
    "01_models_catalog",
    "05_usage_history_verify",
    "06_provider_balances",
    "09_provider_keys",
    "10_api_keys",
    "11_billing_readonly",
]
# Sandbox-format provider keys (the sandbox only checks the shape), used unless real ones are
# set. Each entry: the variable to set, then every variable the examples read for that key.
SANDBOX_PROVIDER_KEYS = [
    (("VISGATE_FAL_API_KEY", "FAL_KEY"), "fal_sandbox_example_key"),
    (("VISGATE_REPLICATE_API_KEY", "REPLICATE_API_KEY"), "r8_sandbox_example_key"),
    (("VISGATE_RUNWAY_API_KEY", "RUNWAY_API_KEY"), "rw_sandbox_example_key"),
]
# The sandbox's job times are divided by this: a video job takes 0.3 s instead of 6 s.
SANDBOX_SPEED = 20.0
STEP_TIMEOUT = float(os.environ.get("VISGATE_EXAMPLES_STEP_TIMEOUT") or 1200)


def output_dir() -> Path:
    # Not sample_outputs/: running the examples must leave the checkout as it was.
    default = HERE.parent / "demo-output" / "examples"
    return Path(os.environ.get("VISGATE_EXAMPLES_OUT") or default).resolve()


def parse_args(argv: list[str] | None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--only", help="comma-separated steps to run (with or without .py)")
    group.add_argument("--cheap", action="store_true", help="only the steps that generate nothing")
    args = parser.parse_args(argv)
    if args.cheap:
        return list(CHEAP)
    if not args.only:
        return list(STEPS)
    wanted = [name.strip().removesuffix(".py") for name in args.only.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in STEPS]
    if unknown or not wanted:
        parser.error(f"unknown step(s) {unknown or args.only!r}; steps: {', '.join(STEPS)}")
    return [step for step in STEPS if step in wanted]  # always in the published order


@contextlib.contextmanager
def target_env() -> Iterator[dict[str, str]]:
    """The environment of the steps: the configured API, or a sandbox started here."""
    env = dict(os.environ)
    if env.get("VISGATE_API_KEY", "").strip():
        print(f"target=api base_url={env.get('VISGATE_BASE_URL') or DEFAULT_BASE_URL}")
        yield env
        return
    from visgate_sdk.sandbox import Sandbox  # needs visgate-sdk[sandbox]

    with (
        tempfile.TemporaryDirectory(prefix="visgate-examples-") as state,
        Sandbox(db=str(Path(state) / "sandbox.db"), speed=SANDBOX_SPEED) as sandbox,
    ):
        print(f"target=sandbox base_url={sandbox.base_url}")
        env.update(VISGATE_API_KEY=sandbox.api_key, VISGATE_BASE_URL=sandbox.base_url)
        for names, value in SANDBOX_PROVIDER_KEYS:
            if not any(env.get(name, "").strip() for name in names):
                env[names[0]] = value
        yield env


def run_step(step: str, env: dict[str, str], out: Path) -> bool:
    """Run one step, showing its stdout and writing it to ``out_<step>.txt``."""
    print(f"--- {step}", flush=True)
    started = time.monotonic()
    with (out / f"out_{step}.txt").open("w", encoding="utf-8") as log:
        child = subprocess.Popen(
            [sys.executable, "-u", str(HERE / f"{step}.py")],
            stdout=subprocess.PIPE,
            env=env,
            cwd=HERE.parent,
            text=True,
            encoding="utf-8",
        )
        # Reading line by line blocks, so a timer enforces the per-step time limit.
        timer = threading.Timer(STEP_TIMEOUT, child.kill)
        timer.start()
        try:
            assert child.stdout is not None
            for line in child.stdout:
                sys.stdout.write(line)
                log.write(line)
            code = child.wait()
        finally:
            timer.cancel()
    seconds = time.monotonic() - started
    if code == 0:
        print(f"step_ok={step} seconds={seconds:.1f}", flush=True)
        return True
    print(f"step_failed={step} exit_code={code} seconds={seconds:.1f}", flush=True)
    return False


def main(argv: list[str] | None = None) -> int:
    steps = parse_args(argv)
    out = output_dir()
    out.mkdir(parents=True, exist_ok=True)
    print(f"output_dir={out}")
    with target_env() as env:
        env["VISGATE_EXAMPLES_OUT"] = str(out)  # media next to the outputs, whatever the cwd
        failed = [step for step in steps if not run_step(step, env, out)]
    if failed:
        print(f"failed_steps={','.join(failed)}")
        return 1
    print("all_steps_completed=true")
    return 0


if __name__ == "__main__":
    sys.exit(main())
