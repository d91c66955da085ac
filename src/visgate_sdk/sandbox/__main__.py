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
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

DESCRIPTION = """\
Run a local visgate API: API keys, managed and BYOK modes, the model catalog, the cache,
202 jobs to poll, usage and billing, real PNG and MP4 files. Prints one JSON line (base_url,
api_key, db, pid) and serves until Ctrl-C or SIGTERM; state lives in --db.
Point the SDK at it: export VISGATE_BASE_URL=<base_url> VISGATE_API_KEY=<api_key>
"""

EPILOG = """\
faults: POST a JSON object to /_sandbox/faults (bearer: the sandbox's API key) and the next
  `count` matching requests misbehave; GET lists them, DELETE disarms them all. Fields: kind
  (status | html | slow | reset | job_fail), count, status, path (prefix), method,
  retry_after, retry_after_ms, delay (for slow), after_processing. Example:
    curl -X POST -H "Authorization: Bearer $VISGATE_API_KEY" \\
      -d '{"kind": "status", "status": 429, "count": 2, "retry_after": "1"}' \\
      http://127.0.0.1:8787/_sandbox/faults
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


def _checked(
    convert: Callable[[str], float], ok: Callable[[float], bool], expected: str
) -> Callable[[str], float]:
    """An argparse type: ``convert`` the text, refused unless ``ok``, saying what was expected."""

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            value = math.nan
        if not ok(value):
            raise argparse.ArgumentTypeError(f"must be {expected}, got {text!r}")
        return value

    return parse


def _db(text: str) -> str:
    folder = Path(text).expanduser().parent
    if text != ":memory:" and not folder.is_dir():
        raise argparse.ArgumentTypeError(f"cannot create {text!r}: no directory {str(folder)!r}")
    return text


def _parser() -> _Parser:
    def positive(unit: str) -> Callable[[str], float]:
        return _checked(float, lambda v: v > 0 and math.isfinite(v), f"a positive number{unit}")

    parser = _Parser("visgate-sandbox", description=DESCRIPTION, epilog=EPILOG)
    parser.formatter_class = _HelpFormatter
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="interface to listen on")
    port = _checked(int, lambda v: 0 <= v <= 65535, "a port from 0 to 65535")
    add("--port", type=port, default=8787, help="port; 0 picks a free one")
    add("--db", type=_db, default="visgate-sandbox.db", help="SQLite file, or :memory:")
    add("--speed", type=positive(""), default=1.0, help="divide every simulated duration by this")
    limit = "requests a second per API key; beyond: 429, Retry-After (default: no limit)"
    add("--rate-limit", type=positive(" of requests"), metavar="N", help=limit)
    add("--api-key", help="use this API key (default: the one in --db, or a new vg-... key)")
    add("--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Start the sandbox, print one JSON line (base_url, api_key, db, pid), stop on a signal."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        from visgate_sdk.sandbox.server import Sandbox
    except ImportError as exc:
        extra = "pip install 'visgate-sdk[sandbox]'"
        print(f"error: the sandbox needs extra packages: {extra} ({exc})", file=sys.stderr)
        return 1
    options = {"api_key": args.api_key, "quiet": not args.verbose, "rate_limit": args.rate_limit}
    sandbox = Sandbox(args.db, speed=args.speed, host=args.host, port=args.port, **options)
    try:
        sandbox.start()
    except sqlite3.Error as exc:
        parser.error(f"argument --db: cannot open {args.db!r} as a SQLite database: {exc}")
    except OSError as exc:
        bad_host = isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL
        option, reason = "--host" if bad_host else "--port", exc.strerror or str(exc)
        parser.error(f"argument {option}: cannot listen on {args.host}:{args.port}: {reason}")
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    line = {"base_url": sandbox.base_url, "api_key": sandbox.api_key, "db": args.db}
    print(json.dumps({**line, "pid": os.getpid()}), flush=True)
    print(f"visgate sandbox on {sandbox.base_url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    stopped.wait()
    sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
