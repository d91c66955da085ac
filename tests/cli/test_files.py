"""Never lose data: existing files, saves that fail after billing, saving finished jobs."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import VISGATE, generations, run
from visgate_sdk.sandbox import Sandbox


def _finished_video(env: dict[str, str]) -> str:
    started = run(
        env, "video", "tides", "--model", "fal-ai/ltx-video", "--duration", "1", "--no-wait"
    )
    assert started.returncode == 0, started.stderr
    job = started.stdout.strip()
    assert run(env, "requests", "get", job, "--wait").returncode == 0
    return job


@pytest.mark.parametrize(
    "args",
    [
        ("generate", "a cat"),
        ("video", "a cat", "--yes"),
        ("video", "a cat", "--yes", "--no-wait"),
        ("requests", "get", "any-id"),
    ],
)
def test_an_existing_file_is_refused_before_anything_is_generated(
    sb: Sandbox, env: dict[str, str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    before = generations(sb)
    done = run(env, *args, "-o", str(precious))
    assert done.returncode == 10, done.stderr
    assert done.stderr == (
        f"error: {precious} exists; nothing was generated. Pass --overwrite (-f) to replace it, "
        "or give another name or a folder\n"
    )
    assert precious.read_text() == "keep me" and generations(sb) == before
    as_json = json.loads(run(env, "--json", *args, "-o", str(precious)).stderr)
    assert as_json["code"] == "TARGET_EXISTS" and as_json["exit_code"] == 10


@pytest.mark.parametrize("flag", ["-f", "--overwrite"])
def test_overwrite_replaces_the_file(env: dict[str, str], tmp_path: Path, flag: str) -> None:
    target = tmp_path / "cat.png"
    target.write_text("old")
    done = run(env, "generate", "a cat", "-o", str(target), flag)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_a_folder_target_always_gets_a_fresh_name(env: dict[str, str], tmp_path: Path) -> None:
    job = _finished_video(env)
    names = []
    for _ in range(2):
        done = run(env, "requests", "get", job, "-o", str(tmp_path))
        assert done.returncode == 0, done.stderr
        names.append(Path(done.stdout.strip()).name)
    assert names == [f"visgate-{job}.mp4", f"visgate-{job}-2.mp4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_requests_get_saves_a_completed_job_without_wait(
    env: dict[str, str], tmp_path: Path
) -> None:
    job = _finished_video(env)
    target = tmp_path / "out.mp4"
    done = run(env, "requests", "get", job, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{target}\n" and target.read_bytes()[4:8] == b"ftyp"
    again = run(env, "requests", "get", job, "-o", str(target))
    assert again.returncode == 10 and target.read_bytes()[4:8] == b"ftyp"


def test_requests_get_on_an_unfinished_job_says_so(env: dict[str, str], tmp_path: Path) -> None:
    with Sandbox(db=":memory:", speed=0.05) as slow:
        local = {**env, "VISGATE_API_KEY": slow.api_key, "VISGATE_BASE_URL": slow.base_url}
        started = run(local, "video", "x", "--model", "fal-ai/ltx-video", "--no-wait")
        job = started.stdout.strip()
        done = run(local, "requests", "get", job, "-o", "x.mp4", cwd=tmp_path)
    assert done.returncode == 7
    assert done.stderr.startswith(f"error: job {job} is ")
    assert (
        f"Wait for it and save it with: visgate requests get {job} --wait -o x.mp4\n" in done.stderr
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_save_that_fails_after_billing_says_how_to_fetch_it(
    env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    # /proc/self accepts no new files, even for root: the save fails after the generation.
    target = "/proc/self/cat.png" if kind == "file" else "/proc/self/no/such/"
    done = run(env, "generate", "a cat on a roof", "-o", target)
    assert done.returncode == 11, done.stderr
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("error: ")]
    job = line.split()[1]
    assert f"{job} was generated (and billed) but saving it to {target} failed" in line
    assert ".part" not in line  # no internal temp-file name
    assert "The output is at http://127.0.0.1:" in line
    fetch = f"visgate requests get {job} -o {target}"
    assert line.endswith(f"fetch it again with: {fetch}")
    body = json.loads(run(env, "--json", "generate", "a cat on a roof", "-o", target).stderr)
    assert body["code"] == "SAVE_FAILED" and body["exit_code"] == 11
    assert body["url"].startswith("http://127.0.0.1:") and body["request_id"]
    # The command it gives works, here with a writable path.
    saved = run(env, "requests", "get", job, "-o", str(tmp_path / "cat.png"))
    assert saved.returncode == 0, saved.stderr
    assert (tmp_path / "cat.png").read_bytes()[:4] == b"\x89PNG"


def _small_disk() -> None:
    # A file size limit stands in for a full disk: writes past it fail with EFBIG.
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_save_that_runs_out_of_space_leaves_no_partial_file(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = subprocess.run(
        [VISGATE, "generate", "a wide harbour", "-o", str(tmp_path / "h.png")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_small_disk,
        check=False,
    )
    assert done.returncode == 11, done.stderr
    assert "failed: File too large; no file was written" in done.stderr
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file
