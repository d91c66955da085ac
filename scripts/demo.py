"""`make demo`: run the quick start against the real API when a key is set, else a local sandbox.

With ``VISGATE_API_KEY`` set (and no ``VISGATE_BASE_URL``) the quick start talks to
https://visgateai.com/api/v1. Without a key, a sandbox starts on a free port (its state in
``.visgate-sandbox/demo.db``, so the cache survives between runs), the quick start runs
against it, and the sandbox stops. The image lands in ``demo-output/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = ROOT / "scripts" / "quickstart.py"
OUTPUT = ROOT / "demo-output"


def run_quickstart(env: dict[str, str]) -> int:
    OUTPUT.mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, str(QUICKSTART)], env=env, cwd=OUTPUT, check=False)
    if done.returncode == 0:
        print(f"demo: image written to {OUTPUT / 'sunset_istanbul.png'}")
    return done.returncode


def main() -> int:
    env = dict(os.environ)
    if env.get("VISGATE_API_KEY"):
        target = env.get("VISGATE_BASE_URL") or "https://visgateai.com/api/v1"
        print(f"demo: VISGATE_API_KEY is set, running the quick start against {target}")
        return run_quickstart(env)
    from visgate_sdk.sandbox import Sandbox

    state = ROOT / ".visgate-sandbox"
    state.mkdir(exist_ok=True)
    with Sandbox(db=str(state / "demo.db"), speed=4.0) as sandbox:
        print(f"demo: no VISGATE_API_KEY, using a local sandbox at {sandbox.base_url}")
        env.update(VISGATE_API_KEY=sandbox.api_key, VISGATE_BASE_URL=sandbox.base_url)
        return run_quickstart(env)


if __name__ == "__main__":
    sys.exit(main())
