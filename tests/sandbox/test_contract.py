"""Every answer of the sandbox, success or error, validates against openapi.yaml."""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from werkzeug.datastructures import Headers

from visgate_sdk.sandbox import Sandbox
from visgate_sdk.sandbox.spec import load_spec


class _Request:
    """A sent request as openapi-core reads it (an independent check of the sandbox's answers)."""

    def __init__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import ImmutableMultiDict

        self.host_url, self.path, self.method, self.body = (
            "http://sandbox/",
            path,
            method.lower(),
            body,
        )
        self.content_type = headers.get("content-type") or "application/octet-stream"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query), header=Headers(headers), cookie=ImmutableMultiDict()
        )


@functools.lru_cache(maxsize=1)
def _openapi() -> Any:
    from openapi_core import OpenAPI

    # The sandbox listens on any host and port: match on the path prefix only.
    return OpenAPI.from_dict({**copy.deepcopy(load_spec()), "servers": [{"url": "/api/v1"}]})


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.data = response.content
        self.headers = Headers(dict(response.headers))
        self.content_type = response.headers.get("content-type", "application/json")


def conforms(response: httpx.Response) -> None:
    request = response.request
    path = urlsplit(str(request.url)).path
    if path.startswith("/api/v1/models/") and path.count("/") > 4:
        path = "/api/v1/models/" + path[len("/api/v1/models/") :].replace("/", "%2F")
    wrapped = _Request(
        request.method,
        path,
        dict(request.url.params),
        dict(request.headers),
        request.content,
    )
    _openapi().validate_response(wrapped, _Response(response))


@pytest.fixture
def http(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {sandbox.api_key}"},
        timeout=10,
    )


def calls(job_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    image = {"model": "fal-ai/flux/schnell", "prompt": "a castle", "width": 256, "height": 256}
    return [
        ("GET", "/health", {}),
        ("POST", "/generate", {"json": {"prompt": "a sunset", "model": "fal-ai/flux/schnell"}}),
        ("POST", "/images/generate", {"json": image, "params": {"include_steps": "true"}}),
        ("POST", "/images/generate", {"json": image, "headers": {"Prefer": "respond-async"}}),
        ("POST", "/videos/generate", {"json": {"model": "fal-ai/veo3", "prompt": "waves"}}),
        ("GET", f"/requests/{job_id}", {}),
        ("GET", "/models", {"params": {"limit": 3, "featured": "true", "sort": "newest"}}),
        ("GET", "/models/fal-ai/flux/schnell", {}),
        ("GET", "/usage", {"params": {"period": "week"}}),
        ("GET", "/usage/logs", {"params": {"limit": 5, "offset": 0}}),
        ("GET", "/dashboard", {"params": {"period": "month"}}),
        ("PUT", "/providers/keys", {"json": {"provider": "fal", "api_key": "fal_abcdefgh"}}),
        ("GET", "/providers/keys", {}),
        ("POST", "/providers/validate", {"json": {"provider": "runway", "api_key": "x"}}),
        ("GET", "/providers/balances", {}),
        ("DELETE", "/providers/keys/fal", {}),
        ("GET", "/auth/me", {}),
        ("GET", "/api-keys", {}),
        ("GET", "/billing/stats", {}),
        ("GET", "/billing/info", {}),
        ("GET", "/billing/pricing", {}),
    ]


def test_every_operation_answers_within_the_contract(http: httpx.Client) -> None:
    job = http.post(
        "/videos/generate",
        json={"model": "fal-ai/veo3", "prompt": "a job"},
        headers={"Prefer": "respond-async"},
    )
    assert job.status_code == 202 and "Retry-After" in job.headers
    conforms(job)
    for method, path, options in calls(job.json()["request_id"]):
        response = http.request(method, path, **options)
        assert response.status_code < 300, (path, response.text)
        conforms(response)


@pytest.mark.parametrize(
    ("method", "path", "options", "status", "field"),
    [
        ("POST", "/images/generate", {"json": {"model": "fal-ai/x", "prompt": ""}}, 422, "prompt"),
        ("POST", "/images/generate", {"json": {"prompt": "p"}}, 422, "model"),
        (
            "POST",
            "/images/generate",
            {"json": {"model": "a", "prompt": "p", "width": "x"}},
            422,
            "width",
        ),
        ("GET", "/usage", {"params": {"period": "decade"}}, 422, "period"),
        ("GET", "/usage/logs", {"params": {"limit": 0}}, 422, "limit"),
        (
            "POST",
            "/generate",
            {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
            400,
            None,
        ),
        ("POST", "/images/generate", {"json": {"model": "acme/x", "prompt": "p"}}, 404, None),
        ("GET", "/requests/nope", {}, 404, None),
        ("GET", "/models/fal-ai/unknown", {}, 404, None),
    ],
)
def test_bad_requests_get_the_envelope(
    http: httpx.Client,
    method: str,
    path: str,
    options: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    response = http.request(method, path, **options)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "message", "details"}
    if field is not None:
        assert body["details"]["field"] == field and field in body["message"]
    conforms(response)


def test_missing_key_is_401_and_unknown_path_404(sandbox: Sandbox) -> None:
    anonymous = httpx.get(sandbox.base_url + "/usage")
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "AUTHENTICATION_ERROR"
    conforms(anonymous)
    assert httpx.get(sandbox.base_url + "/nowhere").status_code == 404
    wrong = httpx.delete(sandbox.base_url + "/health")
    assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]


@pytest.mark.parametrize(
    ("fault", "status", "content_type"),
    [
        ({"kind": "status", "status": 429, "retry_after": "2"}, 429, "application/json"),
        ({"kind": "status", "status": 502}, 502, "application/json"),
        ({"kind": "status", "status": 503, "retry_after_ms": "1500"}, 503, "application/json"),
        ({"kind": "html", "status": 502}, 502, "text/html"),
        ({"kind": "slow", "delay": 0.05}, 504, "application/json"),
    ],
)
def test_faults_on_demand(
    sandbox: Sandbox, http: httpx.Client, fault: dict[str, Any], status: int, content_type: str
) -> None:
    armed = http.post(sandbox.origin + "/_sandbox/faults", json={**fault, "count": 1})
    assert armed.status_code == 201
    response = http.get("/usage")
    assert response.status_code == status
    assert response.headers["content-type"].startswith(content_type)
    if "retry_after" in fault:
        assert response.headers["Retry-After"] == fault["retry_after"]
    if "retry_after_ms" in fault:
        assert response.headers["retry-after-ms"] == "1500"
    assert http.get("/usage").status_code == 200  # count 1: only the next request
    assert http.get(sandbox.origin + "/_sandbox/faults").json() == {"faults": []}


def test_reset_fault_drops_the_connection(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.inject_fault("reset", path="/usage")
    with pytest.raises(httpx.TransportError):
        http.get("/usage")
    assert http.get("/usage").status_code == 200


def test_media_is_served_as_real_files(sandbox: Sandbox, http: httpx.Client) -> None:
    image = http.post(
        "/images/generate",
        json={
            "model": "fal-ai/flux/schnell",
            "prompt": "dune",
            "width": 200,
            "height": 120,
            "num_images": 2,
        },
    )
    urls = image.json()["images"]
    assert len(urls) == 2
    files = [httpx.get(u) for u in urls]
    assert all(f.headers["content-type"] == "image/png" for f in files)
    assert files[0].content != files[1].content
    video = http.post("/videos/generate", json={"model": "runway/gen4_turbo", "prompt": "sea"})
    clip = httpx.get(video.json()["video_url"])
    assert clip.headers["content-type"] == "video/mp4" and clip.content[4:8] == b"ftyp"
    assert int(clip.headers["content-length"]) == video.json()["output_size_bytes"]
    assert json.loads(http.get("/usage").content)["total_requests"] == 2


# -- only the statuses each operation lists ----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method", "code"),
    [
        ("/requests/" + "a" * 300, "GET", "REQUEST_NOT_FOUND"),
        ("/models/fal-ai/" + "a" * 300, "GET", "MODEL_NOT_FOUND"),
        ("/providers/keys/" + "a" * 41, "DELETE", "KEY_NOT_FOUND"),
    ],
)
def test_an_overlong_id_is_not_found_as_the_lookup_lists_no_422(
    http: httpx.Client, path: str, method: str, code: str
) -> None:
    response = http.request(method, path)
    assert response.status_code == 404, response.text
    assert response.json()["error"] == code
    conforms(response)


def _operations() -> list[tuple[str, str]]:
    spec = load_spec()
    return [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "put", "post", "delete")
    ]


_PATH_VALUES = ["x", "a" * 301, "é", "a b", "%2e%2e", "fal"]
_HOSTILE: list[dict[str, Any]] = [
    {},
    {"auth": None},
    {"auth": "vg-not-a-key"},
    {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
    {"content": b"[1, 2]", "headers": {"Content-Type": "application/json"}},
    {"content": b"a=1", "headers": {"Content-Type": "text/plain"}},
    {"json": {"model": "fal-ai/x", "prompt": "p", "provider": "fal", "api_key": "k"}},
    {"json": {"model": "fal-ai/x", "prompt": "p", "params": {"seed": -1}, "seed": -1}},
    {
        "params": {
            "limit": "x",
            "offset": "-1",
            "period": "x",
            "include_steps": "maybe",
            "featured": "x",
            "sort": "x",
            "media_type": "x",
            "provider": "",
        }
    },
    {"headers": {"Idempotency-Key": "k" * 300, "Prefer": "p" * 300, "X-Fal-Key": ""}},
]


@pytest.mark.parametrize(("method", "template"), _operations())
def test_hostile_requests_get_only_statuses_the_operation_lists(
    sandbox: Sandbox, method: str, template: str
) -> None:
    answered = 0
    for value in _PATH_VALUES if "{" in template else [""]:
        path = re.sub(r"\{[a-z_]+\}", value, template)
        for variant in _HOSTILE:
            options = dict(variant)
            auth = options.pop("auth", sandbox.api_key)
            headers = {**options.pop("headers", {})}
            if auth is not None:
                headers["Authorization"] = f"Bearer {auth}"
            response = httpx.request(
                method, sandbox.base_url + path, headers=headers, timeout=10, **options
            )
            assert response.status_code != 500, (path, variant, response.text)
            try:
                conforms(response)
            except Exception as exc:
                raise AssertionError(f"{method} {path} {variant}: {response.text}") from exc
            answered += 1
    assert answered >= len(_HOSTILE)


def test_head_answers_like_get(sandbox: Sandbox, http: httpx.Client) -> None:
    assert http.head("/usage").status_code == 200
    assert http.head("/health").status_code == 200
    assert http.head("/requests/" + "a" * 300).status_code == 404


def test_routing_comes_from_the_spec_one_handler_per_operation() -> None:
    from visgate_sdk.sandbox import app, validation

    ids = {op["operationId"] for _, item in load_spec()["paths"].items() for op in item.values()}
    assert set(app._HANDLERS) == ids
    public = {op.id for op in validation.operations() if op.public}
    assert public == {"get_health", "list_models", "get_model"}  # security: [{}, ...]
    keyed = {op.id for op in validation.operations() if op.header("Idempotency-Key")}
    assert keyed == {"generate", "generate_image", "generate_video"}
    found, args, _ = validation.route("HEAD", "/models/fal-ai/flux/schnell")
    assert found is not None and found.id == "get_model"
    assert args == {"model_id": "fal-ai/flux/schnell"}
    assert validation.route("GET", "/requests/a/b")[0] is None  # one segment only
