from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resolution import Resolution


T = TypeVar("T", bound="GenerateResult")


@_attrs_define
class GenerateResult:
    """
    Example:
        {'id': '0385a863-9eab-44eb-95ea-82f52731996b', 'image_url': 'https://storage.googleapis.com/visgate-
            outputs/0385a863-9eab-44eb-95ea-82f52731996b.png', 'images': ['https://storage.googleapis.com/visgate-
            outputs/0385a863-9eab-44eb-95ea-82f52731996b.png'], 'model': 'fal-ai/flux/schnell', 'provider': 'fal', 'mode':
            'managed', 'estimated_cost_usd': 0.003, 'cost_per_megapixel_usd': 0.005, 'latency_ms': 1200, 'resolution':
            {'width': 1024, 'height': 1024}, 'cache_hit': False, 'created_at': '2026-02-20T10:15:03.120000+00:00'}

    Attributes:
        id (str): Request id (UUID).
        model (str):
        image_url (None | str | Unset): URL of the first image.
        images (list[str] | Unset):
        provider (str | Unset):
        mode (Mode | Unset): `byok` when a provider key header was used, else `managed`. Extensible.
        estimated_cost_usd (float | Unset): Billed cost in USD (base fee only in BYOK mode).
        cost_per_megapixel_usd (float | Unset):
        latency_ms (int | Unset):
        resolution (Resolution | Unset):  Example: {'width': 1024, 'height': 1024}.
        cache_hit (bool | Unset):
        created_at (datetime.datetime | Unset):
    """

    id: str
    model: str
    image_url: None | str | Unset = UNSET
    images: list[str] | Unset = UNSET
    provider: str | Unset = UNSET
    mode: Mode | Unset = UNSET
    estimated_cost_usd: float | Unset = UNSET
    cost_per_megapixel_usd: float | Unset = UNSET
    latency_ms: int | Unset = UNSET
    resolution: Resolution | Unset = UNSET
    cache_hit: bool | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        model = self.model

        image_url: None | str | Unset
        if isinstance(self.image_url, Unset):
            image_url = UNSET
        else:
            image_url = self.image_url

        images: list[str] | Unset = UNSET
        if not isinstance(self.images, Unset):
            images = self.images

        provider = self.provider

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        estimated_cost_usd = self.estimated_cost_usd

        cost_per_megapixel_usd = self.cost_per_megapixel_usd

        latency_ms = self.latency_ms

        resolution: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution.to_dict()

        cache_hit = self.cache_hit

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "model": model,
            }
        )
        if image_url is not UNSET:
            field_dict["image_url"] = image_url
        if images is not UNSET:
            field_dict["images"] = images
        if provider is not UNSET:
            field_dict["provider"] = provider
        if mode is not UNSET:
            field_dict["mode"] = mode
        if estimated_cost_usd is not UNSET:
            field_dict["estimated_cost_usd"] = estimated_cost_usd
        if cost_per_megapixel_usd is not UNSET:
            field_dict["cost_per_megapixel_usd"] = cost_per_megapixel_usd
        if latency_ms is not UNSET:
            field_dict["latency_ms"] = latency_ms
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if cache_hit is not UNSET:
            field_dict["cache_hit"] = cache_hit
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resolution import Resolution  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        model = d.pop("model")

        def _parse_image_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_url = _parse_image_url(d.pop("image_url", UNSET))

        images = cast(list[str], d.pop("images", UNSET))

        provider = d.pop("provider", UNSET)

        _mode = d.pop("mode", UNSET)
        mode: Mode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = Mode(_mode)

        estimated_cost_usd = d.pop("estimated_cost_usd", UNSET)

        cost_per_megapixel_usd = d.pop("cost_per_megapixel_usd", UNSET)

        latency_ms = d.pop("latency_ms", UNSET)

        _resolution = d.pop("resolution", UNSET)
        resolution: Resolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = Resolution.from_dict(_resolution)

        cache_hit = d.pop("cache_hit", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        generate_result = cls(
            id=id,
            model=model,
            image_url=image_url,
            images=images,
            provider=provider,
            mode=mode,
            estimated_cost_usd=estimated_cost_usd,
            cost_per_megapixel_usd=cost_per_megapixel_usd,
            latency_ms=latency_ms,
            resolution=resolution,
            cache_hit=cache_hit,
            created_at=created_at,
        )

        generate_result.additional_properties = d
        return generate_result

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
