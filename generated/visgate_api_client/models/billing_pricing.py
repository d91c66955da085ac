from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.billing_pricing_pricing import BillingPricingPricing


T = TypeVar("T", bound="BillingPricing")


@_attrs_define
class BillingPricing:
    """Partial; only the keys `last_updated` and `pricing` have been seen.

    Example:
        {'last_updated': '2026-02-01T00:00:00+00:00', 'pricing': {'base_fee_micro': 500, 'request_fee_percent': 5.0,
            'byok_base_fee_micro': 500}}

    Attributes:
        last_updated (datetime.datetime | None | Unset):
        pricing (BillingPricingPricing | Unset): Price list; shape not seen on the live API.
    """

    last_updated: datetime.datetime | None | Unset = UNSET
    pricing: BillingPricingPricing | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_updated: None | str | Unset
        if isinstance(self.last_updated, Unset):
            last_updated = UNSET
        elif isinstance(self.last_updated, datetime.datetime):
            last_updated = self.last_updated.isoformat()
        else:
            last_updated = self.last_updated

        pricing: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pricing, Unset):
            pricing = self.pricing.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if last_updated is not UNSET:
            field_dict["last_updated"] = last_updated
        if pricing is not UNSET:
            field_dict["pricing"] = pricing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.billing_pricing_pricing import BillingPricingPricing  # noqa: PLC0415

        d = dict(src_dict)

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

        _pricing = d.pop("pricing", UNSET)
        pricing: BillingPricingPricing | Unset
        if isinstance(_pricing, Unset):
            pricing = UNSET
        else:
            pricing = BillingPricingPricing.from_dict(_pricing)

        billing_pricing = cls(
            last_updated=last_updated,
            pricing=pricing,
        )

        billing_pricing.additional_properties = d
        return billing_pricing

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
