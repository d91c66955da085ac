from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode
from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoResult")


@_attrs_define
class VideoResult:
    """
    Example:
        {'id': '5cf239a3-be77-4d12-8dc7-a79cd9cc5052', 'video_url':
            'https://v3b.fal.media/files/b/0a8f3e3e/3vcnqEJn51c6bA0pr7Ep2_47bd93f5d7cd48399a379937f0443dcf.mp4', 'model':
            'fal-ai/veo3', 'provider': 'fal', 'mode': 'managed', 'cost': 0.05, 'cache_hit': False, 'latency_ms': 15000,
            'created_at': '2026-02-20T10:20:11.031000+00:00', 'output_storage': 'v3b.fal.media', 'output_size_bytes':
            2483112}

    Attributes:
        id (str):
        model (str):
        provider (str):
        video_url (None | str | Unset): Null if the job failed or has not finished.
        duration_seconds (float | Unset): Length of the video in seconds, as asked in the request. Partial: the sandbox
            sends
            it (and its file lasts that long); the live API has not been seen to.
        mode (Mode | Unset): `byok` when a provider key header was used, else `managed`. Extensible.
        cost (float | Unset):
        cache_hit (bool | Unset):
        provider_cost_avoided_micro (int | Unset):
        latency_ms (int | None | Unset):
        created_at (datetime.datetime | Unset):
        output_storage (None | str | Unset):
        output_size_bytes (int | None | Unset):
    """

    id: str
    model: str
    provider: str
    video_url: None | str | Unset = UNSET
    duration_seconds: float | Unset = UNSET
    mode: Mode | Unset = UNSET
    cost: float | Unset = UNSET
    cache_hit: bool | Unset = UNSET
    provider_cost_avoided_micro: int | Unset = UNSET
    latency_ms: int | None | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    output_storage: None | str | Unset = UNSET
    output_size_bytes: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        model = self.model

        provider = self.provider

        video_url: None | str | Unset
        if isinstance(self.video_url, Unset):
            video_url = UNSET
        else:
            video_url = self.video_url

        duration_seconds = self.duration_seconds

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        cost = self.cost

        cache_hit = self.cache_hit

        provider_cost_avoided_micro = self.provider_cost_avoided_micro

        latency_ms: int | None | Unset
        if isinstance(self.latency_ms, Unset):
            latency_ms = UNSET
        else:
            latency_ms = self.latency_ms

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        output_storage: None | str | Unset
        if isinstance(self.output_storage, Unset):
            output_storage = UNSET
        else:
            output_storage = self.output_storage

        output_size_bytes: int | None | Unset
        if isinstance(self.output_size_bytes, Unset):
            output_size_bytes = UNSET
        else:
            output_size_bytes = self.output_size_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "model": model,
                "provider": provider,
            }
        )
        if video_url is not UNSET:
            field_dict["video_url"] = video_url
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if mode is not UNSET:
            field_dict["mode"] = mode
        if cost is not UNSET:
            field_dict["cost"] = cost
        if cache_hit is not UNSET:
            field_dict["cache_hit"] = cache_hit
        if provider_cost_avoided_micro is not UNSET:
            field_dict["provider_cost_avoided_micro"] = provider_cost_avoided_micro
        if latency_ms is not UNSET:
            field_dict["latency_ms"] = latency_ms
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if output_storage is not UNSET:
            field_dict["output_storage"] = output_storage
        if output_size_bytes is not UNSET:
            field_dict["output_size_bytes"] = output_size_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        model = d.pop("model")

        provider = d.pop("provider")

        def _parse_video_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        video_url = _parse_video_url(d.pop("video_url", UNSET))

        duration_seconds = d.pop("duration_seconds", UNSET)

        _mode = d.pop("mode", UNSET)
        mode: Mode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = Mode(_mode)

        cost = d.pop("cost", UNSET)

        cache_hit = d.pop("cache_hit", UNSET)

        provider_cost_avoided_micro = d.pop("provider_cost_avoided_micro", UNSET)

        def _parse_latency_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        def _parse_output_storage(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        output_storage = _parse_output_storage(d.pop("output_storage", UNSET))

        def _parse_output_size_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        output_size_bytes = _parse_output_size_bytes(d.pop("output_size_bytes", UNSET))

        video_result = cls(
            id=id,
            model=model,
            provider=provider,
            video_url=video_url,
            duration_seconds=duration_seconds,
            mode=mode,
            cost=cost,
            cache_hit=cache_hit,
            provider_cost_avoided_micro=provider_cost_avoided_micro,
            latency_ms=latency_ms,
            created_at=created_at,
            output_storage=output_storage,
            output_size_bytes=output_size_bytes,
        )

        video_result.additional_properties = d
        return video_result

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
