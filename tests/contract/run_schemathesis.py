"""``make contract``: schemathesis against a fresh sandbox, with the project's openapi.yaml.

Starts a sandbox on a free port (in-memory store, jobs finishing at once), runs every phase
(examples, coverage, fuzzing, stateful) with a fixed seed and a bounded number of examples,
then stops the sandbox. Offline and deterministic; exits with schemathesis' status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from visgate_sdk.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
SEED = "20260301"
MAX_EXAMPLES = "60"


def main(argv: list[str]) -> int:
    """Run schemathesis; extra arguments are passed on (e.g. ``--max-examples 50``)."""
    schemathesis = Path(sys.executable).with_name("schemathesis")
    with Sandbox(db=":memory:", speed=1000.0) as sandbox:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(Path(__file__).parent), os.environ.get("PYTHONPATH")) if p
            ),
            "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
            "NO_COLOR": "1",
        }
        command = [
            str(schemathesis),
            "run",
            str(ROOT / "openapi.yaml"),
            "--url",
            sandbox.base_url,
            "--header",
            f"Authorization: Bearer {sandbox.api_key}",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--checks",
            "all",
            "--seed",
            SEED,
            "--max-examples",
            MAX_EXAMPLES,
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--no-shrink",
            "--request-timeout",
            "10",
            "--warnings",
            "off",
            *argv,
        ]
        return subprocess.call(command, env=env, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
