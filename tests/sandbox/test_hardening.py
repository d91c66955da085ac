"""Bad input is a 4xx with the error envelope, faults behave as documented, rate limits hold,
and replayed Idempotency-Keys never add usage."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from visgate_sdk import Client
from visgate_sdk.exceptions import VisgateError
from visgate_sdk.sandbox import Sandbox
from visgate_sdk.sandbox.ratelimit import RateLimiter
from visgate_sdk.sandbox.validation import MAX_JSON_DEPTH

IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a quiet harbour", "width": 128, "height": 128}
VIDEO = {"model": "fal-ai/veo3", "prompt": "a drone over the sea", "duration_seconds": 2.0}


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=30) as c:
        yield c


def assert_envelope(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["error"] == code and isinstance(body["message"], str), body
    return body


JSON = {"Content-Type": "application/json"}


FLUX = b'"model": "fal-ai/flux/schnell"'
VEO = b'"model": "fal-ai/veo3", "prompt": "x"'


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/images/generate", b"[" * 100_000),
        ("/images/generate", b'{"a":' * 100_000),
        ("/providers/keys", b"[" * 100_000),
        ("/videos/generate", b"{" + VEO + b', "duration_seconds": NaN}'),
        ("/videos/generate", b"{" + VEO + b', "duration_seconds": -Infinity}'),
        ("/images/generate", b"{" + FLUX + b', "prompt": "\\ud800"}'),
        ("/generate", b"{" + FLUX + b', "prompt": "ok", "params": {"\\udfff": 1}}'),
        ("/images/generate", b"{" + FLUX + b', "prompt": "\xff\xfe"}'),
        ("/images/generate", b"{" + FLUX + b', "prompt": "x", "seed": 1' + b"0" * 5000 + b"}"),
    ],
    ids=["deep-array", "deep-object", "deep-put", "nan", "infinity", "surrogate", "surrogate-key",
         "bad-utf8", "huge-int"],
)  # fmt: skip
def test_unreadable_json_is_400_bad_request(http: httpx.Client, path: str, raw: bytes) -> None:
    method = "PUT" if path == "/providers/keys" else "POST"
    answer = http.request(method, path, content=raw, headers=JSON)
    assert "not valid JSON" in assert_envelope(answer, 400, "BAD_REQUEST")["message"]


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_not(http: httpx.Client) -> None:
    def body(depth: int) -> bytes:  # the object itself is level 1
        inner = b"[" * (depth - 1) + b"]" * (depth - 1)
        head = b"{" + FLUX + b', "prompt": "x", "width": 64, "height": 64, "extra": '
        return head + inner + b"}"

    ok = http.post("/images/generate", content=body(MAX_JSON_DEPTH), headers=JSON)
    assert ok.status_code == 200, ok.text
    too_deep = http.post("/images/generate", content=body(MAX_JSON_DEPTH + 1), headers=JSON)
    assert_envelope(too_deep, 400, "BAD_REQUEST")


def test_surrogate_pairs_are_text_not_errors(http: httpx.Client) -> None:
    raw = b"{" + FLUX + b', "prompt": "\\ud83c\\udf05 sunset", "width": 64, "height": 64}'
    assert http.post("/images/generate", content=raw, headers=JSON).status_code == 200


@pytest.mark.parametrize("name", ["\u00b2.png", "\u0661.png", "1.png", "0.mp4", "0.png.png", "x"])
def test_a_media_name_that_names_no_file_is_404_with_the_envelope(
    sandbox: Sandbox, http: httpx.Client, name: str
) -> None:
    image = http.post("/images/generate", json=IMAGE).json()
    url = f"{sandbox.origin}/media/{image['id']}/{name}"
    assert_envelope(httpx.get(url), 404, "NOT_FOUND")


def test_a_video_is_served_only_under_its_own_name(sandbox: Sandbox, http: httpx.Client) -> None:
    video = http.post("/videos/generate", json=VIDEO).json()
    assert httpx.get(video["video_url"]).status_code == 200
    assert_envelope(httpx.get(video["video_url"].replace("0.mp4", "0.png")), 404, "NOT_FOUND")


# --- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "title"),
    [(500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable")],
)
def test_html_fault_pages_carry_the_reason_phrase_of_their_status(
    sandbox: Sandbox, http: httpx.Client, status: int, title: str
) -> None:
    sandbox.inject_fault("html", status=status, path="/health")
    response = http.get("/health")
    assert response.status_code == status
    assert f"<title>{status} {title}</title>" in response.text
    assert f"<h1>{status} {title}</h1>" in response.text


def test_job_fail_fails_a_waiting_video_too_and_a_retry_replays_the_failure(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.inject_fault("job_fail", path="/videos/generate")
    key = {"Idempotency-Key": "job-fail-sync"}
    first = http.post("/videos/generate", json=VIDEO, headers=key)
    body = assert_envelope(first, 502, "PROVIDER_FAILURE")
    assert body["details"] == {"provider": "fal"}
    again = http.post("/videos/generate", json=VIDEO, headers=key)  # what an SDK retry sends
    assert again.status_code == 502 and again.json() == body
    assert again.headers["Idempotent-Replayed"] == "true"
    usage = http.get("/usage").json()
    assert usage["total_requests"] == usage["failed_requests"] == 1
    assert usage["total_billed_cost"] == 0


def test_job_fail_reaches_the_sdk_when_it_waits(sandbox: Sandbox, client: Client) -> None:
    sandbox.inject_fault("job_fail", path="/videos/generate")
    with pytest.raises(VisgateError) as caught:
        client.videos.generate(model=VIDEO["model"], prompt="a failing clip", duration_seconds=2.0)
    assert "job_fail" in str(caught.value) or caught.value.status_code == 502
    assert sandbox.app is not None and sandbox.app.faults.pending() == []


def test_job_fail_still_fails_a_background_job(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.inject_fault("job_fail", path="/videos/generate")
    job = http.post("/videos/generate", json=VIDEO, headers={"Prefer": "respond-async"})
    assert job.status_code == 202
    deadline = time.monotonic() + 10
    while (status := http.get(f"/requests/{job.json()['request_id']}").json())["status"] not in (
        "completed",
        "failed",
    ):  # the job lasts 6 ms at this speed
        assert time.monotonic() < deadline
    assert status["status"] == "failed" and "job_fail" in status["error_message"]


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [["visgate_sdk.sandbox"], ["visgate_sdk.cli", "sandbox"]])
def test_help_is_plain_text_with_defaults_faults_and_rate_limits(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command, "--help"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("usage: visgate-sandbox")
    assert "``" not in text
    for default in ("(default: 127.0.0.1)", "(default: 8787)", "(default: visgate-sandbox.db)",
                    "(default: 1.0)", "(default: no limit)"):  # fmt: skip
        assert default in text, default
    assert "(default: None)" not in text and "(default: False)" not in text
    assert "--rate-limit N" in text and "429" in text and "Retry-After" in text
    for kind in ("status", "html", "slow", "reset", "job_fail"):
        assert kind in text.split("faults:", 1)[1]


# --- rate limits ----------------------------------------------------------------------------


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    now = [100.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0]
    assert limiter.take("a") == pytest.approx(0.5)
    assert limiter.take("b") == 0.0  # per key
    now[0] += 0.5
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0


def test_rate_limit_answers_429_with_retry_after_and_the_envelope() -> None:
    with Sandbox(speed=1000.0, rate_limit=3) as sb:
        headers = {"Authorization": f"Bearer {sb.api_key}"}
        with httpx.Client(base_url=sb.base_url, headers=headers, timeout=30) as http:
            statuses = [http.get("/usage").status_code for _ in range(3)]
            limited = http.get("/usage")
            assert statuses == [200, 200, 200]
            body = assert_envelope(limited, 429, "RATE_LIMITED")
            assert limited.headers["Retry-After"] == "1" and body["details"] == {"retry_after": 1}
            # Public endpoints stay reachable; a generation is limited like everything else.
            assert http.get("/health").status_code == 200
            assert http.get("/models", params={"limit": 1}).status_code == 200
            assert http.post("/images/generate", json=IMAGE).status_code == 429


def test_the_sdk_waits_out_the_sandbox_rate_limit() -> None:
    with Sandbox(speed=1000.0, rate_limit=20) as sb, Client(sb.api_key, base_url=sb.base_url) as c:
        started = time.monotonic()
        # 40 calls, bursts of 20: either a 429 and its 1 s Retry-After, or slow calls that let
        # 20 tokens (1 s) refill; the elapsed time is at least 0.9 s either way.
        for _ in range(40):
            assert c.usage.get().total_requests == 0
        assert time.monotonic() - started >= 0.9


def test_sandbox_refuses_a_bad_rate_limit() -> None:
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="rate_limit"):
            Sandbox(rate_limit=bad)


# --- usage stays exact ----------------------------------------------------------------------


def test_twenty_threads_replaying_one_key_make_one_usage_row(
    sandbox: Sandbox, client: Client
) -> None:
    start = threading.Barrier(20)

    def generate(_: int) -> str:
        start.wait()
        result = client.images.generate(
            model=IMAGE["model"], prompt="one key, twenty callers", width=128, height=128,
            idempotency_key="shared-key-20",
        )  # fmt: skip
        return str(result.id)

    with ThreadPoolExecutor(20) as pool:
        ids = set(pool.map(generate, range(20)))
    assert len(ids) == 1
    assert sandbox.usage_records() == 1
    assert client.usage.get().total_requests == 1
