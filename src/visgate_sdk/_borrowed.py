"""The generated client handed out by ``Client.api_client``, safe to print."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from visgate_api_client import AuthenticatedClient


@cache
def borrowed_client_class() -> type[AuthenticatedClient]:
    """``AuthenticatedClient`` whose repr never shows the token (attrs' repr prints it)."""
    from visgate_api_client import AuthenticatedClient

    class BorrowedApiClient(AuthenticatedClient):
        """The generated client, sending through a visgate_sdk client's transport."""

        def __repr__(self) -> str:
            return f"{type(self).__name__}(base_url={self._base_url!r}, token='***')"

    return BorrowedApiClient
