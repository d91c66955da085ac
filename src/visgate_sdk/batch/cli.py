"""``visgate batch INPUT -o DIR``: the bulk runner on the command line.

Hook into the main parser with ``add_parser(subparsers, parents=[common])`` (it sets
``batch_run=run`` as a default) and call ``run(args)`` for the exit code. Standalone:
``python -m visgate_sdk.batch INPUT -o DIR``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from visgate_sdk import _cli_support as cs
from visgate_sdk import exceptions as errors
from visgate_sdk.batch.row_job import BACKOFF_BASE, BACKOFF_CAP, DEFAULT_RETRIES

# The main CLI's codes (one table for every visgate command, see `visgate --help`).
EXIT_ALL_DONE = cs.OK
EXIT_ROWS_FAILED = cs.ROWS_FAILED
EXIT_BUDGET = cs.BUDGET_REACHED
EXIT_DEADLINE = cs.TIMEOUT
EXIT_INTERRUPTED = cs.INTERRUPTED
EXIT_BUSY = cs.BATCH_BUSY
BATCH_EXIT_CODES = f"""batch exit codes:
  {EXIT_ALL_DONE:<3} every row is done (generated now or by an earlier run)
  {EXIT_ROWS_FAILED:<3} the run finished but some rows failed (see DIR/manifest.jsonl; run again
      with --retry-failed to generate them again)
  {EXIT_BUDGET:<3} --max-cost reached: rows were left for the next run (run again, higher cap)
  {EXIT_DEADLINE:<3} --deadline reached: rows were left for the next run (run the same command)
  {EXIT_INTERRUPTED:<3} interrupted (Ctrl-C): run the same command again to resume
  {EXIT_BUSY:<3} another run is using the output folder (it is locked); nothing was done
  {cs.USAGE} bad command line, {cs.AUTH} API key missing or rejected, {cs.VALIDATION} --dry-run \
found bad rows,
  other codes as for every visgate command (`visgate --help`)
"""
_SHOWN_FAILURES = 10


def _whole(text: str, minimum: int, wanted: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {wanted}, got {text!r}")
    return value


def _concurrency(text: str) -> int | None:
    return None if text == "auto" else _whole(text, 1, "a positive integer or 'auto'")


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number >= 0, got {text!r}")
    return value


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def _count(text: str) -> int:
    return _whole(text, 0, "an integer >= 0")


def add_arguments(parser: argparse.ArgumentParser, *, common: bool) -> None:
    """The batch options (``common``: also --api-key, --base-url, --timeout, --json)."""
    parser.add_argument("input", help="JSON Lines or CSV file (with a header), '-' for stdin")
    parser.add_argument("-o", "--out", dest="out_dir", required=True, help="output folder")
    parser.add_argument(
        "--concurrency",
        type=_concurrency,
        default=None,
        metavar="N|auto",
        help="cap on jobs in flight (default auto: adapts to the gateway, up to 64)",
    )
    parser.add_argument(
        "--max-cost", type=_non_negative, metavar="USD", help="stop submitting before this spend"
    )
    parser.add_argument(
        "--deadline", type=_positive, metavar="SECONDS", help="bound on the whole run"
    )
    parser.add_argument(
        "--retries",
        type=_count,
        default=None,
        metavar="N",
        help="retries of transient failures per row (default 3); given, also retries rows "
        "that failed in earlier runs",
    )
    parser.add_argument(
        "--retry-failed", action="store_true", help="generate rows that failed earlier again"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check every row and estimate the cost only"
    )
    parser.add_argument(
        "--mode",
        choices=["auto", "sync", "background"],
        default="auto",
        help="auto: images answered at once, videos as background jobs",
    )
    parser.add_argument(
        "--job-timeout", type=_positive, default=600.0, help="seconds to wait for one job"
    )
    parser.add_argument(
        "--backoff",
        type=_non_negative,
        default=BACKOFF_BASE,
        metavar="SECONDS",
        help=f"first retry's wait ceiling, doubling up to {BACKOFF_CAP:g} (default {BACKOFF_BASE})",
    )
    parser.add_argument("--format", dest="fmt", choices=["jsonl", "csv"], help="input format")
    parser.add_argument("--batch-name", help="key namespace (default: the folder's name)")
    parser.add_argument("--no-progress", action="store_true", help="no live status line")
    if common:
        parser.add_argument("--api-key", default=None, help="API key ($VISGATE_API_KEY)")
        parser.add_argument("--base-url", default=None, help="API base URL ($VISGATE_BASE_URL)")
        parser.add_argument("--timeout", type=float, default=120.0, help="seconds per attempt")
        parser.add_argument("--json", action="store_true", help="print one JSON summary")


def add_parser(
    subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()
) -> argparse.ArgumentParser:
    """Add ``batch`` to a subparsers object; without ``parents`` it brings the common options."""
    text = "Generate every row of a JSON Lines / CSV file; resumable, never billed twice."
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help=text,
        description=text,
        parents=list(parents),
        epilog=BATCH_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser, common=not parents)
    parser.set_defaults(batch_run=run)
    return parser


def _secrets(args: argparse.Namespace) -> None:
    import os

    from visgate_sdk._logging import register_secret

    for value in (getattr(args, "api_key", None), os.environ.get("VISGATE_API_KEY")):
        if value and len(value.strip()) >= 8:
            register_secret(value.strip())


def _say(text: str) -> None:
    from visgate_sdk._logging import redact

    print(redact(text), file=sys.stderr, flush=True)


def _resume_command(args: argparse.Namespace) -> str:
    parts = ["visgate", "batch", args.input, "-o", args.out_dir]
    if args.fmt:
        parts += ["--format", args.fmt]
    return shlex.join(parts)


def _client(args: argparse.Namespace) -> Any:
    from visgate_sdk import AsyncClient

    return AsyncClient(
        getattr(args, "api_key", None),
        base_url=getattr(args, "base_url", None),
        timeout=getattr(args, "timeout", None) or 120.0,
    )


def _exit_code(error: errors.VisgateError) -> int:
    """The main CLI's code for an error that stopped the whole run."""
    from visgate_sdk.batch.journal import BatchBusyError

    if isinstance(error, BatchBusyError):
        return EXIT_BUSY
    return cs.exit_code(error)


def run(args: argparse.Namespace) -> int:
    """Run ``visgate batch`` with parsed ``args``; returns the exit code."""
    _secrets(args)
    as_json = bool(getattr(args, "json", False))
    if args.input != "-" and not Path(args.input).is_file():
        message = f"cannot read {args.input!r}: no such file"
        return cs.print_error(as_json, cs.USAGE, "USAGE", message)
    try:
        if args.dry_run:
            return asyncio.run(_dry_run(args))
        return asyncio.run(_run(args))
    except errors.VisgateError as error:
        text = cs.redact_text(cs.cli_wording(cs.describe(error), None), ())
        return cs.print_error(as_json, _exit_code(error), error.error_code, text, error.request_id)
    except OSError as error:
        return cs.print_error(as_json, cs.OTHER, "OS_ERROR", cs.redact_text(str(error), ()))


async def _dry_run(args: argparse.Namespace) -> int:
    from visgate_sdk.batch.budget import PriceBook
    from visgate_sdk.batch.journal import DONE, JOURNAL_NAME, Journal, SeenIds
    from visgate_sdk.batch.rows import BadRow, read_rows

    existing = (Path(args.out_dir) / JOURNAL_NAME).is_file()
    journal = Journal(args.out_dir, lock=False) if existing else None
    total = valid = bad = already = 0
    estimate = 0.0
    try:
        async with _client(args) as client:
            prices = PriceBook(client)
            with SeenIds() as seen:
                for item in read_rows(args.input, fmt=args.fmt):
                    total += 1
                    if not isinstance(item, BadRow):
                        first = seen.first_line(item.id, item.line)
                        if first is not None:  # the run would reject it the same way
                            message = f"duplicate id {item.id!r} (first seen on line {first})"
                            item = BadRow(item.line, message, item.id)
                    if isinstance(item, BadRow):
                        bad += 1
                        _say(f"line {item.line}: {item.message}")
                        continue
                    valid += 1
                    record = journal.get(item.id) if journal is not None else None
                    if record is not None and record.state == DONE and record.digest == item.digest:
                        already += 1
                        continue
                    estimate += await prices.estimate(item)
    finally:
        if journal is not None:
            journal.close()
    report = {
        "total": total,
        "valid": valid,
        "invalid": bad,
        "already_done": already,
        "estimated_cost": round(estimate, 6),
    }
    if getattr(args, "json", False):
        print(json.dumps(report))
    else:
        print(
            f"{valid} of {total} rows valid, {bad} invalid, {already} already done; "
            f"estimated cost ${estimate:.4f} at catalog prices (cache hits cost less)"
        )
    return cs.VALIDATION if bad else cs.OK


async def _run(args: argparse.Namespace) -> int:
    retries = DEFAULT_RETRIES if args.retries is None else args.retries
    as_json = getattr(args, "json", False)
    progress = not args.no_progress and not as_json and sys.stderr.isatty()
    async with _client(args) as client:
        stream = client.batch.stream(
            args.input,
            args.out_dir,
            concurrency=args.concurrency,
            max_cost=args.max_cost,
            deadline=args.deadline,
            retries=retries,
            retry_failed=args.retry_failed or args.retries is not None,
            mode=args.mode,
            job_timeout=args.job_timeout,
            batch_name=args.batch_name,
            fmt=args.fmt,
            progress=progress,
            backoff_base=args.backoff,
        )
        presses = 0

        def interrupt() -> None:
            nonlocal presses
            presses += 1
            if presses == 1:
                stream.stop()
                _say(
                    "\nstopping: no new jobs; waiting for the jobs in flight "
                    "(Ctrl-C again to leave them to the next run)"
                )
            else:
                stream.runner.abort()

        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGINT, interrupt)
        shown = 0
        try:
            async for item in stream:
                if item.status == "failed" and shown < _SHOWN_FAILURES and not progress:
                    shown += 1
                    where = f"line {item.line}" + (f" ({item.id})" if item.id else "")
                    _say(f"{where}: failed [{item.error_code}] {item.error or ''}".rstrip())
        finally:
            loop.remove_signal_handler(signal.SIGINT)
    summary = stream.summary
    assert summary is not None
    data = summary.to_dict()
    if as_json:
        print(json.dumps(data))
    else:
        print(
            f"{summary.done} done, {summary.failed} failed, {summary.skipped} skipped "
            f"(done earlier), {summary.pending} left; ${summary.cost:.4f} in "
            f"{summary.seconds:.1f}s; manifest: {Path(args.out_dir) / 'manifest.jsonl'}"
        )
    resume = _resume_command(args)
    if summary.stopped == "interrupted":
        _say(f"interrupted; resume with: {resume}")
        return EXIT_INTERRUPTED
    if summary.stopped == "deadline":
        _say(f"deadline reached; resume with: {resume}")
        return EXIT_DEADLINE
    if summary.stopped == "max_cost":
        _say(f"--max-cost reached; continue with: {resume} --max-cost USD")
        return EXIT_BUDGET
    if summary.failed:
        return EXIT_ROWS_FAILED
    return EXIT_ALL_DONE


def main(argv: list[str] | None = None) -> int:
    """``python -m visgate_sdk.batch``: the same command without the main CLI."""
    parser = argparse.ArgumentParser(
        prog="visgate batch",
        description="Generate every row of a JSON Lines / CSV file; resumable.",
        epilog=BATCH_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser, common=True)
    return run(parser.parse_args(argv))
