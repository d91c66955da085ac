"""``client.usage``: usage summary, request log and dashboard."""

from __future__ import annotations

from typing import Any

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk.resources._base import AsyncResource, SyncResource, require_int, require_text
from visgate_sdk.types import UsageSummary

# The names 0.0.x code imported from this module (results were defined here then).
__all__ = ["AsyncUsage", "Usage", "UsageSummary"]


def _period(period: str) -> Any:
    from visgate_api_client.models import Period

    return Period(require_text(period, "period"))


def _summary(answer: Answer) -> UsageSummary:
    return UsageSummary.from_dict(answer.mapping("UsageSummary"))


def _logs(answer: Answer) -> list[dict[str, Any]]:
    # The live API has answered both with a bare list and with {"logs": [...]}.
    data = answer.data
    if isinstance(data, dict):
        data = data.get("logs")
    return [dict(item) for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def _dashboard(answer: Answer) -> dict[str, Any]:
    return dict(answer.mapping("Dashboard"))


def summary_call(period: str) -> Call[UsageSummary]:
    """Plan ``GET /usage``."""
    from visgate_api_client.api.usage import get_usage

    return Call(request_kwargs(get_usage._get_kwargs(period=_period(period))), _summary)


def logs_call(limit: int, offset: int) -> Call[list[dict[str, Any]]]:
    """Plan ``GET /usage/logs``."""
    from visgate_api_client.api.usage import list_usage_logs

    return Call(
        request_kwargs(
            list_usage_logs._get_kwargs(
                limit=require_int(limit, "limit", minimum=1),
                offset=require_int(offset, "offset", minimum=0),
            )
        ),
        _logs,
    )


def dashboard_call(period: str) -> Call[dict[str, Any]]:
    """Plan ``GET /dashboard``."""
    from visgate_api_client.api.usage import get_dashboard

    return Call(request_kwargs(get_dashboard._get_kwargs(period=_period(period))), _dashboard)


class Usage(SyncResource):
    """Usage of the organisation."""

    def get(self, period: str = "month") -> UsageSummary:
        """Totals for ``day``, ``week``, ``month`` or ``year``."""
        return self._run(summary_call(period))

    def logs(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """The request log, newest first."""
        return self._run(logs_call(limit, offset))

    def dashboard(self, period: str = "month") -> dict[str, Any]:
        """Dashboard figures (``total_generations``, ``total_cost_usd``, ...)."""
        return self._run(dashboard_call(period))


class AsyncUsage(AsyncResource):
    """Usage of the organisation (async)."""

    async def get(self, period: str = "month") -> UsageSummary:
        """Totals for a period."""
        return await self._run(summary_call(period))

    async def logs(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """The request log, newest first."""
        return await self._run(logs_call(limit, offset))

    async def dashboard(self, period: str = "month") -> dict[str, Any]:
        """Dashboard figures."""
        return await self._run(dashboard_call(period))
