from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GenerationStep")


@_attrs_define
class GenerationStep:
    """One stage of the request (cache lookup, provider call, storage). Partial: the live item
    shape has not been seen; `name` and `duration_ms` are what the sandbox sends.

        Example:
            {'name': 'cache_lookup', 'duration_ms': 12, 'status': 'miss'}

        Attributes:
            name (str | Unset):
            duration_ms (int | Unset):
            status (str | Unset):
    """

    name: str | Unset = UNSET
    duration_ms: int | Unset = UNSET
    status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        duration_ms = self.duration_ms

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        duration_ms = d.pop("duration_ms", UNSET)

        status = d.pop("status", UNSET)

        generation_step = cls(
            name=name,
            duration_ms=duration_ms,
            status=status,
        )

        generation_step.additional_properties = d
        return generation_step

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
