from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ProviderKeyRequest")


@_attrs_define
class ProviderKeyRequest:
    """
    Example:
        {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}

    Attributes:
        provider (str): `fal`, `replicate` or `runway`.
        api_key (str):
    """

    provider: str
    api_key: str

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        api_key = self.api_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "api_key": api_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = d.pop("provider")

        api_key = d.pop("api_key")

        provider_key_request = cls(
            provider=provider,
            api_key=api_key,
        )

        return provider_key_request
