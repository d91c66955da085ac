from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.featured_section import FeaturedSection
    from ..models.model_info import ModelInfo


T = TypeVar("T", bound="ModelsResponse")


@_attrs_define
class ModelsResponse:
    """
    Example:
        {'models': [{'id': 'fal-ai/flux-pro', 'name': 'FLUX Pro', 'provider': 'fal', 'media_type': 'image',
            'base_cost_micro': 50000}], 'total_count': 1704, 'last_updated': '2026-02-20T06:00:00+00:00'}

    Attributes:
        models (list[ModelInfo]):
        total_count (int | Unset): Size of the whole catalog (or of the filtered set)
        last_updated (datetime.datetime | None | Unset):
        featured (list[FeaturedSection] | Unset):
    """

    models: list[ModelInfo]
    total_count: int | Unset = UNSET
    last_updated: datetime.datetime | None | Unset = UNSET
    featured: list[FeaturedSection] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)

        total_count = self.total_count

        last_updated: None | str | Unset
        if isinstance(self.last_updated, Unset):
            last_updated = UNSET
        elif isinstance(self.last_updated, datetime.datetime):
            last_updated = self.last_updated.isoformat()
        else:
            last_updated = self.last_updated

        featured: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.featured, Unset):
            featured = []
            for featured_item_data in self.featured:
                featured_item = featured_item_data.to_dict()
                featured.append(featured_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "models": models,
            }
        )
        if total_count is not UNSET:
            field_dict["total_count"] = total_count
        if last_updated is not UNSET:
            field_dict["last_updated"] = last_updated
        if featured is not UNSET:
            field_dict["featured"] = featured

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.featured_section import FeaturedSection  # noqa: PLC0415
        from ..models.model_info import ModelInfo  # noqa: PLC0415

        d = dict(src_dict)
        models = []
        _models = d.pop("models")
        for models_item_data in _models:
            models_item = ModelInfo.from_dict(models_item_data)

            models.append(models_item)

        total_count = d.pop("total_count", UNSET)

        def _parse_last_updated(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_updated_type_0 = datetime.datetime.fromisoformat(data)

                return last_updated_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_updated = _parse_last_updated(d.pop("last_updated", UNSET))

        _featured = d.pop("featured", UNSET)
        featured: list[FeaturedSection] | Unset = UNSET
        if _featured is not UNSET:
            featured = []
            for featured_item_data in _featured:
                featured_item = FeaturedSection.from_dict(featured_item_data)

                featured.append(featured_item)

        models_response = cls(
            models=models,
            total_count=total_count,
            last_updated=last_updated,
            featured=featured,
        )

        models_response.additional_properties = d
        return models_response

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
