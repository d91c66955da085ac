from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BillingStats")


@_attrs_define
class BillingStats:
    """Platform-wide pricing statistics. Partial: only the key names have been seen on the live
    API; `*_micro` are integer micro-USD and `*_percent` numbers by inference.

        Example:
            {'active_users': 412, 'avg_image_cost_micro': 3500, 'avg_video_cost_micro': 250000, 'base_fee_micro': 500,
                'cache_hit_reduction_percent': 100.0, 'competitor_markup_percent': 30.0, 'image_mix_percent': 85.0,
                'min_request_fee_micro': 100, 'providers': ['fal', 'replicate', 'runway'], 'request_fee_percent': 5.0,
                'savings_share_percent': 20.0, 'total_models': 1704, 'total_requests': 182340, 'total_savings_micro': 91500000,
                'video_mix_percent': 15.0}

        Attributes:
            active_users (int | Unset):
            avg_image_cost_micro (int | Unset):
            avg_video_cost_micro (int | Unset):
            base_fee_micro (int | Unset):
            cache_hit_reduction_percent (float | Unset):
            competitor_markup_percent (float | Unset):
            image_mix_percent (float | Unset):
            min_request_fee_micro (int | Unset):
            providers (Any | Unset): Shape not seen.
            request_fee_percent (float | Unset):
            savings_share_percent (float | Unset):
            total_models (int | Unset):
            total_requests (int | Unset):
            total_savings_micro (int | Unset):
            video_mix_percent (float | Unset):
    """

    active_users: int | Unset = UNSET
    avg_image_cost_micro: int | Unset = UNSET
    avg_video_cost_micro: int | Unset = UNSET
    base_fee_micro: int | Unset = UNSET
    cache_hit_reduction_percent: float | Unset = UNSET
    competitor_markup_percent: float | Unset = UNSET
    image_mix_percent: float | Unset = UNSET
    min_request_fee_micro: int | Unset = UNSET
    providers: Any | Unset = UNSET
    request_fee_percent: float | Unset = UNSET
    savings_share_percent: float | Unset = UNSET
    total_models: int | Unset = UNSET
    total_requests: int | Unset = UNSET
    total_savings_micro: int | Unset = UNSET
    video_mix_percent: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active_users = self.active_users

        avg_image_cost_micro = self.avg_image_cost_micro

        avg_video_cost_micro = self.avg_video_cost_micro

        base_fee_micro = self.base_fee_micro

        cache_hit_reduction_percent = self.cache_hit_reduction_percent

        competitor_markup_percent = self.competitor_markup_percent

        image_mix_percent = self.image_mix_percent

        min_request_fee_micro = self.min_request_fee_micro

        providers = self.providers

        request_fee_percent = self.request_fee_percent

        savings_share_percent = self.savings_share_percent

        total_models = self.total_models

        total_requests = self.total_requests

        total_savings_micro = self.total_savings_micro

        video_mix_percent = self.video_mix_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if active_users is not UNSET:
            field_dict["active_users"] = active_users
        if avg_image_cost_micro is not UNSET:
            field_dict["avg_image_cost_micro"] = avg_image_cost_micro
        if avg_video_cost_micro is not UNSET:
            field_dict["avg_video_cost_micro"] = avg_video_cost_micro
        if base_fee_micro is not UNSET:
            field_dict["base_fee_micro"] = base_fee_micro
        if cache_hit_reduction_percent is not UNSET:
            field_dict["cache_hit_reduction_percent"] = cache_hit_reduction_percent
        if competitor_markup_percent is not UNSET:
            field_dict["competitor_markup_percent"] = competitor_markup_percent
        if image_mix_percent is not UNSET:
            field_dict["image_mix_percent"] = image_mix_percent
        if min_request_fee_micro is not UNSET:
            field_dict["min_request_fee_micro"] = min_request_fee_micro
        if providers is not UNSET:
            field_dict["providers"] = providers
        if request_fee_percent is not UNSET:
            field_dict["request_fee_percent"] = request_fee_percent
        if savings_share_percent is not UNSET:
            field_dict["savings_share_percent"] = savings_share_percent
        if total_models is not UNSET:
            field_dict["total_models"] = total_models
        if total_requests is not UNSET:
            field_dict["total_requests"] = total_requests
        if total_savings_micro is not UNSET:
            field_dict["total_savings_micro"] = total_savings_micro
        if video_mix_percent is not UNSET:
            field_dict["video_mix_percent"] = video_mix_percent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active_users = d.pop("active_users", UNSET)

        avg_image_cost_micro = d.pop("avg_image_cost_micro", UNSET)

        avg_video_cost_micro = d.pop("avg_video_cost_micro", UNSET)

        base_fee_micro = d.pop("base_fee_micro", UNSET)

        cache_hit_reduction_percent = d.pop("cache_hit_reduction_percent", UNSET)

        competitor_markup_percent = d.pop("competitor_markup_percent", UNSET)

        image_mix_percent = d.pop("image_mix_percent", UNSET)

        min_request_fee_micro = d.pop("min_request_fee_micro", UNSET)

        providers = d.pop("providers", UNSET)

        request_fee_percent = d.pop("request_fee_percent", UNSET)

        savings_share_percent = d.pop("savings_share_percent", UNSET)

        total_models = d.pop("total_models", UNSET)

        total_requests = d.pop("total_requests", UNSET)

        total_savings_micro = d.pop("total_savings_micro", UNSET)

        video_mix_percent = d.pop("video_mix_percent", UNSET)

        billing_stats = cls(
            active_users=active_users,
            avg_image_cost_micro=avg_image_cost_micro,
            avg_video_cost_micro=avg_video_cost_micro,
            base_fee_micro=base_fee_micro,
            cache_hit_reduction_percent=cache_hit_reduction_percent,
            competitor_markup_percent=competitor_markup_percent,
            image_mix_percent=image_mix_percent,
            min_request_fee_micro=min_request_fee_micro,
            providers=providers,
            request_fee_percent=request_fee_percent,
            savings_share_percent=savings_share_percent,
            total_models=total_models,
            total_requests=total_requests,
            total_savings_micro=total_savings_micro,
            video_mix_percent=video_mix_percent,
        )

        billing_stats.additional_properties = d
        return billing_stats

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
