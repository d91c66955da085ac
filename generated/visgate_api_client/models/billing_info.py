from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BillingInfo")


@_attrs_define
class BillingInfo:
    """The organisation's billing account. Partial: only key names have been seen; note the
    mixed units (micro-USD for the balance, cents for budget and usage). Keys starting with
    `_` may also be present.

        Example:
            {'balance_micro': 18750000, 'billing_status': 'active', 'company_name': 'Example Studio', 'free_mode_enabled':
                False, 'monthly_budget_cents': 50000, 'support_email': 'support@visgateai.com', 'tier': 'starter',
                'usage_this_month_cents': 13}

        Attributes:
            balance_micro (int | Unset):
            billing_status (str | Unset):
            company_name (None | str | Unset):
            free_mode_enabled (bool | Unset):
            monthly_budget_cents (int | None | Unset):
            support_email (None | str | Unset):
            tier (str | Unset):
            usage_this_month_cents (int | Unset):
    """

    balance_micro: int | Unset = UNSET
    billing_status: str | Unset = UNSET
    company_name: None | str | Unset = UNSET
    free_mode_enabled: bool | Unset = UNSET
    monthly_budget_cents: int | None | Unset = UNSET
    support_email: None | str | Unset = UNSET
    tier: str | Unset = UNSET
    usage_this_month_cents: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance_micro = self.balance_micro

        billing_status = self.billing_status

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        free_mode_enabled = self.free_mode_enabled

        monthly_budget_cents: int | None | Unset
        if isinstance(self.monthly_budget_cents, Unset):
            monthly_budget_cents = UNSET
        else:
            monthly_budget_cents = self.monthly_budget_cents

        support_email: None | str | Unset
        if isinstance(self.support_email, Unset):
            support_email = UNSET
        else:
            support_email = self.support_email

        tier = self.tier

        usage_this_month_cents = self.usage_this_month_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if balance_micro is not UNSET:
            field_dict["balance_micro"] = balance_micro
        if billing_status is not UNSET:
            field_dict["billing_status"] = billing_status
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if free_mode_enabled is not UNSET:
            field_dict["free_mode_enabled"] = free_mode_enabled
        if monthly_budget_cents is not UNSET:
            field_dict["monthly_budget_cents"] = monthly_budget_cents
        if support_email is not UNSET:
            field_dict["support_email"] = support_email
        if tier is not UNSET:
            field_dict["tier"] = tier
        if usage_this_month_cents is not UNSET:
            field_dict["usage_this_month_cents"] = usage_this_month_cents

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        balance_micro = d.pop("balance_micro", UNSET)

        billing_status = d.pop("billing_status", UNSET)

        def _parse_company_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_name = _parse_company_name(d.pop("company_name", UNSET))

        free_mode_enabled = d.pop("free_mode_enabled", UNSET)

        def _parse_monthly_budget_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        monthly_budget_cents = _parse_monthly_budget_cents(d.pop("monthly_budget_cents", UNSET))

        def _parse_support_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        support_email = _parse_support_email(d.pop("support_email", UNSET))

        tier = d.pop("tier", UNSET)

        usage_this_month_cents = d.pop("usage_this_month_cents", UNSET)

        billing_info = cls(
            balance_micro=balance_micro,
            billing_status=billing_status,
            company_name=company_name,
            free_mode_enabled=free_mode_enabled,
            monthly_budget_cents=monthly_budget_cents,
            support_email=support_email,
            tier=tier,
            usage_this_month_cents=usage_this_month_cents,
        )

        billing_info.additional_properties = d
        return billing_info

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
