"""VisgateGenerate called directly (no Ray): batch formats in, one Arrow table out, no key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")

from visgate_sdk.exceptions import AuthenticationError  # noqa: E402
from visgate_sdk.integrations.ray import RESULT_COLUMNS, VisgateGenerate  # noqa: E402
from visgate_sdk.sandbox import Sandbox  # noqa: E402


@pytest.fixture
def generator(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[VisgateGenerate]:
    monkeypatch.setenv("VISGATE_API_KEY", sandbox.api_key)
    gen = VisgateGenerate(batch_name="direct", base_url=sandbox.base_url)
    yield gen
    gen.close()


def batch_as(kind: str) -> Any:
    columns = {"id": ["a", "b", "c"], "prompt": ["red kite", "blue boat", ""],
               "seed": [1, None, None]}  # fmt: skip
    if kind == "pyarrow":
        return pa.table(columns)
    if kind == "pandas":
        return pa.table(columns).to_pandas()  # seed becomes floats with NaN
    np = pytest.importorskip("numpy")
    return {name: np.array(values, dtype=object) for name, values in columns.items()}


@pytest.mark.parametrize("kind", ["pyarrow", "pandas", "numpy"])
def test_each_batch_format_gives_the_input_and_the_result_columns(
    generator: VisgateGenerate, sandbox: Sandbox, kind: str
) -> None:
    out = generator(batch_as(kind))
    assert isinstance(out, pa.Table)
    assert out.column_names == ["prompt", "seed", *RESULT_COLUMNS]
    rows = out.to_pylist()
    assert [r["status"] for r in rows] == ["done", "done", "failed"]
    assert rows[2]["error_code"] == "INVALID_ROW"
    assert sandbox.usage_records() == 2
    # The same rows again (a retried task): replayed, same request ids, nothing billed.
    again = generator(batch_as(kind)).to_pylist()
    assert [r["request_id"] for r in again] == [r["request_id"] for r in rows]
    assert sandbox.usage_records() == 2


def test_the_key_comes_from_the_environment_only(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISGATE_API_KEY", raising=False)
    with pytest.raises(AuthenticationError, match="VISGATE_API_KEY is not set"):
        VisgateGenerate(batch_name="direct", base_url=sandbox.base_url)
    with pytest.raises(TypeError):
        VisgateGenerate(batch_name="d", api_key=sandbox.api_key)  # type: ignore[call-arg]
    monkeypatch.setenv("MY_VG_KEY", sandbox.api_key)
    gen = VisgateGenerate(batch_name="direct", base_url=sandbox.base_url, api_key_env="MY_VG_KEY")
    try:
        assert sandbox.api_key not in repr(gen) and sandbox.api_key not in repr(gen.__dict__)
    finally:
        gen.close()
