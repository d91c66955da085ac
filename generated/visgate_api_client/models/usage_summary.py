from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.usage_summary_by_model import UsageSummaryByModel
    from ..models.usage_summary_by_provider import UsageSummaryByProvider
    from ..models.usage_summary_provider_breakdown import UsageSummaryProviderBreakdown


T = TypeVar("T", bound="UsageSummary")


@_attrs_define
class UsageSummary:
    """
    Example:
        {'total_requests': 327, 'successful_requests': 320, 'failed_requests': 7, 'cached_requests': 44,
            'total_provider_cost': 1.02, 'total_billed_cost': 0.13, 'total_savings': 0.2, 'by_provider': {'fal': 300,
            'replicate': 20, 'runway': 7}, 'by_model': {'fal-ai/flux/schnell': 280, 'fal-ai/veo3': 20, 'replicate/black-
            forest-labs/flux-schnell': 20, 'runway/gen4_image': 7}, 'period': 'month', 'period_start':
            '2026-01-21T10:00:00+00:00', 'period_end': '2026-02-20T10:00:00+00:00'}

    Attributes:
        total_requests (int | Unset):
        successful_requests (int | Unset):
        failed_requests (int | Unset):
        cached_requests (int | Unset):
        total_provider_cost (float | Unset): USD the providers charged (or would have
        total_billed_cost (float | Unset): USD billed by visgate.
        total_savings (float | Unset): USD saved by the cache.
        by_provider (UsageSummaryByProvider | Unset): Request counts per provider.
        by_model (UsageSummaryByModel | Unset): Request counts per model.
        period (str | Unset):
        period_start (datetime.datetime | Unset):
        period_end (datetime.datetime | Unset):
        total_cost_usd (float | Unset): Legacy name of `total_billed_cost`.
        provider_breakdown (UsageSummaryProviderBreakdown | Unset): Legacy name of `by_provider`.
    """

    total_requests: int | Unset = UNSET
    successful_requests: int | Unset = UNSET
    failed_requests: int | Unset = UNSET
    cached_requests: int | Unset = UNSET
    total_provider_cost: float | Unset = UNSET
    total_billed_cost: float | Unset = UNSET
    total_savings: float | Unset = UNSET
    by_provider: UsageSummaryByProvider | Unset = UNSET
    by_model: UsageSummaryByModel | Unset = UNSET
    period: str | Unset = UNSET
    period_start: datetime.datetime | Unset = UNSET
    period_end: datetime.datetime | Unset = UNSET
    total_cost_usd: float | Unset = UNSET
    provider_breakdown: UsageSummaryProviderBreakdown | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_requests = self.total_requests

        successful_requests = self.successful_requests

        failed_requests = self.failed_requests

        cached_requests = self.cached_requests

        total_provider_cost = self.total_provider_cost

        total_billed_cost = self.total_billed_cost

        total_savings = self.total_savings

        by_provider: dict[str, Any] | Unset = UNSET
        if not isinstance(self.by_provider, Unset):
            by_provider = self.by_provider.to_dict()

        by_model: dict[str, Any] | Unset = UNSET
        if not isinstance(self.by_model, Unset):
            by_model = self.by_model.to_dict()

        period = self.period

        period_start: str | Unset = UNSET
        if not isinstance(self.period_start, Unset):
            period_start = self.period_start.isoformat()

        period_end: str | Unset = UNSET
        if not isinstance(self.period_end, Unset):
            period_end = self.period_end.isoformat()

        total_cost_usd = self.total_cost_usd

        provider_breakdown: dict[str, Any] | Unset = UNSET
        if not isinstance(self.provider_breakdown, Unset):
            provider_breakdown = self.provider_breakdown.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total_requests is not UNSET:
            field_dict["total_requests"] = total_requests
        if successful_requests is not UNSET:
            field_dict["successful_requests"] = successful_requests
        if failed_requests is not UNSET:
            field_dict["failed_requests"] = failed_requests
        if cached_requests is not UNSET:
            field_dict["cached_requests"] = cached_requests
        if total_provider_cost is not UNSET:
            field_dict["total_provider_cost"] = total_provider_cost
        if total_billed_cost is not UNSET:
            field_dict["total_billed_cost"] = total_billed_cost
        if total_savings is not UNSET:
            field_dict["total_savings"] = total_savings
        if by_provider is not UNSET:
            field_dict["by_provider"] = by_provider
        if by_model is not UNSET:
            field_dict["by_model"] = by_model
        if period is not UNSET:
            field_dict["period"] = period
        if period_start is not UNSET:
            field_dict["period_start"] = period_start
        if period_end is not UNSET:
            field_dict["period_end"] = period_end
        if total_cost_usd is not UNSET:
            field_dict["total_cost_usd"] = total_cost_usd
        if provider_breakdown is not UNSET:
            field_dict["provider_breakdown"] = provider_breakdown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.usage_summary_by_model import UsageSummaryByModel  # noqa: PLC0415
        from ..models.usage_summary_by_provider import UsageSummaryByProvider  # noqa: PLC0415
        from ..models.usage_summary_provider_breakdown import UsageSummaryProviderBreakdown  # noqa: PLC0415

        d = dict(src_dict)
        total_requests = d.pop("total_requests", UNSET)

        successful_requests = d.pop("successful_requests", UNSET)

        failed_requests = d.pop("failed_requests", UNSET)

        cached_requests = d.pop("cached_requests", UNSET)

        total_provider_cost = d.pop("total_provider_cost", UNSET)

        total_billed_cost = d.pop("total_billed_cost", UNSET)

        total_savings = d.pop("total_savings", UNSET)

        _by_provider = d.pop("by_provider", UNSET)
        by_provider: UsageSummaryByProvider | Unset
        if isinstance(_by_provider, Unset):
            by_provider = UNSET
        else:
            by_provider = UsageSummaryByProvider.from_dict(_by_provider)

        _by_model = d.pop("by_model", UNSET)
        by_model: UsageSummaryByModel | Unset
        if isinstance(_by_model, Unset):
            by_model = UNSET
        else:
            by_model = UsageSummaryByModel.from_dict(_by_model)

        period = d.pop("period", UNSET)

        _period_start = d.pop("period_start", UNSET)
        period_start: datetime.datetime | Unset
        if isinstance(_period_start, Unset):
            period_start = UNSET
        else:
            period_start = datetime.datetime.fromisoformat(_period_start)

        _period_end = d.pop("period_end", UNSET)
        period_end: datetime.datetime | Unset
        if isinstance(_period_end, Unset):
            period_end = UNSET
        else:
            period_end = datetime.datetime.fromisoformat(_period_end)

        total_cost_usd = d.pop("total_cost_usd", UNSET)

        _provider_breakdown = d.pop("provider_breakdown", UNSET)
        provider_breakdown: UsageSummaryProviderBreakdown | Unset
        if isinstance(_provider_breakdown, Unset):
            provider_breakdown = UNSET
        else:
            provider_breakdown = UsageSummaryProviderBreakdown.from_dict(_provider_breakdown)

        usage_summary = cls(
            total_requests=total_requests,
            successful_requests=successful_requests,
            failed_requests=failed_requests,
            cached_requests=cached_requests,
            total_provider_cost=total_provider_cost,
            total_billed_cost=total_billed_cost,
            total_savings=total_savings,
            by_provider=by_provider,
            by_model=by_model,
            period=period,
            period_start=period_start,
            period_end=period_end,
            total_cost_usd=total_cost_usd,
            provider_breakdown=provider_breakdown,
        )

        usage_summary.additional_properties = d
        return usage_summary

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
