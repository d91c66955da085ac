"""202 + polling: recognised by status code, bounded by one deadline, failures typed."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import FakeTime
from visgate_sdk import AsyncClient, Client
from visgate_sdk.exceptions import GenerationFailedError, NotFoundError, TimeoutError
from visgate_sdk.resources.requests import AsyncGenerationRequest, GenerationRequest

ACCEPTED = {"request_id": "job-1", "status": "accepted"}


def status(word: str, **extra: Any) -> dict[str, Any]:
    return {"request_id": "job-1", "status": word, "media_type": "video", **extra}


class Script:
    """Answers polls from a list of (status word, headers); the last repeats."""

    def __init__(self, fake: FakeTime, *steps: tuple[dict[str, Any], dict[str, str]]) -> None:
        self.steps, self.fake, self.times = list(steps), fake, []  # type: list[float]

    def __call__(self, request: Request) -> Response:
        self.times.append(self.fake.now)
        body, headers = self.steps[min(len(self.times), len(self.steps)) - 1]
        return Response(json.dumps(body), headers=headers, mimetype="application/json")


def make(httpserver: HTTPServer, fake: FakeTime) -> Client:
    return Client(
        "vg-test-key-000",
        base_url=httpserver.url_for("/api/v1"),
        _sleep=fake.sleep,
        _clock=fake.clock,
    )


def submit(httpserver: HTTPServer, headers: dict[str, str] | None = None) -> None:
    httpserver.expect_request("/api/v1/videos/generate").respond_with_json(
        ACCEPTED, status=202, headers=headers or {}
    )


def test_202_is_a_job_whatever_its_status_word(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    submit(httpserver)
    handle = make(httpserver, fake_time).videos.generate("fal-ai/veo3", "p", wait=False)
    assert isinstance(handle, GenerationRequest)
    assert (handle.request_id, handle.status) == ("job-1", "accepted")
    assert httpserver.log[0][0].headers["Prefer"] == "respond-async"
    assert not hasattr(make(httpserver, fake_time).images, "request_id")


def test_wait_polls_with_growing_gaps_until_completed(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    submit(httpserver)
    done = status(
        "completed",
        output_url="https://cdn/x.mp4",
        result={"id": "job-1", "model": "m", "provider": "fal", "video_url": "u"},
    )
    script = Script(fake_time, *[(status("processing"), {})] * 8, (done, {}))
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_handler(script)
    seen: list[str] = []
    handle = make(httpserver, fake_time).videos.generate("fal-ai/veo3", "p", wait=False)
    assert isinstance(handle, GenerationRequest)
    final = handle.wait(timeout=300, poll_interval=2, on_progress=lambda s: seen.append(s.status))
    assert final.status == "completed" and final.output_url == "https://cdn/x.mp4"
    assert final.result is not None and final.result.video_url == "u"
    assert seen == ["processing"] * 8 + ["completed"]
    gaps = fake_time.sleeps
    assert gaps[0] == pytest.approx(0.25)  # starts quickly
    assert all(b >= a for a, b in itertools.pairwise(gaps))
    assert max(gaps) == pytest.approx(2.0)  # backs off toward poll_interval
    assert handle.status == "completed"


def test_poll_obeys_the_servers_retry_after(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    submit(httpserver, {"Retry-After": "3"})
    script = Script(
        fake_time, (status("processing"), {"Retry-After": "5"}), (status("completed"), {})
    )
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_handler(script)
    handle = make(httpserver, fake_time).videos.generate("fal-ai/veo3", "p", wait=False)
    assert isinstance(handle, GenerationRequest)
    handle.wait(poll_interval=1)
    assert fake_time.sleeps == [3.0, 5.0]  # first poll after the 202's hint, then the poll's


def test_failed_job_raises_with_request_id_and_message(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    failed = status("failed", error_message="content policy")
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_json(failed)
    client = make(httpserver, fake_time)
    with pytest.raises(GenerationFailedError) as info:
        client.requests.get("job-1", wait=True)
    assert info.value.request_id == "job-1" and "content policy" in str(info.value)
    assert len(httpserver.log) == 1
    # Without wait a failed job is an answer, not an exception.
    assert client.requests.get("job-1").error_message == "content policy"


def test_deadline_raises_timeout_with_request_id_and_last_status(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_json(status("queued_v2"))
    with pytest.raises(TimeoutError) as info:
        make(httpserver, fake_time).requests.get("job-1", wait=True, timeout=10, poll_interval=2)
    err = info.value
    assert err.request_id == "job-1" and err.last_status.status == "queued_v2"
    assert "requests.get('job-1', wait=True)" in str(err)
    assert sum(fake_time.sleeps) <= 10.0 + 1e-9  # the last sleep is trimmed to the deadline
    posts = [r for r, _ in httpserver.log if r.method == "POST"]
    assert posts == []  # polling never re-submits


def test_poll_404_is_not_found(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    httpserver.expect_request("/api/v1/requests/gone").respond_with_json(
        {"error": "REQUEST_NOT_FOUND", "message": "expired"}, status=404
    )
    with pytest.raises(NotFoundError):
        make(httpserver, fake_time).requests.get("gone", wait=True)
    assert len(httpserver.log) == 1


def test_request_id_is_one_encoded_path_segment(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/requests/a/../b?#").respond_with_json(status("completed"))
    make(httpserver, fake_time).requests.get("a/../b?#")
    raw = httpserver.log[0][0].environ["REQUEST_URI"]
    assert raw == "/api/v1/requests/a%2F..%2Fb%3F%23"


def test_sync_answer_to_wait_false_is_a_result(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    httpserver.expect_request("/api/v1/images/generate").respond_with_json(
        {"id": "i", "model": "m", "provider": "fal", "images": ["u"]}
    )
    result = make(httpserver, fake_time).images.generate("m/x", "p", wait=False)
    assert not hasattr(result, "request_id") and result.images == ["u"]


def test_async_wait_with_async_progress_callback(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    submit(httpserver)
    script = Script(fake_time, (status("pending"), {}), (status("completed"), {}))
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_handler(script)
    seen: list[str] = []

    async def progress(s: Any) -> None:
        seen.append(s.status)

    async def run() -> str:
        async with AsyncClient(
            "vg-test-key-000",
            base_url=httpserver.url_for("/api/v1"),
            _sleep=fake_time.async_sleep,
            _clock=fake_time.clock,
        ) as client:
            handle = await client.videos.generate("fal-ai/veo3", "p", wait=False)
            assert isinstance(handle, AsyncGenerationRequest)
            return (await handle.wait(on_progress=progress)).status

    assert asyncio.run(run()) == "completed"
    assert seen == ["pending", "completed"]


def test_async_failed_job_and_deadline(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    httpserver.expect_request("/api/v1/requests/bad").respond_with_json(
        {"request_id": "bad", "status": "failed", "error_message": "nsfw"}
    )
    httpserver.expect_request("/api/v1/requests/slow").respond_with_json(
        {"request_id": "slow", "status": "processing"}
    )

    async def run(job: str) -> None:
        async with AsyncClient(
            "vg-test-key-000",
            base_url=httpserver.url_for("/api/v1"),
            _sleep=fake_time.async_sleep,
            _clock=fake_time.clock,
        ) as client:
            await client.requests.get(job, wait=True, timeout=5)

    with pytest.raises(GenerationFailedError):
        asyncio.run(run("bad"))
    with pytest.raises(TimeoutError) as info:
        asyncio.run(run("slow"))
    assert info.value.request_id == "slow"
