"""The `visgate` command end to end against a sandbox: files, output, exit codes, Ctrl-C."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from visgate_sdk.sandbox import Sandbox


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(speed=200) as sandbox:
        yield sandbox


@pytest.fixture
def env(sb: Sandbox) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VISGATE_")}
    return {**clean, "VISGATE_API_KEY": sb.api_key, "VISGATE_BASE_URL": sb.base_url}


def visgate(
    env: dict[str, str], *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "visgate_sdk", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_generate_saves_a_png_of_the_requested_size(env: dict[str, str], tmp_path: Path) -> None:
    done = visgate(
        env,
        "generate",
        "a lighthouse",
        "--width",
        "320",
        "--height",
        "200",
        "-o",
        str(tmp_path / "l.png"),
    )
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "l.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (320, 200)
    assert done.stdout.strip() == str(tmp_path / "l.png")
    assert "\r" not in done.stderr  # no progress drawing when stderr is not a terminal


def test_generate_json_and_folder_output(env: dict[str, str], tmp_path: Path) -> None:
    done = visgate(env, "--json", "generate", "a kettle", "-o", str(tmp_path))
    body = json.loads(done.stdout)
    assert done.returncode == 0 and body["cache_hit"] is False and body["mode"] == "managed"
    saved = Path(body["path"])
    assert saved.parent == tmp_path and saved.suffix == ".png" and body["id"] in saved.name


def test_video_no_wait_then_resume(env: dict[str, str], tmp_path: Path) -> None:
    started = visgate(env, "video", "tides", "--duration", "2", "--no-wait")
    assert started.returncode == 0
    job_id, resume = started.stdout.split("\n")[:2]
    assert resume == f"resume with: visgate requests get {job_id} --wait"
    done = visgate(env, "requests", "get", job_id, "--wait", "-o", str(tmp_path / "t.mp4"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "t.mp4").read_bytes()[4:8] == b"ftyp"
    status = visgate(env, "--json", "requests", "get", job_id)
    assert json.loads(status.stdout)["status"] == "completed"


def test_catalog_usage_providers_health(env: dict[str, str]) -> None:
    listing = visgate(env, "models", "list", "--provider", "runway", "--media-type", "video")
    assert listing.returncode == 0 and "runway/gen4_turbo" in listing.stdout
    one = visgate(env, "--json", "models", "get", "fal-ai/flux/schnell")
    assert json.loads(one.stdout)["name"] == "FLUX Schnell"
    assert "fal-ai/veo3" in visgate(env, "models", "search", "veo").stdout
    usage = json.loads(visgate(env, "--json", "usage", "--period", "week").stdout)
    assert usage["period"] == "week" and usage["total_requests"] >= 0
    assert "runway" in visgate(env, "providers", "balances").stdout
    assert visgate(env, "providers", "keys").returncode == 0
    health = visgate({k: v for k, v in env.items() if k != "VISGATE_API_KEY"}, "health")
    assert health.returncode == 0 and "status=ok" in health.stdout


@pytest.mark.parametrize(
    ("fault", "args", "code"),
    [
        (None, ("generate", ""), 4),
        (None, ("generate", "x", "--width", "10"), 4),
        ({"kind": "status", "status": 429, "count": 5, "retry_after": "120"}, ("usage",), 5),
        ({"kind": "status", "status": 502, "count": 5, "retry_after": "0"}, ("usage",), 6),
        ({"kind": "job_fail"}, ("generate", "doomed"), 6),
    ],
)
def test_errors_are_one_line_with_distinct_exit_codes(
    sb: Sandbox,
    env: dict[str, str],
    fault: dict[str, object] | None,
    args: tuple[str, ...],
    code: int,
    tmp_path: Path,
) -> None:
    if fault:
        sb.inject_fault(**fault)  # type: ignore[arg-type]
    try:
        done = visgate(env, *args, cwd=tmp_path)
    finally:
        sb.clear_faults()
    assert done.returncode == code, done.stderr
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr and sb.api_key not in done.stderr + done.stdout


def test_auth_timeout_and_connection_codes(env: dict[str, str], tmp_path: Path) -> None:
    bad = visgate({**env, "VISGATE_API_KEY": "vg-not-a-key-000"}, "usage")
    assert bad.returncode == 3 and "vg-not-a-key-000" not in bad.stderr
    slow = visgate(env, "video", "slow", "--wait-timeout", "0.001", cwd=tmp_path)
    assert slow.returncode == 7 and "visgate requests get" in slow.stderr
    closed = visgate(
        {**env, "VISGATE_BASE_URL": "http://127.0.0.1:9/api/v1"}, "--timeout", "1", "usage"
    )
    assert closed.returncode == 8


def test_progress_is_drawn_on_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    with Sandbox(speed=2) as slow:
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "visgate_sdk",
                "video",
                "waves",
                "--duration",
                "1",
                "-o",
                str(tmp_path / "w.mp4"),
            ],
            env={**env, "VISGATE_API_KEY": slow.api_key, "VISGATE_BASE_URL": slow.base_url},
            stdout=subprocess.PIPE,
            stderr=slave,
            text=True,
        )
        os.close(slave)
        assert proc.wait(timeout=60) == 0
        drawn = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
        os.close(master)
    assert b"\r" in drawn and (b"processing" in drawn or b"pending" in drawn)


def test_ctrl_c_during_a_wait_prints_the_job_to_resume(env: dict[str, str]) -> None:
    with Sandbox(speed=0.5) as slow:
        proc = subprocess.Popen(
            [sys.executable, "-m", "visgate_sdk", "video", "a long one"],
            env={**env, "VISGATE_API_KEY": slow.api_key, "VISGATE_BASE_URL": slow.base_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and slow.usage_records() == 0:
            row = slow.app.store.one("SELECT COUNT(*) AS n FROM generations") if slow.app else None
            if row and row["n"]:
                break
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "interrupted; resume with: visgate requests get " in err


@pytest.mark.parametrize("separator", sorted({"/", os.sep}))
def test_output_with_a_trailing_separator_is_a_folder_to_create(
    env: dict[str, str], tmp_path: Path, separator: str
) -> None:
    done = visgate(
        env, "generate", "a sunset over Istanbul", "-o", f"folder{separator}", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "folder"
    assert folder.is_dir(), "a trailing separator must create a folder, not a file"
    (saved,) = folder.iterdir()
    assert saved.suffix == ".png" and saved.name.startswith("visgate-")
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert done.stdout.strip() == str(Path("folder") / saved.name)

    nested = tmp_path / "a" / "b"
    as_json = visgate(env, "--json", "generate", "a ferry", "-o", f"{nested}{separator}")
    assert as_json.returncode == 0, as_json.stderr
    body = json.loads(as_json.stdout)
    assert Path(body["path"]).parent == nested and body["id"] in Path(body["path"]).name


def test_resume_with_a_trailing_separator_saves_inside_a_new_folder(
    env: dict[str, str], tmp_path: Path
) -> None:
    started = visgate(env, "video", "tides", "--duration", "2", "--no-wait")
    assert started.returncode == 0, started.stderr
    job_id = started.stdout.split("\n")[0]
    done = visgate(env, "requests", "get", job_id, "--wait", "-o", "resumed/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "resumed").is_dir()
    (saved,) = (tmp_path / "resumed").iterdir()
    assert saved.name == f"visgate-{job_id}.mp4" and saved.read_bytes()[4:8] == b"ftyp"


@pytest.mark.parametrize("key", [None, "", "   "])
def test_missing_api_key_message_is_printed_intact(env: dict[str, str], key: str | None) -> None:
    without = {k: v for k, v in env.items() if k != "VISGATE_API_KEY"}
    if key is not None:
        without["VISGATE_API_KEY"] = key
    done = visgate(without, "usage")
    assert done.returncode == 3
    assert done.stderr == (
        "error: [AUTHENTICATION_ERROR] No API key provided. Pass api_key= or set the "
        "VISGATE_API_KEY environment variable.\n"
    )


def test_short_key_values_do_not_mask_words(env: dict[str, str]) -> None:
    # A (wrong) key "or" is sent and rejected; its value must not eat the word "or".
    done = visgate({**env, "VISGATE_API_KEY": "or"}, "usage")
    assert done.returncode == 3
    assert done.stderr.startswith("error: [AUTHENTICATION_ERROR] Invalid or missing API key")


def test_base_url_with_credentials_message_is_printed_intact(env: dict[str, str]) -> None:
    done = visgate(env, "--base-url", "https://user:pw@visgate.example/api/v1", "usage")
    assert done.returncode == 4
    assert done.stderr == (
        "error: [VALIDATION_ERROR] base_url must not contain credentials; "
        "pass the key as api_key= instead\n"
    )


@pytest.mark.parametrize("via_flag", [False, True])
def test_a_real_key_in_an_error_is_still_masked(
    sb: Sandbox, env: dict[str, str], via_flag: bool
) -> None:
    # The key given with --api-key (no $VISGATE_API_KEY) or from the environment.
    key = "vg-" + "5f3a9c1e" * 4 if via_flag else sb.api_key
    run_env = {k: v for k, v in env.items() if k != "VISGATE_API_KEY"} if via_flag else env
    flag = ["--api-key", key] if via_flag else []
    done = visgate(run_env, *flag, "--base-url", f"ftp://media.example/{key}/?x={key}", "usage")
    assert done.returncode == 4
    assert key not in done.stderr
    assert done.stderr == (
        "error: [VALIDATION_ERROR] base_url must be an http(s) URL such as "
        "https://visgateai.com/api/v1, got 'ftp://media.example/***/?x=***'\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pass api_key= or set the KEY", "Pass api_key= or set the KEY"),
        ("pass the key as api_key= instead", "pass the key as api_key= instead"),
        ("Bearer token required", "Bearer token required"),
        ("secret: no", "secret: no"),
        ("Authorization: Bearer abcdefgh12345678", "Authorization: Bearer ***"),
        ("api_key=abcdefgh12345678 rejected", "api_key=*** rejected"),
        ("https://cdn.example/a.png?sig=x1&v=2", "https://cdn.example/a.png?sig=***&v=2"),
        ("key vg-0123456789abcdef was revoked", "key *** was revoked"),
    ],
)
def test_cli_redaction_masks_secrets_not_words(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    from argparse import Namespace

    from visgate_sdk.cli import _known_secrets, _redact

    monkeypatch.delenv("VISGATE_API_KEY", raising=False)
    secrets = _known_secrets(Namespace(api_key="vg-0123456789abcdef"))
    assert _redact(text, secrets) == expected
    assert _known_secrets(Namespace(api_key="or")) == _known_secrets(Namespace(api_key="")) == []
