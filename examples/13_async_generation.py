"""Step 13: background jobs. Start a video and an image with wait=False, then wait for both."""

from __future__ import annotations

import sys
from typing import NoReturn

from visgate_sdk import Client, GenerationRequest, RequestStatusResult, VisgateError


def fail(message: str) -> NoReturn:
    """Stop with FAIL: the API broke a promise this example shows."""
    print(f"FAIL: {message}", flush=True)
    raise SystemExit(1)


def finish(label: str, job: object, *, timeout: float, poll_interval: float) -> None:
    # wait=False asks for a job; a server may still answer at once with the finished result.
    if not isinstance(job, GenerationRequest):
        url = getattr(job, "video_url", None) or getattr(job, "image_url", None)
        print(f"{label}_mode=sync")
        if not url:
            fail(f"{label}: the synchronous answer has no output URL")
        print(f"{label}_output_url={url.split('?')[0]}")
        return
    print(f"{label}_request_id={job.request_id}")
    # wait() raises GenerationFailedError for a failed job and TimeoutError at the deadline.
    status: RequestStatusResult = job.wait(timeout=timeout, poll_interval=poll_interval)
    print(f"{label}_status={status.status}")
    if status.status != "completed" or not status.output_url:
        fail(f"{label}: job ended {status.status!r} without an output_url")
    # Signed URLs carry credentials in the query string: print the location only.
    print(f"{label}_output_url={status.output_url.split('?')[0]}")


def main() -> int:
    with Client() as client:
        video = client.videos.generate(
            "fal-ai/veo3",
            "Short drone shot over Istanbul at golden hour",
            duration_seconds=4.0,
            skip_gcs_upload=True,
            wait=False,
        )
        image = client.images.generate(
            "fal-ai/flux/schnell", "A sunset over the Bosphorus", wait=False
        )
        # Both jobs run on the server meanwhile; waiting for one does not delay the other.
        finish("async_video", video, timeout=180, poll_interval=3)
        finish("async_image", image, timeout=60, poll_interval=2)
    print("async_generation_done=true")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
