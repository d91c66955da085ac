from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.media_type import MediaType
from ..models.mode import Mode
from ..types import UNSET, Unset

T = TypeVar("T", bound="UsageLogEntry")


@_attrs_define
class UsageLogEntry:
    """One served request. Partial: the live entry shape has not been seen; these are the
    fields the sandbox sends.

        Example:
            {'id': 'eb201d02-65fb-4582-bf7c-281dd8f3e2f8', 'created_at': '2026-02-20T10:16:44.500000+00:00', 'endpoint':
                '/images/generate', 'model': 'fal-ai/flux/schnell', 'provider': 'fal', 'media_type': 'image', 'mode': 'managed',
                'status': 'completed', 'cache_hit': False, 'billed_cost': 0.003, 'provider_cost': 0.003, 'latency_ms': 864}

        Attributes:
            id (str | Unset):
            created_at (datetime.datetime | Unset):
            endpoint (str | Unset):
            model (str | Unset):
            provider (str | Unset):
            media_type (MediaType | Unset): Kind of media a model produces or a job returns. Extensible.
            mode (Mode | Unset): `byok` when a provider key header was used, else `managed`. Extensible.
            status (str | Unset):
            cache_hit (bool | Unset):
            billed_cost (float | Unset):
            provider_cost (float | Unset):
            latency_ms (int | None | Unset):
    """

    id: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    endpoint: str | Unset = UNSET
    model: str | Unset = UNSET
    provider: str | Unset = UNSET
    media_type: MediaType | Unset = UNSET
    mode: Mode | Unset = UNSET
    status: str | Unset = UNSET
    cache_hit: bool | Unset = UNSET
    billed_cost: float | Unset = UNSET
    provider_cost: float | Unset = UNSET
    latency_ms: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        endpoint = self.endpoint

        model = self.model

        provider = self.provider

        media_type: str | Unset = UNSET
        if not isinstance(self.media_type, Unset):
            media_type = self.media_type.value

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        status = self.status

        cache_hit = self.cache_hit

        billed_cost = self.billed_cost

        provider_cost = self.provider_cost

        latency_ms: int | None | Unset
        if isinstance(self.latency_ms, Unset):
            latency_ms = UNSET
        else:
            latency_ms = self.latency_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if model is not UNSET:
            field_dict["model"] = model
        if provider is not UNSET:
            field_dict["provider"] = provider
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if mode is not UNSET:
            field_dict["mode"] = mode
        if status is not UNSET:
            field_dict["status"] = status
        if cache_hit is not UNSET:
            field_dict["cache_hit"] = cache_hit
        if billed_cost is not UNSET:
            field_dict["billed_cost"] = billed_cost
        if provider_cost is not UNSET:
            field_dict["provider_cost"] = provider_cost
        if latency_ms is not UNSET:
            field_dict["latency_ms"] = latency_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        endpoint = d.pop("endpoint", UNSET)

        model = d.pop("model", UNSET)

        provider = d.pop("provider", UNSET)

        _media_type = d.pop("media_type", UNSET)
        media_type: MediaType | Unset
        if isinstance(_media_type, Unset):
            media_type = UNSET
        else:
            media_type = MediaType(_media_type)

        _mode = d.pop("mode", UNSET)
        mode: Mode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = Mode(_mode)

        status = d.pop("status", UNSET)

        cache_hit = d.pop("cache_hit", UNSET)

        billed_cost = d.pop("billed_cost", UNSET)

        provider_cost = d.pop("provider_cost", UNSET)

        def _parse_latency_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms", UNSET))

        usage_log_entry = cls(
            id=id,
            created_at=created_at,
            endpoint=endpoint,
            model=model,
            provider=provider,
            media_type=media_type,
            mode=mode,
            status=status,
            cache_hit=cache_hit,
            billed_cost=billed_cost,
            provider_cost=provider_cost,
            latency_ms=latency_ms,
        )

        usage_log_entry.additional_properties = d
        return usage_log_entry

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
