"""The contract holds: the spec is valid and complete; every example parses with the models."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
CONFIG: dict[str, Any] = yaml.safe_load((ROOT / "codegen" / "config.yaml").read_text())
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]

# The 20 operations of api-facts §2.
EXPECTED_OPERATIONS = {
    ("get", "/health"),
    ("post", "/generate"),
    ("post", "/images/generate"),
    ("post", "/videos/generate"),
    ("get", "/requests/{request_id}"),
    ("get", "/models"),
    ("get", "/models/{model_id}"),
    ("get", "/usage"),
    ("get", "/usage/logs"),
    ("get", "/dashboard"),
    ("get", "/providers/keys"),
    ("put", "/providers/keys"),
    ("delete", "/providers/keys/{provider}"),
    ("post", "/providers/validate"),
    ("get", "/providers/balances"),
    ("get", "/auth/me"),
    ("get", "/api-keys"),
    ("get", "/billing/stats"),
    ("get", "/billing/info"),
    ("get", "/billing/pricing"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in SPEC["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        parts = node["$ref"].removeprefix("#/").split("/")
        target: Any = SPEC
        for part in parts:
            target = target[part]
        node = target
    return node


def _schema_refs(schema: dict[str, Any]) -> list[str]:
    """Component names a response schema is made of (the ref, array items, oneOf branches)."""
    if "$ref" in schema:
        return [schema["$ref"].rsplit("/", 1)[-1]]
    names: list[str] = []
    for branch in schema.get("oneOf", []) + schema.get("anyOf", []):
        names += _schema_refs(branch)
    if "items" in schema:
        names += _schema_refs(schema["items"])
    return names


def _model_class(schema_name: str) -> Any:
    override = CONFIG.get("class_overrides", {}).get(schema_name, {})
    class_name = override.get("class_name", schema_name)
    return getattr(importlib.import_module("visgate_api_client.models"), class_name)


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


def test_spec_has_all_twenty_operations() -> None:
    found = {(method, path) for method, path, _ in _operations()}
    assert found == EXPECTED_OPERATIONS


def test_operation_ids_are_unique_snake_case() -> None:
    ids = [op["operationId"] for _, _, op in _operations()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED_OPERATIONS))
def test_every_operation_documents_a_success_with_an_example(method: str, path: str) -> None:
    op = SPEC["paths"][path][method]
    successes = {code: r for code, r in op["responses"].items() if str(code).startswith("2")}
    assert successes, f"{method.upper()} {path} has no 2xx response"
    with_body = [_resolve(r) for r in successes.values() if "content" in _resolve(r)]
    assert with_body, f"{method.upper()} {path} has no 2xx body"
    for response in with_body:
        schema = response["content"]["application/json"]["schema"]
        names = _schema_refs(schema)
        assert names, f"{method.upper()} {path}: inline 2xx schema; use a component"
        for name in names:
            assert "example" in SCHEMAS[name], f"schema {name} has no example"


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED_OPERATIONS))
def test_every_error_status_carries_the_envelope(method: str, path: str) -> None:
    op = SPEC["paths"][path][method]
    errors = {code: _resolve(r) for code, r in op["responses"].items() if str(code)[0] in "45"}
    assert any(str(code).startswith("5") for code in errors), "no 5xx documented"
    for code, response in errors.items():
        schema = response["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, code


def test_retry_after_is_documented_where_clients_wait() -> None:
    for path in ("/images/generate", "/videos/generate"):
        accepted = _resolve(SPEC["paths"][path]["post"]["responses"]["202"])
        assert "Retry-After" in accepted["headers"]
    for name in ("RateLimited", "Unavailable"):
        assert "Retry-After" in SPEC["components"]["responses"][name]["headers"]
    poll = SPEC["paths"]["/requests/{request_id}"]["get"]["responses"]["200"]
    assert "Retry-After" in poll["headers"]
    for method, path, operation in _operations():  # any call may meet a 503 and its hint
        unavailable = _resolve(operation["responses"]["503"])
        assert "Retry-After" in unavailable["headers"], (method, path)


def test_spec_has_no_duplicate_keys() -> None:
    # PyYAML keeps the last of two equal keys silently: half a schema could vanish unseen.
    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
        keys = [loader.construct_object(key) for key, _ in node.value]
        repeated = {key for key in keys if keys.count(key) > 1}
        assert not repeated, f"duplicate keys {repeated} at line {node.start_mark.line + 1}"
        return yaml.SafeLoader.construct_mapping(loader, node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load((ROOT / "openapi.yaml").read_text(), Loader=Strict)


def test_generation_posts_take_idempotency_key_prefer_and_byok_headers() -> None:
    for path in ("/images/generate", "/videos/generate"):
        params = {_resolve(p)["name"] for p in SPEC["paths"][path]["post"]["parameters"]}
        assert {
            "Idempotency-Key",
            "Prefer",
            "X-Fal-Key",
            "X-Replicate-Key",
            "X-Runway-Key",
        } <= params


def test_public_endpoints_and_bearer_security() -> None:
    assert SPEC["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert SPEC["security"] == [{"bearerAuth": []}]
    for path in ("/health", "/models"):
        assert {} in SPEC["paths"][path]["get"]["security"]


def test_response_objects_stay_open_to_new_fields() -> None:
    for name, schema in SCHEMAS.items():
        if schema.get("type") == "object" and not name.endswith("Request"):
            assert schema.get("additionalProperties", True) is not False, name


def _example_schemas() -> list[str]:
    return sorted(name for name, schema in SCHEMAS.items() if "example" in schema)


@pytest.mark.parametrize("schema_name", _example_schemas())
def test_example_round_trips_through_generated_model(schema_name: str) -> None:
    example = SCHEMAS[schema_name]["example"]
    model = _model_class(schema_name).from_dict(example)
    assert model.to_dict() == example
