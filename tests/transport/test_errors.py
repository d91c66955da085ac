"""Every failed or odd answer becomes one typed error, with status, code and a bounded excerpt."""

from __future__ import annotations

import json
import warnings

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import FakeTime
from tests.transport.test_retries import make_client
from visgate_sdk import Client
from visgate_sdk.exceptions import (
    AuthenticationError,
    ConflictError,
    InsecureTransportWarning,
    PaymentRequiredError,
    ProviderError,
    RedirectError,
    ResponseParseError,
    ServerError,
    ValidationError,
    VisgateError,
)

NGINX = "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 5000 + "</body></html>"


def fail(httpserver: HTTPServer, path: str = "/api/v1/usage", **respond: object) -> None:
    httpserver.expect_request(path).respond_with_data(**respond)  # type: ignore[arg-type]


def test_html_error_page_is_a_server_error_with_a_short_excerpt(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    fail(httpserver, response_data=NGINX, status=502, content_type="text/html")
    with pytest.raises(ServerError) as info:
        make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0).usage.get()
    err = info.value
    assert err.status_code == 502 and err.error_code == "HTTP_502"
    assert err.body is not None and len(err.body) <= 310 and "Bad Gateway" in err.body


@pytest.mark.parametrize(
    ("body", "status", "kind", "code"),
    [
        ("", 500, ServerError, "HTTP_500"),
        (
            '{"error": "PROVIDER_FAILURE", "message": "fal down", "details": null}',
            502,
            ProviderError,
            "PROVIDER_FAILURE",
        ),
        (
            '{"error": "BAD_REQUEST", "message": "nope", "details": null}',
            400,
            ValidationError,
            "BAD_REQUEST",
        ),
        ('["not", "an", "object"]', 500, ServerError, "HTTP_500"),
        ('"just a string"', 503, ServerError, "HTTP_503"),
        ('{"message": "odd"}', 520, ServerError, "HTTP_520"),
        (
            '{"error": "INSUFFICIENT_BALANCE", "message": "top up"}',
            402,
            PaymentRequiredError,
            "INSUFFICIENT_BALANCE",
        ),
        (
            '{"error": "IDEMPOTENCY_KEY_IN_USE", "message": "busy"}',
            409,
            ConflictError,
            "IDEMPOTENCY_KEY_IN_USE",
        ),
        ('{"error": "TEAPOT", "message": "short and stout"}', 418, VisgateError, "TEAPOT"),
    ],
)
def test_odd_error_bodies_map_to_typed_errors(
    httpserver: HTTPServer,
    fake_time: FakeTime,
    body: str,
    status: int,
    kind: type[VisgateError],
    code: str,
) -> None:
    fail(httpserver, response_data=body, status=status, content_type="application/json")
    with pytest.raises(kind) as info:
        make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0).usage.get()
    assert type(info.value) is kind
    assert info.value.status_code == status and info.value.error_code == code
    assert isinstance(info.value.details, dict)


def test_provider_error_keeps_status_code_provider_and_request_id(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    body = {"error": "PROVIDER_FAILURE", "message": "upstream", "details": {"provider": "fal"}}
    httpserver.expect_request("/api/v1/usage").respond_with_json(
        body, status=502, headers={"X-Request-Id": "req-42"}
    )
    with pytest.raises(ProviderError) as info:
        make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0).usage.get()
    err = info.value
    assert (err.status_code, err.error_code, err.provider) == (502, "PROVIDER_FAILURE", "fal")
    assert err.request_id == "req-42" and "req-42" in str(err)


def test_fastapi_default_validation_body_names_the_field(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    detail = {"detail": [{"loc": ["body", "prompt"], "msg": "field required"}]}
    httpserver.expect_request("/api/v1/usage").respond_with_json(detail, status=422)
    with pytest.raises(ValidationError) as info:
        make_client(httpserver.url_for("/api/v1"), fake_time).usage.get()
    assert info.value.field == "prompt" and info.value.message == "field required"


def test_401_keeps_the_server_message(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    httpserver.expect_request("/api/v1/usage").respond_with_json(
        {"error": "KEY_REVOKED", "message": "This key was revoked"}, status=401
    )
    with pytest.raises(AuthenticationError) as info:
        make_client(httpserver.url_for("/api/v1"), fake_time).usage.get()
    assert info.value.error_code == "KEY_REVOKED" and "revoked" in info.value.message


def test_html_with_200_is_not_a_result(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    fail(httpserver, response_data="<html>Sign in to Wi-Fi</html>", content_type="text/html")
    with pytest.raises(ResponseParseError) as info:
        make_client(httpserver.url_for("/api/v1"), fake_time).usage.get()
    assert info.value.status_code == 200 and "Wi-Fi" in (info.value.body or "")


def test_missing_required_field_is_a_parse_error(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/images/generate").respond_with_json({"images": ["u"]})
    with pytest.raises(ResponseParseError):
        make_client(httpserver.url_for("/api/v1"), fake_time).images.generate("m/x", "p")


def test_truncated_json_on_a_close_delimited_answer_is_a_parse_error(
    fake_time: FakeTime,
) -> None:
    from tests.transport.rawserver import RawServer

    def cut(conn: object, request: bytes) -> None:
        conn.sendall(  # type: ignore[attr-defined]
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
            b'{"total_requests": 3, "by_pro'
        )

    server = RawServer(cut)
    try:
        with pytest.raises(ResponseParseError) as info:
            make_client(server.url + "/api/v1", fake_time).usage.get()
        assert "not valid JSON" in str(info.value)
    finally:
        server.close()


def test_delete_answering_204_is_plain_success(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    httpserver.expect_request("/api/v1/providers/keys/fal", method="DELETE").respond_with_data(
        "", status=204
    )
    assert make_client(httpserver.url_for("/api/v1"), fake_time).providers.delete_key("fal") == {}


def test_cross_origin_redirect_never_reaches_the_other_server(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    other = HTTPServer(host="127.0.0.1")  # "localhost" vs "127.0.0.1": another origin
    other.start()
    try:
        other.expect_request("/steal").respond_with_json({})
        httpserver.expect_request("/api/v1/images/generate").respond_with_data(
            "", status=307, headers={"Location": other.url_for("/steal?sig=abc")}
        )
        client = make_client(
            httpserver.url_for("/api/v1"), fake_time, fal_key="fal_secret_key_1234"
        )
        with pytest.raises(RedirectError) as info:
            client.images.generate("fal-ai/flux/schnell", "p")
        assert other.log == []
        assert "sig=abc" not in str(info.value) and "127.0.0.1" in str(info.value)
        assert len(httpserver.log) == 1
    finally:
        other.stop()


def test_plain_http_to_a_remote_host_warns_and_credentials_in_url_are_refused() -> None:
    with pytest.warns(InsecureTransportWarning, match="clear text"):
        Client("vg-test-key-000", base_url="http://api.example.com/v1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Client("vg-test-key-000", base_url="http://127.0.0.1:9/api/v1")
        Client("vg-test-key-000", base_url="http://localhost:9/api/v1")
    with pytest.raises(ValidationError, match="credentials"):
        Client("vg-test-key-000", base_url="https://user:pw@example.com/v1")
    with pytest.raises(ValidationError, match="http"):
        Client("vg-test-key-000", base_url="ftp://example.com")


def test_errors_pickle_and_repr_like_the_published_sdk() -> None:
    import pickle

    err = ProviderError("fal failed", provider="fal", status_code=502, error_code="PROVIDER_X")
    again = pickle.loads(pickle.dumps(err))
    assert (again.provider, again.status_code, again.error_code) == ("fal", 502, "PROVIDER_X")
    assert repr(err) == "ProviderError(message='fal failed', error_code='PROVIDER_X')"
    assert str(ValidationError("bad", field="prompt")) == "[VALIDATION_ERROR] bad"
    assert json.dumps(ValidationError("bad", field="prompt").details) == '{"field": "prompt"}'
