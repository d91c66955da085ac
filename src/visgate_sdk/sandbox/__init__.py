"""A local server that behaves like the visgate API, for offline use, tests and demos.

``with Sandbox() as sb: Client(sb.api_key, base_url=sb.base_url)``; or run
``visgate-sandbox`` / ``python -m visgate_sdk.sandbox``. Needs ``visgate-sdk[sandbox]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from visgate_sdk.sandbox.server import Sandbox

__all__ = ["Sandbox"]


def __getattr__(name: str) -> Any:
    if name == "Sandbox":
        from visgate_sdk.sandbox.server import Sandbox

        return Sandbox
    raise AttributeError(name)
