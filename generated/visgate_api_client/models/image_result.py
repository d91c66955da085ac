from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generation_step import GenerationStep


T = TypeVar("T", bound="ImageResult")


@_attrs_define
class ImageResult:
    """
    Example:
        {'id': 'eb201d02-65fb-4582-bf7c-281dd8f3e2f8', 'images': ['https://storage.googleapis.com/visgate-
            outputs/eb201d02-65fb-4582-bf7c-281dd8f3e2f8/0.png'], 'model': 'fal-ai/flux/schnell', 'provider': 'fal', 'mode':
            'managed', 'cost': 0.0, 'cache_hit': True, 'provider_cost_avoided_micro': 0, 'latency_ms': 864, 'created_at':
            '2026-02-20T10:16:44.500000+00:00', 'output_storage': 'storage.googleapis.com', 'output_size_bytes': 182734,
            'steps': [{'name': 'cache_lookup', 'duration_ms': 12, 'status': 'hit'}]}

    Attributes:
        id (str): Request id (UUID).
        model (str):
        provider (str):
        images (list[str] | Unset): URLs of the generated images.
        mode (Mode | Unset): `byok` when a provider key header was used, else `managed`. Extensible.
        cost (float | Unset): Billed cost in USD; 0 on a cache hit.
        cache_hit (bool | Unset):
        provider_cost_avoided_micro (int | Unset): Provider cost saved by the cache, in micro-USD. Present on hits only.
        latency_ms (int | None | Unset):
        created_at (datetime.datetime | Unset):
        output_storage (None | str | Unset): Host where the output lives (visgate storage or a provider CDN).
        output_size_bytes (int | None | Unset):
        steps (list[GenerationStep] | None | Unset): Timing breakdown, only with `include_steps=true`.
    """

    id: str
    model: str
    provider: str
    images: list[str] | Unset = UNSET
    mode: Mode | Unset = UNSET
    cost: float | Unset = UNSET
    cache_hit: bool | Unset = UNSET
    provider_cost_avoided_micro: int | Unset = UNSET
    latency_ms: int | None | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    output_storage: None | str | Unset = UNSET
    output_size_bytes: int | None | Unset = UNSET
    steps: list[GenerationStep] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        model = self.model

        provider = self.provider

        images: list[str] | Unset = UNSET
        if not isinstance(self.images, Unset):
            images = self.images

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

        steps: list[dict[str, Any]] | None | Unset
        if isinstance(self.steps, Unset):
            steps = UNSET
        elif isinstance(self.steps, list):
            steps = []
            for steps_type_0_item_data in self.steps:
                steps_type_0_item = steps_type_0_item_data.to_dict()
                steps.append(steps_type_0_item)

        else:
            steps = self.steps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "model": model,
                "provider": provider,
            }
        )
        if images is not UNSET:
            field_dict["images"] = images
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
        if steps is not UNSET:
            field_dict["steps"] = steps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generation_step import GenerationStep  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        model = d.pop("model")

        provider = d.pop("provider")

        images = cast(list[str], d.pop("images", UNSET))

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

        def _parse_steps(data: object) -> list[GenerationStep] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                steps_type_0 = []
                _steps_type_0 = data
                for steps_type_0_item_data in _steps_type_0:
                    steps_type_0_item = GenerationStep.from_dict(steps_type_0_item_data)

                    steps_type_0.append(steps_type_0_item)

                return steps_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[GenerationStep] | None | Unset, data)

        steps = _parse_steps(d.pop("steps", UNSET))

        image_result = cls(
            id=id,
            model=model,
            provider=provider,
            images=images,
            mode=mode,
            cost=cost,
            cache_hit=cache_hit,
            provider_cost_avoided_micro=provider_cost_avoided_micro,
            latency_ms=latency_ms,
            created_at=created_at,
            output_storage=output_storage,
            output_size_bytes=output_size_bytes,
            steps=steps,
        )

        image_result.additional_properties = d
        return image_result

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
