from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.provider_balance import ProviderBalance


T = TypeVar("T", bound="ProviderBalancesResponse")


@_attrs_define
class ProviderBalancesResponse:
    """
    Example:
        {'balances': [{'provider': 'fal', 'configured': True, 'available': True, 'limit': None, 'remaining': None,
            'currency': 'credits', 'message': None}, {'provider': 'replicate', 'configured': True, 'available': True,
            'limit': None, 'remaining': None, 'currency': 'usd', 'message': None}, {'provider': 'runway', 'configured':
            True, 'available': True, 'limit': 10000.0, 'remaining': 1880.0, 'currency': 'credits', 'message': None}]}

    Attributes:
        balances (list[ProviderBalance]):
    """

    balances: list[ProviderBalance]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balances = []
        for balances_item_data in self.balances:
            balances_item = balances_item_data.to_dict()
            balances.append(balances_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balances": balances,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_balance import ProviderBalance  # noqa: PLC0415

        d = dict(src_dict)
        balances = []
        _balances = d.pop("balances")
        for balances_item_data in _balances:
            balances_item = ProviderBalance.from_dict(balances_item_data)

            balances.append(balances_item)

        provider_balances_response = cls(
            balances=balances,
        )

        provider_balances_response.additional_properties = d
        return provider_balances_response

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
