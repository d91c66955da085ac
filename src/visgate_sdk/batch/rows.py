"""Reading the jobs of a batch: JSON Lines, CSV with a header, or any iterable of dicts.

Input is streamed: one row at a time, so a file of a million rows costs no more memory than
one of a thousand. Each row is checked with the facade's own argument checks (the same code
``images.generate`` runs before sending), so ``--dry-run`` catches what a real run would
reject. A bad row becomes a :class:`BadRow` carrying its line number; it never stops reading.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from visgate_sdk.batch.keys import content_digest
from visgate_sdk.exceptions import ValidationError

DEFAULT_IMAGE_MODEL = "fal-ai/flux/schnell"
DEFAULT_VIDEO_MODEL = "fal-ai/veo3"
KINDS = ("image", "video")
_COMMON = frozenset({"id", "kind", "model", "prompt", "params"})
IMAGE_OPTIONS = frozenset({"negative_prompt", "width", "height", "num_images", "seed"})
VIDEO_OPTIONS = frozenset({"duration_seconds", "image_url"})
INT_OPTIONS = frozenset({"width", "height", "num_images", "seed"})
FLOAT_OPTIONS = frozenset({"duration_seconds"})
_PLAIN_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_ID_CHARS = 255

Source = str | os.PathLike[str] | Iterable[Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Row:
    """One valid job: what to generate, its stable ``id`` and where it came from."""

    id: str
    line: int
    kind: str
    model: str
    prompt: str
    options: dict[str, Any]
    digest: str

    @property
    def stem(self) -> str:
        """The file name stem of the row's outputs (the id itself when it is file-safe)."""
        return file_stem(self.id)

    @property
    def units(self) -> float:
        """What the price scales with: images for an image row, seconds for a video row."""
        if self.kind == "video":
            return float(self.options.get("duration_seconds", 5.0))
        return float(self.options.get("num_images", 1))


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that cannot be run, with its line number (1-based) and the reason."""

    line: int
    message: str
    id: str | None = None


def file_stem(row_id: str) -> str:
    """``row_id`` when it is a safe file name stem, else a safe form plus a short hash.

    The hash keeps two ids that clean up to the same text (``a/b`` and ``a:b``) apart.
    """
    from visgate_sdk.download import safe_name

    if _PLAIN_STEM.fullmatch(row_id) and safe_name(row_id, "") == row_id:
        return row_id
    cleaned = _UNSAFE.sub("_", row_id).strip("_-")[:80] or "row"
    return f"{cleaned}-{hashlib.sha256(row_id.encode()).hexdigest()[:10]}"


def _coerce_csv(record: dict[str, Any]) -> dict[str, Any]:
    """CSV cells are text: numbers and the ``params`` object are read back from it."""
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name is None:
            raise ValueError("the row has more cells than the header")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # an empty cell is an absent option
        text = value.strip() if name != "prompt" else value
        if name in INT_OPTIONS:
            try:
                out[name] = int(text)
            except ValueError:
                raise ValueError(f"{name} must be an integer, got {text!r}") from None
        elif name in FLOAT_OPTIONS:
            try:
                out[name] = float(text)
            except ValueError:
                raise ValueError(f"{name} must be a number, got {text!r}") from None
        elif name == "params":
            try:
                out[name] = json.loads(text)
            except ValueError:
                raise ValueError("params must be a JSON object") from None
        else:
            out[name] = text
    return out


def parse_row(record: Any, line: int, *, content_id: bool = False) -> Row | BadRow:
    """Check one record and turn it into a :class:`Row`, or a :class:`BadRow` saying why.

    A record without an ``id`` gets ``row<line>-<digest>``; with ``content_id`` it gets
    ``c-<digest>`` instead, for engines whose row positions change from run to run (two
    identical rows without ids are then one job).
    """
    if not isinstance(record, Mapping):
        return BadRow(line, f"expected a JSON object, got {type(record).__name__}")
    raw_id = record.get("id")
    row_id: str | None = None
    if raw_id is not None and raw_id != "":
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
            return BadRow(line, "id must be a string or an integer")
        row_id = str(raw_id)
        if len(row_id) > MAX_ID_CHARS or not row_id.isprintable() or not row_id.strip():
            return BadRow(line, f"id must be 1 to {MAX_ID_CHARS} printable characters")
    try:
        row = _build(record, line, row_id, content_id)
    except (ValidationError, ValueError, TypeError) as exc:
        message = exc.message if isinstance(exc, ValidationError) else str(exc)
        return BadRow(line, message, row_id)
    return row


def _build(record: Mapping[str, Any], line: int, row_id: str | None, content_id: bool) -> Row:
    kind = record.get("kind") or "image"
    if kind not in KINDS:
        raise ValueError(f"kind must be 'image' or 'video', got {kind!r}")
    allowed = _COMMON | (IMAGE_OPTIONS if kind == "image" else VIDEO_OPTIONS)
    unknown = sorted(str(k) for k in record if k not in allowed)
    if unknown:
        article = "an" if kind == "image" else "a"
        raise ValueError(
            f"unknown field(s) for {article} {kind} row: {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(allowed))}; model options go in params)"
        )
    prompt = record.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError("prompt is required and must be a non-empty string")
    model = record.get("model") or (DEFAULT_IMAGE_MODEL if kind == "image" else DEFAULT_VIDEO_MODEL)
    if not isinstance(model, str):
        raise ValueError("model must be a string")
    options = {k: v for k, v in record.items() if k not in ("id", "kind", "model", "prompt")}
    check_call(kind, model, prompt, options)
    digest = content_digest(record)
    if row_id is None:
        row_id = f"c-{digest[:24]}" if content_id else f"row{line}-{digest[:8]}"
    return Row(row_id, line, kind, model, prompt, options, digest)


def call_arguments(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``images.generate`` / ``videos.generate`` for a row's options.

    One place for the defaults, so that what ``--dry-run`` checks is what a run sends.
    """
    if kind == "video":
        return {
            "image_url": options.get("image_url"),
            "duration_seconds": options.get("duration_seconds", 5.0),
            "params": options.get("params"),
        }
    return {
        "negative_prompt": options.get("negative_prompt"),
        "width": options.get("width", 1024),
        "height": options.get("height", 1024),
        "num_images": options.get("num_images", 1),
        "seed": options.get("seed"),
        "params": options.get("params"),
    }


def check_call(kind: str, model: str, prompt: str, options: dict[str, Any]) -> None:
    """Plan the request the facade would send (no I/O): its checks raise ValidationError."""
    arguments = call_arguments(kind, options)
    # Planned only, never sent: the key and the job factory are placeholders.
    if kind == "image":
        from visgate_sdk.resources.images import image_call

        image_call(
            model, prompt, **arguments, include_steps=False, wait=False, key="check",
            job=lambda accepted: accepted,
        )  # fmt: skip
    else:
        from visgate_sdk.resources.videos import video_call

        video_call(
            model, prompt, **arguments, skip_gcs_upload=False, wait=False, key="check",
            job=lambda accepted: accepted,
        )  # fmt: skip


def plain(value: Any) -> Any:
    """A cell as plain Python: numpy scalars and arrays unwrapped, containers walked."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if not _missing(v)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars, without importing numpy
    if callable(tolist) and not isinstance(value, str | bytes):
        return plain(tolist())
    return value


def _missing(value: Any) -> bool:
    # Columnar formats fill an absent option with None (Arrow) or NaN (pandas).
    return value is None or (isinstance(value, float) and math.isnan(value))


def columnar_record(cells: Mapping[str, Any]) -> dict[str, Any]:
    """A row of a columnar table (Arrow, pandas, numpy) as an input record.

    Absent options (None, NaN) are dropped, numpy values unwrapped, integer options that
    pandas turned into floats (a column with a gap: 3 -> 3.0) made ints again, and
    ``params`` given as JSON text parsed (text that is not JSON is left for
    :func:`parse_row` to report).
    """
    record = {str(k): plain(v) for k, v in cells.items() if not _missing(v)}
    for name in INT_OPTIONS & record.keys():
        value = record[name]
        if isinstance(value, float) and value.is_integer():
            record[name] = int(value)
    params = record.get("params")
    if isinstance(params, str):
        with contextlib.suppress(ValueError):
            record["params"] = json.loads(params)
    return record


def _json_lines(handle: Iterable[str]) -> Iterator[tuple[int, Any]]:
    for number, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            yield number, json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield number, ValueError(f"not valid JSON: {exc}")


def _csv_rows(handle: Iterable[str]) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(handle)
    if reader.fieldnames is None:
        return
    try:
        for record in reader:
            try:
                yield reader.line_num, _coerce_csv(record)
            except ValueError as exc:
                yield reader.line_num, exc
    except csv.Error as exc:
        yield reader.line_num, ValueError(f"not valid CSV: {exc}")


def _records(source: Source, fmt: str | None) -> Iterator[tuple[int, Any]]:
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        is_csv = fmt == "csv" or (fmt is None and name.lower().endswith(".csv"))
        if name == "-":
            stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
            yield from _csv_rows(stream) if is_csv else _json_lines(stream)
            return
        with Path(name).open(encoding="utf-8-sig", newline="") as handle:
            yield from _csv_rows(handle) if is_csv else _json_lines(handle)
        return
    if isinstance(source, Mapping):
        raise TypeError("rows must be a path or an iterable of dicts, not a single dict")
    yield from enumerate(source, start=1)


def read_rows(source: Source, *, fmt: str | None = None) -> Iterator[Row | BadRow]:
    """Stream the rows of ``source`` (a path, ``"-"`` for stdin, or an iterable of dicts).

    ``fmt`` is ``"jsonl"`` or ``"csv"``; by default a path ending in ``.csv`` is CSV. A file
    that cannot be opened raises ``OSError`` at the first ``next()``.
    """
    for line, record in _records(source, fmt):
        if isinstance(record, Exception):
            yield BadRow(line, str(record))
        else:
            yield parse_row(record, line)
