"""What the ``visgate`` command needs beside its parser: exit codes, CLI wording of errors,
cost estimates and output targets."""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from visgate_sdk import exceptions as errors
from visgate_sdk._logging import redact, register_secret

OK = 0
OTHER = 1
USAGE = 2
AUTH = 3
VALIDATION = 4
RATE_LIMITED = 5
FAILED = 6
TIMEOUT = 7
CONNECTION = 8
NOT_FOUND = 9
TARGET_EXISTS = 10
SAVE_FAILED = 11
ROWS_FAILED = 12
NOT_CONFIRMED = 13
BUDGET_REACHED = 14
BATCH_BUSY = 15
INTERRUPTED = 130
PIPE_CLOSED = 141

EXIT_CODES = f"""exit codes:
  {OK:<3}  success
  {OTHER:<3}  other API error, or an answer the CLI could not read
  {USAGE:<3}  bad command line
  {AUTH:<3}  authentication (missing or rejected API key)
  {VALIDATION:<3}  validation (the request was rejected; the message names the field)
  {RATE_LIMITED:<3}  rate limited
  {FAILED:<3}  provider failure or failed generation
  {TIMEOUT:<3}  timeout, or the job is not finished yet (the message gives the command to resume)
  {CONNECTION:<3}  connection failure
  {NOT_FOUND:<3}  not found (unknown model, unknown request id)
  {TARGET_EXISTS:<3}  the output file exists; nothing was generated (--overwrite/-f replaces it)
  {SAVE_FAILED:<3}  generated (and billed) but not saved; the message says how to fetch it again
  {ROWS_FAILED:<3}  `visgate batch`: the run finished but some rows failed (see the manifest)
  {NOT_CONFIRMED:<3}  estimated cost above --confirm-above and not confirmed (--yes confirms)
  {BUDGET_REACHED:<3}  `visgate batch`: --max-cost reached; rows were left for the next run
  {BATCH_BUSY:<3}  `visgate batch`: another run is using the output folder; nothing was done
  {INTERRUPTED:<3}  interrupted (Ctrl-C); the message gives the command that finishes the job
  {PIPE_CLOSED:<3}  the output pipe was closed (e.g. `| head`), like other Unix tools
"""

# (error class, exit code), most specific first.
_CODES: list[tuple[type[errors.VisgateError], int]] = [
    (errors.AuthenticationError, AUTH),
    (errors.ValidationError, VALIDATION),
    (errors.NotFoundError, NOT_FOUND),
    (errors.RateLimitError, RATE_LIMITED),
    (errors.ProviderError, FAILED),
    (errors.GenerationFailedError, FAILED),
    (errors.TimeoutError, TIMEOUT),
    (errors.ConnectionError, CONNECTION),
]


def exit_code(error: errors.VisgateError) -> int:
    """The documented exit code of an SDK error."""
    return next((code for kind, code in _CODES if isinstance(error, kind)), OTHER)


class CliError(Exception):
    """A failure the CLI words itself: message, exit code and what the JSON error carries."""

    def __init__(
        self,
        message: str,
        code: int,
        error_code: str,
        *,
        request_id: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.error_code = error_code
        self.request_id = request_id
        self.extra = extra


def known_secrets(api_key: str | None) -> list[str]:
    """The key values this run could leak: ``--api-key`` and ``$VISGATE_API_KEY``.

    Empty and implausibly short values are left out, so that a key such as ``or`` cannot
    mask a word of every message.
    """
    candidates = (api_key, os.environ.get("VISGATE_API_KEY"))
    return [v.strip() for v in candidates if v and len(v.strip()) >= 8]


def redact_text(text: str, secrets: Sequence[str]) -> str:
    """``text`` with the given key values and secret-shaped values replaced by ``***``."""
    for secret in secrets:
        register_secret(secret)
    return redact(text)


def strip_secrets(text: str, secrets: Sequence[str]) -> str:
    """``text`` with only the exact key values masked (media URLs must stay usable)."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


# The library speaks Python; these turn its advice into the CLI's options and commands.
_PYTHON_TO_CLI: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"Pass api_key= or set the (\w+) environment variable\."),
        r"Set \1 or pass --api-key.",
    ),
    (re.compile(r"pass the key as api_key= instead"), "pass the key with --api-key instead"),
    (re.compile(r"\bbase_url must"), "--base-url must"),
    (
        re.compile(r"call again with idempotency_key=(['\"])(.*?)\1"),
        r"run the same command again with --idempotency-key \2",
    ),
    (
        re.compile(r"Retry with an Idempotency-Key to make a second attempt safe\."),
        "Run the same command again with --idempotency-key to make a second attempt safe.",
    ),
    (
        re.compile(r"\(check the base URL, or pass a verify= SSL context trusting its CA\)"),
        "(check --base-url)",
    ),
    (re.compile(r"pass overwrite=True to replace it"), "pass --overwrite (-f) to replace it"),
    (re.compile(r"\bmax_bytes="), "VISGATE_MAX_DOWNLOAD_BYTES="),
]
_PYTHON_RESUME = re.compile(r"client\.requests\.get\((['\"])(.*?)\1, wait=True\)")


def cli_wording(message: str, resume: str | None) -> str:
    """An SDK message with Python advice replaced by the CLI equivalent."""
    for pattern, replacement in _PYTHON_TO_CLI:
        message = pattern.sub(replacement, message)
    if resume:
        message = _PYTHON_RESUME.sub(lambda _: resume, message)
    else:
        message = _PYTHON_RESUME.sub(lambda m: f"visgate requests get {m.group(2)} --wait", message)
    return message


def print_error(
    as_json: bool,
    code: int,
    error_code: str,
    message: str,
    request_id: str | None = None,
    **extra: Any,
) -> int:
    """One error line (or one JSON object with --json) on stderr; returns ``code``."""
    if as_json:
        body = {
            "code": error_code,
            "message": message,
            "request_id": request_id,
            "exit_code": code,
            **extra,
        }
        print(json.dumps(body, default=str), file=sys.stderr, flush=True)
    else:
        print(f"error: {message}", file=sys.stderr, flush=True)
    return code


def describe(error: errors.VisgateError) -> str:
    """``[CODE] message (HTTP n, request_id=...)`` as the library prints it."""
    return str(error)


def resume_command(job_id: str, output: str | None, overwrite: bool) -> str:
    """The exact command that waits for ``job_id`` and saves it where the user asked."""
    parts = ["visgate", "requests", "get", job_id, "--wait", "-o", output or "."]
    if overwrite:
        parts.append("--overwrite")
    return shlex.join(parts)


def fetch_command(job_id: str, output: str | None) -> str:
    """The command that saves a finished job's output again."""
    return shlex.join(["visgate", "requests", "get", job_id, "-o", output or "."])


# --- numbers on the command line ---------------------------------------------------------


def positive_seconds(text: str) -> float:
    """argparse type: a positive, finite number of seconds (nan, inf and <= 0 refused)."""
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive, finite number, got {text!r}")
    return value


def dollars(text: str) -> float:
    """argparse type: a finite amount of US dollars, zero or more."""
    import argparse

    try:
        value = float(text.lstrip("$"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an amount in USD, got {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite amount >= 0, got {text!r}")
    return value


def pixels(text: str) -> int:
    """argparse type: a positive whole number."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text!r}")
    return value


# --- cost --------------------------------------------------------------------------------


def estimate_usd(
    model: Any, *, seconds: float = 0.0, width: int = 0, height: int = 0
) -> float | None:
    """The catalog price of one generation in USD, or None when the catalog does not say.

    ``base_cost_micro`` is per ``pricing_unit``: a second of video, a megapixel, or an image
    (one image per call here).
    """
    base = getattr(model, "base_cost_micro", None)
    if not isinstance(base, int | float) or isinstance(base, bool) or base < 0:
        return None
    unit = (getattr(model, "pricing_unit", None) or "").lower()
    if unit == "second":
        amount = base * seconds
    elif unit == "megapixel":
        amount = base * (width * height) / 1_000_000
    else:
        amount = base
    return float(amount) / 1_000_000


def money(value: float | None) -> str:
    """``$0.0031``; ``unknown`` when the price is not known."""
    if value is None or not isinstance(value, int | float) or not math.isfinite(value):
        return "unknown"
    return f"${value:.4f}" if value < 1 else f"${value:.2f}"


# --- output targets ----------------------------------------------------------------------


def is_folder_target(output: str) -> bool:
    """A trailing separator or an existing folder means: pick a fresh name inside."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def refuse_existing(output: str | None, overwrite: bool) -> None:
    """Raise before anything is generated when ``output`` is an existing file."""
    if not output or overwrite or is_folder_target(output):
        return
    if os.path.lexists(output):
        raise CliError(
            f"{output} exists; nothing was generated. Pass --overwrite (-f) to replace it, "
            "or give another name or a folder",
            TARGET_EXISTS,
            "TARGET_EXISTS",
            path=output,
        )
