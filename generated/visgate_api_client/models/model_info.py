from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.media_type import MediaType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelInfo")


@_attrs_define
class ModelInfo:
    """One catalog model. Every field is optional: entries of the live catalog vary, and clients
    fill in defaults (empty strings, `image`, 0, empty lists).

        Example:
            {'id': 'fal-ai/flux/schnell', 'name': 'FLUX Schnell', 'provider': 'fal', 'media_type': 'image', 'description':
                'Fast 4-step text-to-image model.', 'category': 'text-to-image', 'tags': ['fast', 'text-to-image'],
                'cover_image_url': None, 'author': 'Black Forest Labs', 'url': 'https://fal.ai/models/fal-ai/flux/schnell',
                'base_cost_micro': 3000, 'normalized_cost_micro': 3000, 'pricing': '$0.003 per megapixel', 'pricing_unit':
                'megapixel', 'run_count': 5000, 'input_types': ['text'], 'output_type': 'image', 'capabilities': ['text-to-
                image'], 'first_seen_at': '2025-08-01T00:00:00+00:00', 'provider_created_at': '2024-08-01T00:00:00+00:00',
                'last_synced_at': '2026-02-20T06:00:00+00:00'}

        Attributes:
            id (str | Unset):
            name (str | Unset):
            provider (str | Unset):
            media_type (MediaType | Unset): Kind of media a model produces or a job returns. Extensible.
            description (None | str | Unset):
            category (None | str | Unset):
            tags (list[str] | Unset):
            cover_image_url (None | str | Unset):
            author (None | str | Unset):
            url (None | str | Unset):
            base_cost_micro (int | Unset): Provider price per output in micro-USD.
            normalized_cost_micro (int | Unset): Price per output normalised across providers
            pricing (None | str | Unset): Free-text price.
            pricing_unit (None | str | Unset):
            run_count (int | Unset):
            input_types (list[str] | Unset):
            output_type (None | str | Unset):
            capabilities (list[str] | Unset):
            first_seen_at (datetime.datetime | None | Unset):
            provider_created_at (datetime.datetime | None | Unset):
            last_synced_at (datetime.datetime | None | Unset):
    """

    id: str | Unset = UNSET
    name: str | Unset = UNSET
    provider: str | Unset = UNSET
    media_type: MediaType | Unset = UNSET
    description: None | str | Unset = UNSET
    category: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    cover_image_url: None | str | Unset = UNSET
    author: None | str | Unset = UNSET
    url: None | str | Unset = UNSET
    base_cost_micro: int | Unset = UNSET
    normalized_cost_micro: int | Unset = UNSET
    pricing: None | str | Unset = UNSET
    pricing_unit: None | str | Unset = UNSET
    run_count: int | Unset = UNSET
    input_types: list[str] | Unset = UNSET
    output_type: None | str | Unset = UNSET
    capabilities: list[str] | Unset = UNSET
    first_seen_at: datetime.datetime | None | Unset = UNSET
    provider_created_at: datetime.datetime | None | Unset = UNSET
    last_synced_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        provider = self.provider

        media_type: str | Unset = UNSET
        if not isinstance(self.media_type, Unset):
            media_type = self.media_type.value

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        cover_image_url: None | str | Unset
        if isinstance(self.cover_image_url, Unset):
            cover_image_url = UNSET
        else:
            cover_image_url = self.cover_image_url

        author: None | str | Unset
        if isinstance(self.author, Unset):
            author = UNSET
        else:
            author = self.author

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        base_cost_micro = self.base_cost_micro

        normalized_cost_micro = self.normalized_cost_micro

        pricing: None | str | Unset
        if isinstance(self.pricing, Unset):
            pricing = UNSET
        else:
            pricing = self.pricing

        pricing_unit: None | str | Unset
        if isinstance(self.pricing_unit, Unset):
            pricing_unit = UNSET
        else:
            pricing_unit = self.pricing_unit

        run_count = self.run_count

        input_types: list[str] | Unset = UNSET
        if not isinstance(self.input_types, Unset):
            input_types = self.input_types

        output_type: None | str | Unset
        if isinstance(self.output_type, Unset):
            output_type = UNSET
        else:
            output_type = self.output_type

        capabilities: list[str] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = self.capabilities

        first_seen_at: None | str | Unset
        if isinstance(self.first_seen_at, Unset):
            first_seen_at = UNSET
        elif isinstance(self.first_seen_at, datetime.datetime):
            first_seen_at = self.first_seen_at.isoformat()
        else:
            first_seen_at = self.first_seen_at

        provider_created_at: None | str | Unset
        if isinstance(self.provider_created_at, Unset):
            provider_created_at = UNSET
        elif isinstance(self.provider_created_at, datetime.datetime):
            provider_created_at = self.provider_created_at.isoformat()
        else:
            provider_created_at = self.provider_created_at

        last_synced_at: None | str | Unset
        if isinstance(self.last_synced_at, Unset):
            last_synced_at = UNSET
        elif isinstance(self.last_synced_at, datetime.datetime):
            last_synced_at = self.last_synced_at.isoformat()
        else:
            last_synced_at = self.last_synced_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if provider is not UNSET:
            field_dict["provider"] = provider
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if description is not UNSET:
            field_dict["description"] = description
        if category is not UNSET:
            field_dict["category"] = category
        if tags is not UNSET:
            field_dict["tags"] = tags
        if cover_image_url is not UNSET:
            field_dict["cover_image_url"] = cover_image_url
        if author is not UNSET:
            field_dict["author"] = author
        if url is not UNSET:
            field_dict["url"] = url
        if base_cost_micro is not UNSET:
            field_dict["base_cost_micro"] = base_cost_micro
        if normalized_cost_micro is not UNSET:
            field_dict["normalized_cost_micro"] = normalized_cost_micro
        if pricing is not UNSET:
            field_dict["pricing"] = pricing
        if pricing_unit is not UNSET:
            field_dict["pricing_unit"] = pricing_unit
        if run_count is not UNSET:
            field_dict["run_count"] = run_count
        if input_types is not UNSET:
            field_dict["input_types"] = input_types
        if output_type is not UNSET:
            field_dict["output_type"] = output_type
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if first_seen_at is not UNSET:
            field_dict["first_seen_at"] = first_seen_at
        if provider_created_at is not UNSET:
            field_dict["provider_created_at"] = provider_created_at
        if last_synced_at is not UNSET:
            field_dict["last_synced_at"] = last_synced_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        provider = d.pop("provider", UNSET)

        _media_type = d.pop("media_type", UNSET)
        media_type: MediaType | Unset
        if isinstance(_media_type, Unset):
            media_type = UNSET
        else:
            media_type = MediaType(_media_type)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_cover_image_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cover_image_url = _parse_cover_image_url(d.pop("cover_image_url", UNSET))

        def _parse_author(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author = _parse_author(d.pop("author", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        base_cost_micro = d.pop("base_cost_micro", UNSET)

        normalized_cost_micro = d.pop("normalized_cost_micro", UNSET)

        def _parse_pricing(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pricing = _parse_pricing(d.pop("pricing", UNSET))

        def _parse_pricing_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pricing_unit = _parse_pricing_unit(d.pop("pricing_unit", UNSET))

        run_count = d.pop("run_count", UNSET)

        input_types = cast(list[str], d.pop("input_types", UNSET))

        def _parse_output_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        output_type = _parse_output_type(d.pop("output_type", UNSET))

        capabilities = cast(list[str], d.pop("capabilities", UNSET))

        def _parse_first_seen_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_seen_at_type_0 = datetime.datetime.fromisoformat(data)

                return first_seen_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        first_seen_at = _parse_first_seen_at(d.pop("first_seen_at", UNSET))

        def _parse_provider_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_created_at_type_0 = datetime.datetime.fromisoformat(data)

                return provider_created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        provider_created_at = _parse_provider_created_at(d.pop("provider_created_at", UNSET))

        def _parse_last_synced_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_synced_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_synced_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_synced_at = _parse_last_synced_at(d.pop("last_synced_at", UNSET))

        model_info = cls(
            id=id,
            name=name,
            provider=provider,
            media_type=media_type,
            description=description,
            category=category,
            tags=tags,
            cover_image_url=cover_image_url,
            author=author,
            url=url,
            base_cost_micro=base_cost_micro,
            normalized_cost_micro=normalized_cost_micro,
            pricing=pricing,
            pricing_unit=pricing_unit,
            run_count=run_count,
            input_types=input_types,
            output_type=output_type,
            capabilities=capabilities,
            first_seen_at=first_seen_at,
            provider_created_at=provider_created_at,
            last_synced_at=last_synced_at,
        )

        model_info.additional_properties = d
        return model_info

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
