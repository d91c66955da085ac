"""Bulk generation: thousands of rows, each generated and billed once, resumable after a crash.

``client.batch.run("prompts.jsonl", out_dir="renders/")`` or ``visgate batch``; see
docs/batch.md. The pieces: :mod:`.rows` (input), :mod:`.keys` (row -> Idempotency-Key),
:mod:`.journal` (SQLite WAL), :mod:`.admission` (adaptive concurrency), :mod:`.runner`.
"""

from visgate_sdk.batch.api import AsyncBatch, Batch, BatchRun, BatchStream
from visgate_sdk.batch.keys import content_digest, row_key
from visgate_sdk.batch.rows import BadRow, Row, read_rows
from visgate_sdk.batch.runner import AsyncBatchStream, BatchItem, BatchSummary

__all__ = [
    "AsyncBatch",
    "AsyncBatchStream",
    "BadRow",
    "Batch",
    "BatchItem",
    "BatchRun",
    "BatchStream",
    "BatchSummary",
    "Row",
    "content_digest",
    "read_rows",
    "row_key",
]
