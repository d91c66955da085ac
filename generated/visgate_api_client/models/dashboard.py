from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dashboard_by_model import DashboardByModel
    from ..models.dashboard_by_provider import DashboardByProvider
    from ..models.dashboard_daily_item import DashboardDailyItem


T = TypeVar("T", bound="Dashboard")


@_attrs_define
class Dashboard:
    """Partial; only `total_generations` and `total_cost_usd` have been seen on the live API.

    Example:
        {'total_generations': 327, 'total_cost_usd': 0.13, 'period': 'month', 'cache_hits': 44, 'cache_hit_rate': 13.46,
            'by_provider': {'fal': {'requests': 300, 'billed_cost': 0.11}}, 'by_model': {'fal-ai/flux/schnell': {'requests':
            280, 'billed_cost': 0.08}}, 'daily': [{'date': '2026-02-20', 'requests': 12, 'billed_cost': 0.01}]}

    Attributes:
        total_generations (int | Unset):
        total_cost_usd (float | Unset):
        period (str | Unset):
        cache_hits (int | Unset):
        cache_hit_rate (float | Unset): Percent (0-100).
        by_provider (DashboardByProvider | Unset):
        by_model (DashboardByModel | Unset):
        daily (list[DashboardDailyItem] | Unset):
    """

    total_generations: int | Unset = UNSET
    total_cost_usd: float | Unset = UNSET
    period: str | Unset = UNSET
    cache_hits: int | Unset = UNSET
    cache_hit_rate: float | Unset = UNSET
    by_provider: DashboardByProvider | Unset = UNSET
    by_model: DashboardByModel | Unset = UNSET
    daily: list[DashboardDailyItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_generations = self.total_generations

        total_cost_usd = self.total_cost_usd

        period = self.period

        cache_hits = self.cache_hits

        cache_hit_rate = self.cache_hit_rate

        by_provider: dict[str, Any] | Unset = UNSET
        if not isinstance(self.by_provider, Unset):
            by_provider = self.by_provider.to_dict()

        by_model: dict[str, Any] | Unset = UNSET
        if not isinstance(self.by_model, Unset):
            by_model = self.by_model.to_dict()

        daily: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.daily, Unset):
            daily = []
            for daily_item_data in self.daily:
                daily_item = daily_item_data.to_dict()
                daily.append(daily_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total_generations is not UNSET:
            field_dict["total_generations"] = total_generations
        if total_cost_usd is not UNSET:
            field_dict["total_cost_usd"] = total_cost_usd
        if period is not UNSET:
            field_dict["period"] = period
        if cache_hits is not UNSET:
            field_dict["cache_hits"] = cache_hits
        if cache_hit_rate is not UNSET:
            field_dict["cache_hit_rate"] = cache_hit_rate
        if by_provider is not UNSET:
            field_dict["by_provider"] = by_provider
        if by_model is not UNSET:
            field_dict["by_model"] = by_model
        if daily is not UNSET:
            field_dict["daily"] = daily

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dashboard_by_model import DashboardByModel  # noqa: PLC0415
        from ..models.dashboard_by_provider import DashboardByProvider  # noqa: PLC0415
        from ..models.dashboard_daily_item import DashboardDailyItem  # noqa: PLC0415

        d = dict(src_dict)
        total_generations = d.pop("total_generations", UNSET)

        total_cost_usd = d.pop("total_cost_usd", UNSET)

        period = d.pop("period", UNSET)

        cache_hits = d.pop("cache_hits", UNSET)

        cache_hit_rate = d.pop("cache_hit_rate", UNSET)

        _by_provider = d.pop("by_provider", UNSET)
        by_provider: DashboardByProvider | Unset
        if isinstance(_by_provider, Unset):
            by_provider = UNSET
        else:
            by_provider = DashboardByProvider.from_dict(_by_provider)

        _by_model = d.pop("by_model", UNSET)
        by_model: DashboardByModel | Unset
        if isinstance(_by_model, Unset):
            by_model = UNSET
        else:
            by_model = DashboardByModel.from_dict(_by_model)

        _daily = d.pop("daily", UNSET)
        daily: list[DashboardDailyItem] | Unset = UNSET
        if _daily is not UNSET:
            daily = []
            for daily_item_data in _daily:
                daily_item = DashboardDailyItem.from_dict(daily_item_data)

                daily.append(daily_item)

        dashboard = cls(
            total_generations=total_generations,
            total_cost_usd=total_cost_usd,
            period=period,
            cache_hits=cache_hits,
            cache_hit_rate=cache_hit_rate,
            by_provider=by_provider,
            by_model=by_model,
            daily=daily,
        )

        dashboard.additional_properties = d
        return dashboard

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
