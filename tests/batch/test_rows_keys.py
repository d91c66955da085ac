"""Pure pieces: the row -> key function, reading rows, admission arithmetic."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from visgate_sdk.batch.admission import Admission, AdmissionClosed
from visgate_sdk.batch.keys import content_digest, row_key
from visgate_sdk.batch.rows import BadRow, Row, file_stem, read_rows


def test_key_is_deterministic_and_depends_on_batch_id_content_and_round() -> None:
    digest = content_digest({"prompt": "a cat", "width": 64})
    same = content_digest({"width": 64, "prompt": "a cat", "id": "other"})  # order, id ignored
    assert digest == same
    key = row_key("renders", "r1", digest)
    assert key == row_key("renders", "r1", digest)
    assert key.startswith("vgb1-") and len(key) <= 255 and key.isascii()
    others = {
        row_key("other", "r1", digest),
        row_key("renders", "r2", digest),
        row_key("renders", "r1", content_digest({"prompt": "a dog", "width": 64})),
        row_key("renders", "r1", digest, 1),
    }
    assert key not in others and len(others) == 4


def test_jsonl_rows_bad_rows_and_stable_ids(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    source.write_text(
        '{"id": "a", "prompt": "x", "width": 64}\n'
        "\n"
        "not json\n"
        '{"prompt": "y", "kind": "video", "duration_seconds": 2}\n'
        '{"prompt": ""}\n'
        '{"prompt": "z", "widht": 3}\n'
        '{"prompt": "w", "width": -1}\n'
        '["list"]\n',
        encoding="utf-8",
    )
    items = list(read_rows(source))
    assert [type(i).__name__ for i in items] == [
        "Row", "BadRow", "Row", "BadRow", "BadRow", "BadRow", "BadRow",
    ]  # fmt: skip
    bad = [i for i in items if isinstance(i, BadRow)]
    assert [b.line for b in bad] == [3, 5, 6, 7, 8]
    assert "widht" in bad[2].message and "width" in bad[3].message
    video = items[2]
    assert isinstance(video, Row) and video.kind == "video" and video.line == 4
    again = list(read_rows(source))[2]
    assert isinstance(again, Row) and again.id == video.id and video.id.startswith("row4-")


def test_csv_rows_are_typed(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text(
        'id,prompt,width,height,seed,params\nx1,"a, cat",64,64,7,"{""steps"": 4}"\n'
        "x2,dog,wide,64,,\n",
        encoding="utf-8",
    )
    first, second = list(read_rows(source))
    assert isinstance(first, Row)
    assert first.options == {"width": 64, "height": 64, "seed": 7, "params": {"steps": 4}}
    assert first.prompt == "a, cat"
    assert isinstance(second, BadRow) and second.line == 3 and "width" in second.message


def test_file_stems_are_safe_and_distinct() -> None:
    assert file_stem("product-42") == "product-42"
    a, b = file_stem("a/b"), file_stem("a:b")
    assert a != b and "/" not in a and ":" not in b
    assert file_stem("con") != "con" and "." not in file_stem("x.y")


def test_admission_window_grows_halves_once_and_pauses_everyone() -> None:
    asyncio.run(_window())


async def _window() -> None:
    adm = Admission(cap=8, initial=2)
    epoch = await adm.acquire()
    await adm.acquire()
    assert adm.in_flight == 2 == adm.window
    adm.succeeded()
    adm.succeeded()
    assert adm.window == 4
    adm.throttled(epoch, None)
    adm.throttled(epoch, None)  # same episode: one cut
    assert adm.window == 2
    adm.release()
    adm.release()
    adm.throttled(adm.epoch, 0.3)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await adm.acquire()
    assert loop.time() - start >= 0.28  # no slot during the pause, though one was free


def test_closing_admission_wakes_waiters() -> None:
    asyncio.run(_closing())


async def _closing() -> None:
    adm = Admission(cap=1, initial=1)
    await adm.acquire()
    waiter = asyncio.ensure_future(adm.acquire())
    await asyncio.sleep(0)
    adm.close()
    with pytest.raises(AdmissionClosed):
        await waiter


def test_backoff_base_sets_the_first_retry_wait_and_is_checked(tmp_path: Path) -> None:
    from visgate_sdk.batch.api import make_options
    from visgate_sdk.batch.row_job import BACKOFF_CAP, backoff
    from visgate_sdk.exceptions import ValidationError

    for retries_taken in range(8):
        ceiling = min(0.01 * 2**retries_taken, BACKOFF_CAP)
        assert ceiling / 2 <= backoff(retries_taken, 0.01) <= ceiling
    assert make_options(tmp_path, backoff_base=0.01).row_settings().backoff_base == 0.01
    with pytest.raises(ValidationError):
        make_options(tmp_path, backoff_base=BACKOFF_CAP + 1)
