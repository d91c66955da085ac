"""Money: what a row will cost before it runs, and whether the budget allows sending it.

The estimate of a row is its model's catalog price (``models.get``: ``base_cost_micro`` per
image, or per second of video) plus the gateway's base fee when ``billing.pricing`` says it,
raised to the highest per-unit cost actually billed for that model in this run. A model
missing from the catalog is estimated from what other rows of the run were billed.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from visgate_sdk.exceptions import VisgateError

if TYPE_CHECKING:
    from visgate_sdk.batch.rows import Row
    from visgate_sdk.client import AsyncClient

EPSILON = 1e-9


class PriceBook:
    """Catalog prices, fetched once per model (a failed lookup is not retried)."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._unit: dict[str, float | None] = {}
        self._observed: dict[str, float] = {}
        self._base_fee: float | None = None
        self._lock = asyncio.Lock()

    async def _base(self) -> float:
        if self._base_fee is None:
            fee = 0.0
            try:
                pricing = (await self._client.billing.pricing()).pricing
                value = pricing.get("base_fee_micro")
                if isinstance(value, int | float) and not isinstance(value, bool):
                    fee = float(value) / 1e6
            except VisgateError:
                pass  # an estimate without the fee is still an estimate
            self._base_fee = fee
        return self._base_fee

    async def _catalog_unit(self, model: str) -> float | None:
        async with self._lock:  # one lookup per model, however many rows ask at once
            if model not in self._unit:
                try:
                    info = await self._client.models.get(model)
                    self._unit[model] = info.base_cost_micro / 1e6
                except VisgateError:
                    self._unit[model] = None
            return self._unit[model]

    async def estimate(self, row: Row) -> float:
        """USD this row is expected to cost (0.0 when nothing at all is known)."""
        unit = await self._catalog_unit(row.model)
        seen = self._observed.get(row.model)
        if unit is None and seen is None and self._observed:
            seen = max(self._observed.values())
        per_unit = max(unit or 0.0, seen or 0.0)
        if seen is not None:  # observed costs include the fee already
            return per_unit * row.units
        return per_unit * row.units + await self._base()

    def observe(self, row: Row, cost: float) -> None:
        """Learn from a billed row (cache hits bill nothing and teach nothing)."""
        if cost > 0 and row.units > 0:
            per_unit = cost / row.units
            self._observed[row.model] = max(self._observed.get(row.model, 0.0), per_unit)


class Budget:
    """Spent plus reserved (the estimates of jobs in flight) never passes ``limit``."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.spent = 0.0
        self.reserved = 0.0

    def reserve(self, estimate: float) -> bool:
        """Reserve ``estimate`` if it fits; False means: stop submitting."""
        if self.limit is not None and self.spent + self.reserved + estimate > self.limit + EPSILON:
            return False
        self.reserved += estimate
        return True

    def settle(self, estimate: float, cost: float) -> None:
        """A job ended: its reservation becomes what it actually cost (0 if not billed)."""
        self.reserved = max(0.0, self.reserved - estimate)
        self.spent += cost
