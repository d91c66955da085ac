"""No key ever shows: not in logs at any level, reprs, error texts or tracebacks."""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import FakeTime
from tests.transport.test_retries import jresp, sequence
from visgate_sdk import Client, _logging
from visgate_sdk.exceptions import VisgateError

API_KEY = "vg-topsecret-api-key-0001"
FAL, REPLICATE, RUNWAY = "fal_secret_1111aaaa", "r8_secret_2222bbbb", "rw_secret_3333cccc"
SECRETS = (API_KEY, FAL, REPLICATE, RUNWAY)


@pytest.fixture
def env_logging() -> Iterator[None]:
    """Undo what ``VISGATE_LOG`` installs (a stderr handler, the level) once the test ends:
    left behind, it writes to a closed capture stream for every later DEBUG line."""
    sdk = logging.getLogger("visgate_sdk")
    level = sdk.level
    yield
    if _logging._env_handler is not None:
        sdk.removeHandler(_logging._env_handler)
        _logging._env_handler = None
    sdk.setLevel(level)


def test_debug_logs_errors_and_reprs_never_show_a_key(
    httpserver: HTTPServer,
    fake_time: FakeTime,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env_logging: None,
) -> None:
    monkeypatch.setenv("VISGATE_LOG", "debug")
    caplog.set_level(logging.DEBUG)  # every logger: visgate_sdk, httpx, httpcore, ...
    httpserver.expect_request("/api/v1/health").respond_with_json({"status": "ok"})
    httpserver.expect_request("/api/v1/usage").respond_with_handler(
        sequence(
            jresp({}, 503),
            jresp({"error": "X", "message": f"echo: {API_KEY}", "details": {"key": FAL}}, 400),
        )
    )
    httpserver.expect_request("/api/v1/models").respond_with_data(
        "", status=302, headers={"Location": f"https://evil.example/?token={RUNWAY}"}
    )
    client = Client(
        API_KEY,
        base_url=httpserver.url_for("/api/v1"),
        fal_key=FAL,
        replicate_key=REPLICATE,
        runway_key=RUNWAY,
        _sleep=fake_time.sleep,
        _clock=fake_time.clock,
    )
    texts = [repr(client), str(client.__dict__.get("api_key") and "")]
    client.health()
    logging.getLogger("visgate_sdk.test").debug("headers %s", client._client.headers)
    for call in (client.usage.get, client.models.list):
        with pytest.raises(VisgateError) as info:
            call()
        err = info.value
        texts += [str(err), repr(err), err.message, str(err.details), str(err.body)]
        texts.append("".join(traceback.format_exception(err)))
        texts.append(repr(pickle.loads(pickle.dumps(err)).__dict__))
    captured = capsys.readouterr()
    texts += [caplog.text, captured.err, captured.out]
    assert "retrying GET /api/v1/usage" in caplog.text or "retrying" in caplog.text
    blob = "\n".join(texts)
    for secret in SECRETS:
        assert secret not in blob, f"a secret leaked: {secret[:6]}..."
    assert "***" in blob


def test_repr_of_clients_masks_everything() -> None:
    client = Client(API_KEY, base_url="https://visgateai.com/api/v1", fal_key=FAL)
    assert repr(client) == "Client(base_url='https://visgateai.com/api/v1')"
    assert API_KEY not in repr(client.__dict__.get("_settings"))


def test_provider_keys_sent_to_the_key_endpoints_never_show_in_errors(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    stored, checked = "fal_stored_key_5555eeee", "fal_checked_key_6666ffff"
    for path, key in (("/api/v1/providers/keys", stored), ("/api/v1/providers/validate", checked)):
        httpserver.expect_request(path).respond_with_json(
            {"error": "INVALID_KEY", "message": f"key {key} was rejected", "details": {"k": key}},
            status=400,
        )
    client = Client(API_KEY, base_url=httpserver.url_for("/api/v1"), _sleep=fake_time.sleep)
    texts = []
    for call, key in ((client.providers.set_key, stored), (client.providers.validate_key, checked)):
        with pytest.raises(VisgateError) as info:
            call("fal", key)
        texts += [str(info.value), repr(info.value), str(info.value.details)]
    blob = "\n".join(texts)
    assert stored not in blob and checked not in blob
    assert "was rejected" in blob  # the rest of the server's message is kept


def test_a_failed_jobs_message_never_shows_a_key(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_json(
        {"request_id": "job-1", "status": "failed", "error_message": f"bad auth {API_KEY}"}
    )
    client = Client(API_KEY, base_url=httpserver.url_for("/api/v1"), _sleep=fake_time.sleep)
    with pytest.raises(VisgateError) as info:
        client.requests.get("job-1", wait=True)
    blob = "\n".join([str(info.value), repr(info.value), str(info.value.details)])
    assert API_KEY not in blob and "bad auth ***" in str(info.value)


def test_redaction_masks_key_shapes_but_keeps_sentences_readable() -> None:
    from visgate_sdk._logging import redact

    assert (
        redact("No API key provided. Pass api_key= or set the VISGATE_API_KEY variable.")
        == "No API key provided. Pass api_key= or set the VISGATE_API_KEY variable."
    )
    assert redact("Bearer token required") == "Bearer token required"
    masked = redact("Authorization: Bearer vg_live_abcdef123456 api_key=sk-1234567890abc")
    assert "vg_live_abcdef123456" not in masked and "sk-1234567890abc" not in masked
