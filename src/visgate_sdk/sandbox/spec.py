"""Where the contract lives: inside the wheel, or at the root of a source checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

_IN_PACKAGE = Path(__file__).with_name("openapi.yaml")
_IN_CHECKOUT = Path(__file__).resolve().parents[3] / "openapi.yaml"


def spec_path() -> Path:
    """The openapi.yaml this sandbox implements (there is only one copy in the repository)."""
    for candidate in (_IN_PACKAGE, _IN_CHECKOUT):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("openapi.yaml not found next to the sandbox or at the repository root")


@lru_cache(maxsize=1)
def load_spec() -> dict[str, Any]:
    """The parsed spec (cached)."""
    import yaml  # type: ignore[import-untyped]

    # libyaml's loader when PyYAML has it: six times faster, and it runs at every start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(spec_path().read_text(encoding="utf-8"), Loader=loader)
    return data
