"""``visgate-sandbox`` / ``python -m visgate_sdk.sandbox``: run the local visgate API."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from types import FrameType


def main(argv: list[str] | None = None) -> int:
    """Start the sandbox, print one JSON line (base_url, api_key, db, pid), stop on a signal."""
    parser = argparse.ArgumentParser(prog="visgate-sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--port", type=int, default=8787, help="port (0 picks a free one)")
    parser.add_argument("--db", default="visgate-sandbox.db", help="SQLite file, or :memory:")
    parser.add_argument("--speed", type=float, default=1.0, help="divide simulated durations")
    parser.add_argument("--api-key", default=None, help="force this API key")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        from visgate_sdk.sandbox.server import Sandbox
    except ImportError as exc:
        print(
            f"error: the sandbox needs extra packages: pip install 'visgate-sdk[sandbox]' ({exc})",
            file=sys.stderr,
        )
        return 1
    sandbox = Sandbox(
        args.db,
        speed=args.speed,
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        quiet=not args.verbose,
    )
    try:
        sandbox.start()
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    line = {
        "base_url": sandbox.base_url,
        "api_key": sandbox.api_key,
        "db": args.db,
        "pid": os.getpid(),
    }
    print(json.dumps(line), flush=True)
    print(f"visgate sandbox on {sandbox.base_url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    stopped.wait()
    sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
