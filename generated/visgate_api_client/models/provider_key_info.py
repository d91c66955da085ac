from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProviderKeyInfo")


@_attrs_define
class ProviderKeyInfo:
    """
    Example:
        {'provider': 'fal', 'validated': True, 'validated_at': '2026-02-10T15:26:01.772000+00:00', 'masked_key':
            '****a346'}

    Attributes:
        provider (str):
        validated (bool | Unset):
        validated_at (datetime.datetime | None | Unset):
        masked_key (None | str | Unset): `****` and the last four characters; the key itself is never returned.
    """

    provider: str
    validated: bool | Unset = UNSET
    validated_at: datetime.datetime | None | Unset = UNSET
    masked_key: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        validated = self.validated

        validated_at: None | str | Unset
        if isinstance(self.validated_at, Unset):
            validated_at = UNSET
        elif isinstance(self.validated_at, datetime.datetime):
            validated_at = self.validated_at.isoformat()
        else:
            validated_at = self.validated_at

        masked_key: None | str | Unset
        if isinstance(self.masked_key, Unset):
            masked_key = UNSET
        else:
            masked_key = self.masked_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider": provider,
            }
        )
        if validated is not UNSET:
            field_dict["validated"] = validated
        if validated_at is not UNSET:
            field_dict["validated_at"] = validated_at
        if masked_key is not UNSET:
            field_dict["masked_key"] = masked_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = d.pop("provider")

        validated = d.pop("validated", UNSET)

        def _parse_validated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                validated_at_type_0 = datetime.datetime.fromisoformat(data)

                return validated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        validated_at = _parse_validated_at(d.pop("validated_at", UNSET))

        def _parse_masked_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        masked_key = _parse_masked_key(d.pop("masked_key", UNSET))

        provider_key_info = cls(
            provider=provider,
            validated=validated,
            validated_at=validated_at,
            masked_key=masked_key,
        )

        provider_key_info.additional_properties = d
        return provider_key_info

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
