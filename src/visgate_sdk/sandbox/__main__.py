"""``visgate-sandbox`` / ``python -m visgate_sdk.sandbox``: run the local visgate API."""

from __future__ import annotations

import argparse
import errno
import json
import math
import os
import signal
import socket
import sqlite3
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import NoReturn

MEMORY = ":memory:"

DESCRIPTION = """\
Run a local visgate API on your machine: API keys, managed and BYOK modes, the model
catalog, the generation cache, 202 jobs to poll, usage and billing, real PNG and MP4 files.
It prints one JSON line (base_url, api_key, db, pid) and serves until Ctrl-C or SIGTERM.
State lives in the --db file and survives a restart (use :memory: for a throwaway run).

Point the SDK at it:
  export VISGATE_BASE_URL=<base_url> VISGATE_API_KEY=<api_key>
"""

EPILOG = """\
faults:
  The sandbox misbehaves on demand, for the next N matching requests: POST a JSON object to
  /_sandbox/faults (with the sandbox's API key as bearer), GET it to list the armed faults,
  DELETE it to disarm them all. Fields: kind (status | html | slow | reset | job_fail),
  count (default 1), status (default 503), path (a prefix such as /videos/generate),
  method, retry_after, retry_after_ms, delay (seconds, for slow), after_processing.
    status    answer with that status and the error envelope (429, 500, 502, 503, ...)
    html      answer with an nginx-style HTML error page
    slow      wait `delay` seconds, then answer 504
    reset     drop the connection without an answer
    job_fail  the generation fails at the provider (a job ends failed, a waiting call 502)
  Example:
    curl -X POST -H "Authorization: Bearer $VISGATE_API_KEY" \\
      -d '{"kind": "status", "status": 429, "count": 2, "retry_after": "1"}' \\
      http://127.0.0.1:8787/_sandbox/faults

rate limits:
  --rate-limit N gives each API key a token bucket of N requests a second (bursts of up to
  N); beyond it the API answers 429 RATE_LIMITED with Retry-After, like the live gateway.
  /health and the public model catalog are not limited. Without the option there is no limit.
"""


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Defaults shown after each option; the description and epilog keep their line breaks."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        # No "(default: None)" or "(default: False)": those options say it in their own words.
        if action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    """argparse, but an error is one line (``visgate-sandbox: error: ...``), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port from 0 to 65535, got {text!r}")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number of requests, got {text!r}")
    return value


def _db(text: str) -> str:
    if text != MEMORY and not Path(text).expanduser().parent.is_dir():
        folder = Path(text).expanduser().parent
        raise argparse.ArgumentTypeError(f"cannot create {text!r}: no directory {str(folder)!r}")
    return text


def _parser() -> _Parser:
    parser = _Parser(
        prog="visgate-sandbox",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--port", type=_port, default=8787, help="port; 0 picks a free one")
    parser.add_argument(
        "--db", type=_db, default="visgate-sandbox.db", help="SQLite file, or :memory:"
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="divide every simulated duration by this (1000 makes jobs finish at once)",
    )
    parser.add_argument(
        "--rate-limit",
        type=_rate,
        default=None,
        metavar="N",
        help="requests a second allowed per API key, then 429 + Retry-After (default: no limit)",
    )
    parser.add_argument(
        "--api-key",
        default=None,
        help="use this API key (default: the one stored in --db, or a new vg-... key)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Start the sandbox, print one JSON line (base_url, api_key, db, pid), stop on a signal."""
    parser = _parser()
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
        rate_limit=args.rate_limit,
    )
    try:
        sandbox.start()
    except sqlite3.Error as exc:
        parser.error(f"argument --db: cannot open {args.db!r} as a SQLite database: {exc}")
    except OSError as exc:
        bad_host = isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL
        option = "--host" if bad_host else "--port"
        reason = exc.strerror or str(exc)
        parser.error(f"argument {option}: cannot listen on {args.host}:{args.port}: {reason}")
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
