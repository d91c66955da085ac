"""Same behaviour, request for request: a fixed matrix of requests and the recorded answers.

``replay.jsonl`` holds the answers (status, key headers, body with ids and timestamps
normalised) that the sandbox gave when it was recorded. Any change to the sandbox's code must
leave every answer the same; a deliberate change of behaviour re-records it:
``.venv/bin/python -m tests.sandbox.test_replay record`` (the matrix's hostile variants are
test_contract's).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from werkzeug.test import Client

from tests.sandbox.test_contract import _HOSTILE as HOSTILE
from tests.sandbox.test_contract import _PATH_VALUES as PATH_VALUES
from tests.sandbox.test_contract import calls
from visgate_sdk.sandbox.app import SandboxApp
from visgate_sdk.sandbox.spec import load_spec
from visgate_sdk.sandbox.store import Store

RECORDING = Path(__file__).with_name("replay.jsonl")
KEY = "vg-replay-key"
MODEL = "fal-ai/flux/schnell"
SHOWN_HEADERS = {"allow", "retry-after", "retry-after-ms", "location", "content-type"}
SHOWN_HEADERS |= {"idempotent-replayed"}
# Bodies longer than this are compared by digest, to keep the recording small.
LONGEST_SHOWN = 600

_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")


def _image(prompt: str, **options: Any) -> dict[str, Any]:
    return {"json": {"model": MODEL, "prompt": prompt, **options}}


def _raw(content: bytes, content_type: str) -> dict[str, Any]:
    return {"content": content, "headers": {"Content-Type": content_type}}


def _video(prompt: str, headers: dict[str, str] | None = None, **options: Any) -> dict[str, Any]:
    return {"json": {"model": "fal-ai/veo3", "prompt": prompt, **options}, "headers": headers or {}}


def _nested(prompt: str, **params: Any) -> dict[str, Any]:
    return {"json": {"model": MODEL, "prompt": prompt, "params": params}}


def _fault(**spec: Any) -> tuple[str, str, dict[str, Any]]:
    return ("POST", "/_sandbox/faults", {"json": spec})


ASYNC, STEPS = {"Prefer": "respond-async"}, "include_steps=true"


def _sequence() -> list[tuple[str, str, dict[str, Any]]]:
    """Every request of the matrix, in order (later ones see the state earlier ones left)."""
    steps: list[tuple[str, str, dict[str, Any]]] = []
    for path, item in load_spec()["paths"].items():
        for method in ("get", "put", "post", "delete"):
            if method in item:
                for value in PATH_VALUES if "{" in path else [""]:
                    concrete = re.sub(r"\{[a-z_]+\}", value, path)
                    steps += [(method.upper(), concrete, dict(v)) for v in HOSTILE]
    tiny = {"width": 64, "height": 64}
    fox, k2 = "a red fox in the snowy forest at dawn", {"Idempotency-Key": "k2"}
    steps += [
        ("POST", "/videos/generate", _video("a job", ASYNC, duration_seconds=2.5)),
        ("GET", "/media/{job}/0.mp4", {}),
        ("GET", "/media/{job}/1.mp4", {}),
        *calls("{job}"),  # every operation once, the job polled
        ("GET", "/providers/balances", {"headers": {"X-Runway-Key": "rw_12345678"}}),
        ("DELETE", "/providers/keys/fal", {}),
        # Routing, methods, catalog lookups
        ("DELETE", "/health", {}),
        ("OPTIONS", "/health", {}),
        ("POST", "/providers/keys", {}),
        ("GET", "/requests/a/b", {}),
        ("GET", "/health/", {}),
        ("PATCH", "/models/x/y", {}),
        ("HEAD", "/usage", {}),
        ("HEAD", "/health", {}),
        ("GET", "/nowhere", {}),
        ("GET", "/models/black-forest-labs/flux-schnell", {}),
        ("GET", "/models/fal-ai%2Fflux%2Fschnell", {}),
        ("GET", "/models", {"query": {"search": "flux", "limit": 2}}),
        ("GET", "/models", {"query": {"provider": "runway", "sort": "cost"}}),
        ("GET", "/models", {"query": {"media_type": "video", "featured": "true", "sort": "name"}}),
        ("GET", "/models", {"query": {"capability": "text-to-image", "limit": 4}}),
        # Generation options
        ("POST", "/images/generate", _image("p", extra_field=1)),
        ("POST", "/images/generate", _image("p", width=10)),
        ("POST", "/images/generate", _image("p", num_images=9)),
        ("POST", "/images/generate", _raw(json.dumps(_image("p")["json"]).encode(), "text/plain")),
        ("POST", "/images/generate", {}),
        ("POST", "/generate", _nested("q", seed=2**64)),
        ("POST", "/generate", _nested("q", image_size="100000x3")),
        ("POST", "/generate", _nested("q", image_size="320x200", style="x")),
        ("POST", "/generate", _nested("q", num_images=2.0, seed=5)),
        ("POST", "/generate", {"json": {"model": "acme/thing", "prompt": "q"}}),
        ("POST", "/videos/generate", _video("q", duration_seconds=0)),
        ("POST", "/videos/generate", _video("q", duration_seconds=61)),
        ("POST", "/images/generate", _image("many", num_images=3, seed=7, **tiny)),
        ("GET", "/media/{last}/0.png", {}),
        ("GET", "/media/{last}/2.png", {}),
        ("GET", "/media/{last}/3.png", {}),
        ("GET", "/media/{last}/02.png", {}),
        ("HEAD", "/media/{last}/1.png", {}),
        ("POST", "/media/{last}/1.png", {}),
        ("GET", "/media/nothing/0.png", {}),
        ("POST", "/images/generate", _image("many", num_images=2, seed=7, **tiny)),
        ("POST", "/images/generate", {**_image("byok", **tiny), "headers": {"X-Fal-Key": "fal_x"}}),
        ("POST", "/images/generate", _image("byok", **tiny, seed=None)),
        ("GET", "/usage/logs", {"query": {"limit": "abc"}}),
        ("GET", "/usage/logs", {"query": {"offset": "-3"}}),
        ("GET", "/models", {"query": {"limit": "3000"}}),
        ("GET", "/models", {"query": {"featured": "maybe"}}),
        ("PUT", "/providers/keys", {"json": {"provider": "acme", "api_key": "x"}}),
        ("PUT", "/providers/keys", {"json": {"provider": "fal"}}),
        ("PUT", "/providers/keys", {"json": {"provider": "fal", "api_key": "bad"}}),
        ("PUT", "/providers/keys", {"json": {"provider": "replicate", "api_key": "r8_abcdefgh"}}),
        ("POST", "/providers/validate", {"json": {"provider": "fal", "api_key": "id:secret"}}),
        ("POST", "/providers/validate", {"json": {"provider": "acme", "api_key": "x"}}),
        # Idempotency and the cache
        ("POST", "/images/generate", {**_image("idem"), "headers": {"Idempotency-Key": "k1"}}),
        ("POST", "/images/generate", {**_image("idem"), "headers": {"Idempotency-Key": "k1"}}),
        ("POST", "/images/generate", {**_image("idem2"), "headers": {"Idempotency-Key": "k1"}}),
        ("POST", "/images/generate", {**_image("idem3", width=5), "headers": k2}),
        ("POST", "/images/generate", {**_image("idem3", width=5), "headers": k2}),
        ("POST", "/videos/generate", _video("v", {"Idempotency-Key": "k3", **ASYNC})),
        ("POST", "/videos/generate", _video("v", {"Idempotency-Key": "k3", **ASYNC})),
        ("POST", "/images/generate", _image(fox)),
        ("POST", "/images/generate", _image("a red fox in snowy forest, dawn")),
        ("POST", "/images/generate", _image("red fox in the snowy forest at dawn light")),
        ("POST", "/images/generate", {**_image(fox.capitalize()), "query": STEPS}),
        ("POST", "/generate", {"json": {"model": MODEL, "prompt": fox}}),
        ("GET", "/usage", {}),
        ("GET", "/usage", {"query": {"period": "day"}}),
        ("GET", "/dashboard", {}),
        ("GET", "/usage/logs", {"query": {"limit": 3, "offset": 2}}),
        ("GET", "/billing/info", {}),
        ("GET", "/billing/stats", {}),
        ("GET", "/providers/balances", {}),
        ("GET", "/usage", {"auth": None}),
        ("GET", "/health", {"auth": "bad"}),
        # Faults on demand
        ("GET", "/_sandbox/faults", {}),
        ("GET", "/_sandbox/faults", {"auth": None}),
        ("GET", "/_sandbox/other", {}),
        ("PUT", "/_sandbox/faults", {}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "nope"}}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "status", "count": 0}}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "status", "status": 200}}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "status", "colour": 1}}),
        ("POST", "/_sandbox/faults", {"json": [1]}),
        _fault(kind="status", status=429, count=2, retry_after="1", retry_after_ms="1500"),
        ("GET", "/_sandbox/faults", {}),
        ("GET", "/usage", {}),
        ("GET", "/health", {}),
        ("GET", "/health", {}),
        _fault(kind="status", status=502, path="/images", method="post"),
        ("GET", "/images/generate", {}),
        ("POST", "/images/generate", _image("fault")),
        ("POST", "/_sandbox/faults", {"json": {"kind": "status", "status": 418}}),
        ("GET", "/health", {}),
        _fault(kind="status", status=500, after_processing=True),
        ("POST", "/images/generate", _image("after processing")),
        ("POST", "/_sandbox/faults", {"json": {"kind": "status", "status": 503}}),
        ("GET", "/health", {}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "html", "status": 502}}),
        ("GET", "/health", {}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "html", "status": 599}}),
        ("GET", "/health", {}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "slow", "delay": 0.01}}),
        ("GET", "/health", {}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "job_fail", "path": "/images"}}),
        ("POST", "/images/generate", {**_image("doomed"), "headers": {"Idempotency-Key": "k4"}}),
        ("POST", "/images/generate", {**_image("doomed"), "headers": {"Idempotency-Key": "k4"}}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "job_fail", "path": "/videos"}}),
        ("POST", "/videos/generate", _video("doomed", ASYNC)),
        ("GET", "/requests/{job}", {}),
        ("POST", "/_sandbox/faults", {"json": {"kind": "status", "count": 5}}),
        ("DELETE", "/_sandbox/faults", {}),
        ("GET", "/health", {}),
        ("GET", "/usage", {}),
        ("GET", "/usage/logs", {"query": {"limit": 50}}),
        ("GET", "/dashboard", {"query": {"period": "year"}}),
    ]  # fmt: skip
    queries = [
        "provider=", "limit=2.0", "limit=1e3", "featured=True", "featured=1", "limit=+5",
        "limit=1&limit=2", "sort=name&sort=cost", "limit=%205", "search=a&search=",
        "featured=false", "featured=TRUE", "limit=0x10", "limit=1_000", "limit=٣", "limit=0",
        "sort=price", "provider=FAL", "media_type=Video&search=GEN", "capability=Image-To-Video",
    ]  # fmt: skip
    steps += [("GET", "/models", {"query": q}) for q in queries]
    steps += [
        ("GET", "/usage", {"query": "period=week&period=day"}),
        ("GET", "/usage/logs", {"query": "limit=5&offset=1.5"}),
    ]
    for headers in [
        {"X-Fal-Key": ""},
        {"Prefer": ""},
        {"Idempotency-Key": ""},
        {"X-Fal-Key": "fal_x"},
    ]:
        steps.append(("POST", "/images/generate", {**_image("hdr"), "headers": headers}))
    for content_type in [
        "application/json; charset=utf-8", "application/JSON", "application/vnd.api+json", "",
        "text/json", "application/json;charset=latin-1",
    ]:  # fmt: skip
        body = b'{"model": "fal-ai/flux/schnell", "prompt": "ct"}'
        steps.append(("POST", "/images/generate", _raw(body, content_type)))
    for body in [b"NaN", b'{"model": "\\ud800", "prompt": "x"}', b"[" * 100 + b"]" * 100, b"\xff"]:
        steps.append(("POST", "/images/generate", _raw(body, "application/json")))
    for value in [
        *(_image("x", width=w)["json"] for w in (2.0, True, 1e400)),
        _image("x", seed=None)["json"], _image("x", negative_prompt=None)["json"],
        {"model": 5, "prompt": "x"}, {}, [], "str", None,
    ]:  # fmt: skip
        steps.append(("POST", "/images/generate", {"json": value, "null_json": value is None}))
    for value in [
        {"model": MODEL, "prompt": "x", "params": []},
        {"model": MODEL, "prompt": "x", "params": {"a": {"b": 1}}},
        {"model": MODEL},
    ]:
        steps.append(("POST", "/generate", {"json": value}))
    for value in [
        {"provider": "fal", "api_key": "fal_12345678"},
        {"provider": "fal", "api_key": "fal_12345678", "x": 1},
        {"provider": 1, "api_key": 2},
    ]:
        steps.append(("POST", "/providers/validate", {"json": value}))
    return steps


class _Recorder:
    """Sends the matrix through the WSGI app and writes each answer as one normalised line."""

    def __init__(self) -> None:
        self.store = Store(":memory:")
        self.org, _ = self.store.bootstrap(KEY)
        self.client = Client(SandboxApp(self.store, org=self.org, speed=1e6))
        self.ids: dict[str, str] = {}
        self.job = self.last = ""

    def normalise(self, text: str) -> str:
        def number(found: re.Match[str]) -> str:
            return self.ids.setdefault(found.group(), f"<id{len(self.ids)}>")

        text = text.replace(self.org, "<org>")
        for (api_key_id,) in self.store.all("SELECT id FROM api_keys"):
            text = text.replace(api_key_id, "<api-key-id>")
        return _TIME.sub("<time>", _ID.sub(number, text))

    def send(self, method: str, path: str, options: dict[str, Any]) -> dict[str, Any]:
        path = path.replace("{job}", self.job).replace("{last}", self.last)
        headers = dict(options.get("headers", {}))
        auth = options.get("auth", KEY)
        if auth is not None:
            headers["Authorization"] = f"Bearer {auth}"
        query = options.get("query", options.get("params"))
        extra: dict[str, Any] = {"query_string": query}
        if "content" in options:
            extra["data"] = options["content"]
        elif options.get("json") is not None or options.get("null_json"):
            extra["data"] = json.dumps(options["json"])
            headers.setdefault("Content-Type", "application/json")
        url = path if path.startswith(("/_sandbox", "/media")) else "/api/v1" + path
        response = self.client.open(url, method=method, headers=headers, **extra)
        body = response.get_data()
        if response.mimetype == "application/json" and body:
            found = json.loads(body)
            if isinstance(found, dict):
                self.job = found.get("request_id", self.job)
                self.last = found.get("id", self.last)
        if response.mimetype == "application/json" and body:  # key order carries no meaning
            shown = self.normalise(json.dumps(json.loads(body), sort_keys=True))
        elif response.mimetype in ("application/json", "text/html"):
            shown = self.normalise(body.decode())
        else:
            shown = f"{len(body)} bytes sha256:{hashlib.sha256(body).hexdigest()}"
        if len(shown) > LONGEST_SHOWN:
            digest = hashlib.sha256(shown.encode()).hexdigest()
            shown = f"{shown[:200]}... ({len(shown)} chars, sha256:{digest})"
        return {
            "request": f"{method} {self.normalise(url)} {query!r}",
            "status": response.status_code,
            "headers": {
                k: self.normalise(v)
                for k, v in response.headers.items()
                if k.lower() in SHOWN_HEADERS
            },
            "body": shown,
        }

    def run(self) -> list[dict[str, Any]]:
        try:
            return [self.send(*step) for step in _sequence()]
        finally:
            self.store.close()


def test_every_recorded_answer_is_given_again() -> None:
    recorded = [json.loads(line) for line in RECORDING.read_text("utf-8").splitlines()]
    answers = _Recorder().run()
    assert len(answers) == len(recorded) >= 400
    for n, (was, now) in enumerate(zip(recorded, answers, strict=True)):
        assert now == was, f"request {n}: {was['request']}"


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    lines = [json.dumps(a, ensure_ascii=False, sort_keys=True) for a in _Recorder().run()]
    RECORDING.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} answers written to {RECORDING}")
