"""Load ``KEY=value`` settings from a file, then run one example step or all of them.

    python examples/run_with_env.py                      # all steps
    python examples/run_with_env.py 05_usage_history_verify.py

The file is ``VISGATE_ENV_FILE`` if set, else ``.env`` at the repository root (copy
``.env.example`` to start one). Without a ``.env`` (and no ``VISGATE_ENV_FILE``) the environment
is used as it is: the API it names, or a local sandbox when ``VISGATE_API_KEY`` is unset.
Blank lines, ``#`` comments and lines without ``=`` are skipped; an ``export`` prefix and one
pair of matching quotes around the value are removed. Values from the file REPLACE variables already
set in the environment (the file is the source of truth, as in the published runner).
Steps run through ``run_all_capabilities``, so output goes to ``out_<step>.txt`` as usual and a
local sandbox is used when the file sets no ``VISGATE_API_KEY``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_env_file(path: Path) -> dict[str, str]:
    """The settings of an env file."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key:
            values[key] = value
    return values


def main(argv: list[str]) -> int:
    chosen = os.environ.get("VISGATE_ENV_FILE")
    env_file = Path(chosen or HERE.parent / ".env")
    if env_file.is_file():
        settings = read_env_file(env_file)
        os.environ.update(settings)
        # Names and values stay private.
        print(f"env_file={env_file} variables_loaded={len(settings)}")
    elif chosen:
        print(f"error: env file not found: {env_file} (VISGATE_ENV_FILE)", file=sys.stderr)
        return 1
    else:
        print(f"env_file=none ({env_file} not found: using the environment as it is)")

    import run_all_capabilities as runner  # next to this file, so on sys.path[0]

    if not argv:
        return runner.main([])
    step = argv[0].removesuffix(".py")
    if not (HERE / f"{step}.py").is_file() or step not in runner.STEPS:
        print(f"error: no example step {argv[0]!r} in {HERE}", file=sys.stderr)
        return 1
    return runner.main(["--only", step])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
