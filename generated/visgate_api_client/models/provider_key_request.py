from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.provider_name import ProviderName

T = TypeVar("T", bound="ProviderKeyRequest")


@_attrs_define
class ProviderKeyRequest:
    """A key to check (`POST /providers/validate`); its format is not constrained here.

    Example:
        {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}

    Attributes:
        provider (ProviderName): A provider the gateway routes to and accepts BYOK keys for. The SDK's sources and docs
            name exactly these three; the newer public site also mentions RunPod, not seen on this
            API. Extensible: clients must carry an unknown value.
        api_key (str):
    """

    provider: ProviderName
    api_key: str

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider.value

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
        provider = ProviderName(d.pop("provider"))

        api_key = d.pop("api_key")

        provider_key_request = cls(
            provider=provider,
            api_key=api_key,
        )

        return provider_key_request
