"""``client.models``: the model catalog."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk.exceptions import ValidationError
from visgate_sdk.resources._base import AsyncResource, SyncResource, require_int, require_text
from visgate_sdk.types import FeaturedSection, ModelInfo, ModelsResponse

# The names 0.0.x code imported from this module (results were defined here then).
__all__ = ["AsyncModels", "FeaturedSection", "ModelInfo", "Models", "ModelsResponse"]


def _page(answer: Answer) -> ModelsResponse:
    return ModelsResponse.from_dict(answer.mapping("ModelsResponse"))


def _model(answer: Answer) -> ModelInfo:
    return ModelInfo.from_dict(answer.mapping("ModelInfo"))


def list_call(
    *,
    provider: str | None,
    media_type: str | None,
    model_type: str | None,
    capability: str | None,
    search: str | None,
    sort: str | None,
    limit: int,
    featured: bool,
) -> Call[ModelsResponse]:
    """Plan ``GET /models``: empty filters are dropped, ``limit`` is always sent."""
    from visgate_api_client.api.models import list_models
    from visgate_api_client.models import MediaType, ModelSort

    arguments: dict[str, Any] = {"limit": require_int(limit, "limit", minimum=1)}
    kind = media_type or model_type  # model_type is the published alias
    if kind:
        arguments["media_type"] = MediaType(kind)
    if sort:
        arguments["sort"] = ModelSort(sort)
    for name, value in (("provider", provider), ("capability", capability), ("search", search)):
        if value:
            arguments[name] = value
    if featured:
        arguments["featured"] = True
    return Call(request_kwargs(list_models._get_kwargs(**arguments)), _page)


@lru_cache(maxsize=256)
def _model_path(model_id: str) -> str:
    segments = model_id.strip("/").split("/")
    if any(s in ("", ".", "..") for s in segments):
        raise ValidationError(f"model_id {model_id!r} is not a model id", field="model_id")
    return "/models/" + "/".join(quote(s, safe="") for s in segments)


def get_call(model_id: str) -> Call[ModelInfo]:
    """Plan ``GET /models/{model_id}`` with the id's slashes sent literally (the canonical form)."""
    return Call({"method": "get", "url": _model_path(require_text(model_id, "model_id"))}, _model)


class Models(SyncResource):
    """The model catalog."""

    def list(
        self,
        *,
        provider: str | None = None,
        media_type: str | None = None,
        model_type: str | None = None,
        capability: str | None = None,
        search: str | None = None,
        sort: str | None = None,
        limit: int = 100,
        featured: bool = False,
    ) -> ModelsResponse:
        """List models; ``sort`` is ``name``, ``cost``, ``newest`` or ``popular``."""
        return self._run(
            list_call(
                provider=provider,
                media_type=media_type,
                model_type=model_type,
                capability=capability,
                search=search,
                sort=sort,
                limit=limit,
                featured=featured,
            )
        )

    def get(self, model_id: str) -> ModelInfo:
        """One model by its full id, e.g. ``fal-ai/flux/schnell``."""
        return self._run(get_call(model_id))

    def search(self, query: str, *, limit: int = 20) -> ModelsResponse:
        """Models whose id, name, description or author match ``query``."""
        return self.list(search=require_text(query, "query"), limit=limit)


class AsyncModels(AsyncResource):
    """The model catalog (async)."""

    async def list(
        self,
        *,
        provider: str | None = None,
        media_type: str | None = None,
        model_type: str | None = None,
        capability: str | None = None,
        search: str | None = None,
        sort: str | None = None,
        limit: int = 100,
        featured: bool = False,
    ) -> ModelsResponse:
        """List models; see :meth:`Models.list`."""
        return await self._run(
            list_call(
                provider=provider,
                media_type=media_type,
                model_type=model_type,
                capability=capability,
                search=search,
                sort=sort,
                limit=limit,
                featured=featured,
            )
        )

    async def get(self, model_id: str) -> ModelInfo:
        """One model by its full id."""
        return await self._run(get_call(model_id))

    async def search(self, query: str, *, limit: int = 20) -> ModelsResponse:
        """Models matching ``query``."""
        return await self.list(search=require_text(query, "query"), limit=limit)
