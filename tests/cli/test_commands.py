"""The `visgate` command end to end against a sandbox: output, catalog, exit codes, redaction."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.conftest import clean_env, run
from visgate_sdk.sandbox import Sandbox


def test_generate_saves_a_png_of_the_requested_size_and_shows_the_cost(
    env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "l.png"
    done = run(
        env, "generate", "a lighthouse", "--width", "320", "--height", "200", "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (320, 200)
    assert done.stdout == f"{target}\n"  # stdout: the path only, for scripts
    # stderr: the model and its estimate before, the billed cost after.
    assert "fal-ai/flux/schnell: estimated $0.0002 ($0.003 per megapixel)" in done.stderr
    assert ", cost $" in done.stderr and ", managed" in done.stderr
    assert "\r" not in done.stderr  # no progress drawing when stderr is not a terminal


def test_generate_json_and_folder_output(env: dict[str, str], tmp_path: Path) -> None:
    done = run(env, "--json", "generate", "a kettle", "-o", str(tmp_path))
    body = json.loads(done.stdout)
    assert done.returncode == 0 and body["cache_hit"] is False and body["mode"] == "managed"
    assert body["model"] == "fal-ai/flux/schnell" and body["cost"] > 0
    assert body["estimated_cost"] == pytest.approx(0.003 * 1024 * 1024 / 1e6)
    saved = Path(body["path"])
    assert saved.parent == tmp_path and saved.suffix == ".png" and body["id"] in saved.name
    assert done.stderr == ""  # --json: nothing but the JSON


def test_video_no_wait_then_resume(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "t.mp4"
    started = run(env, "video", "tides", "--duration", "2", "--no-wait", "--yes", "-o", str(target))
    assert started.returncode == 0, started.stderr
    job_id = started.stdout.strip()
    resume = f"visgate requests get {job_id} --wait -o {target}"
    assert f"resume with: {resume}" in started.stderr
    done = run(env, *resume.split()[1:])
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[4:8] == b"ftyp"
    status = run(env, "--json", "requests", "get", job_id)
    assert json.loads(status.stdout)["status"] == "completed"


def test_catalog_usage_providers_health(env: dict[str, str]) -> None:
    listing = run(env, "models", "list", "--provider", "runway", "--media-type", "video")
    assert listing.returncode == 0 and "runway/gen4_turbo" in listing.stdout
    one = run(env, "--json", "models", "get", "fal-ai/flux/schnell")
    assert json.loads(one.stdout)["name"] == "FLUX Schnell"
    assert "fal-ai/veo3" in run(env, "models", "search", "veo").stdout
    usage = json.loads(run(env, "--json", "usage", "--period", "week").stdout)
    assert usage["period"] == "week" and usage["total_requests"] >= 0
    assert "runway" in run(env, "providers", "balances").stdout
    assert run(env, "providers", "keys").returncode == 0
    health = run({k: v for k, v in env.items() if k != "VISGATE_API_KEY"}, "health")
    assert health.returncode == 0 and "status=ok" in health.stdout


@pytest.mark.parametrize(
    ("fault", "args", "code"),
    [
        (None, ("generate", ""), 4),
        (None, ("generate", "x", "--width", "10"), 4),
        ({"kind": "status", "status": 429, "count": 5, "retry_after": "120"}, ("usage",), 5),
        ({"kind": "status", "status": 502, "count": 5, "retry_after": "0"}, ("usage",), 6),
        ({"kind": "job_fail"}, ("generate", "doomed"), 6),
        (None, ("generate", "x", "--model", "no/such-model"), 9),
        (None, ("requests", "get", "no-such-request"), 9),
        (None, ("models", "get", "no/such-model"), 9),
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
        done = run(env, *args, cwd=tmp_path)
    finally:
        sb.clear_faults()
    assert done.returncode == code, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and done.stderr.endswith(errors[0] + "\n")
    assert "Traceback" not in done.stderr and sb.api_key not in done.stderr + done.stdout


def test_auth_timeout_and_connection_codes(env: dict[str, str], tmp_path: Path) -> None:
    bad = run({**env, "VISGATE_API_KEY": "vg-not-a-key-000"}, "usage")
    assert bad.returncode == 3 and "vg-not-a-key-000" not in bad.stderr
    slow = run(
        env, "video", "slow", "--yes", "-o", "s.mp4", "--wait-timeout", "0.001", cwd=tmp_path
    )
    assert slow.returncode == 7, slow.stderr
    # The CLI's own resume command, with the user's -o; no Python advice.
    assert re.search(r"resume with:? visgate requests get \S+ --wait -o s\.mp4", slow.stderr)
    assert "client.requests" not in slow.stderr
    closed = run(
        {**env, "VISGATE_BASE_URL": "http://127.0.0.1:9/api/v1"}, "--timeout", "1", "usage"
    )
    assert closed.returncode == 8


@pytest.mark.parametrize("separator", sorted({"/", "\\" if Path("a\\b").name == "b" else "/"}))
def test_output_with_a_trailing_separator_is_a_folder_to_create(
    env: dict[str, str], tmp_path: Path, separator: str
) -> None:
    done = run(env, "generate", "a sunset over Istanbul", "-o", f"folder{separator}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "folder"
    assert folder.is_dir(), "a trailing separator must create a folder, not a file"
    (saved,) = folder.iterdir()
    assert saved.suffix == ".png" and saved.name.startswith("visgate-")
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert done.stdout.strip() == str(Path("folder") / saved.name)

    nested = tmp_path / "a" / "b"
    as_json = run(env, "--json", "generate", "a ferry", "-o", f"{nested}{separator}")
    assert as_json.returncode == 0, as_json.stderr
    body = json.loads(as_json.stdout)
    assert Path(body["path"]).parent == nested and body["id"] in Path(body["path"]).name


@pytest.mark.parametrize("key", [None, "", "   "])
def test_missing_api_key_speaks_cli(env: dict[str, str], key: str | None) -> None:
    without = {k: v for k, v in env.items() if k != "VISGATE_API_KEY"}
    if key is not None:
        without["VISGATE_API_KEY"] = key
    done = run(without, "usage")
    assert done.returncode == 3
    assert done.stderr.startswith("error: [AUTHENTICATION_ERROR] No API key")
    assert "VISGATE_API_KEY" in done.stderr and "--api-key" in done.stderr
    assert "api_key=" not in done.stderr and done.stderr.count("\n") == 1


def test_short_key_values_do_not_mask_words(env: dict[str, str]) -> None:
    # A (wrong) key "or" is sent and rejected; its value must not eat the word "or".
    done = run({**env, "VISGATE_API_KEY": "or"}, "usage")
    assert done.returncode == 3
    assert done.stderr.startswith("error: [AUTHENTICATION_ERROR] Invalid or missing API key")


def test_base_url_with_credentials_speaks_cli(env: dict[str, str]) -> None:
    done = run(env, "--base-url", "https://user:pw@visgate.example/api/v1", "usage")
    assert done.returncode == 4
    assert done.stderr == (
        "error: [VALIDATION_ERROR] --base-url must not contain credentials; "
        "pass the key with --api-key instead\n"
    )


@pytest.mark.parametrize("via_flag", [False, True])
def test_a_real_key_in_an_error_is_still_masked(
    sb: Sandbox, env: dict[str, str], via_flag: bool
) -> None:
    # The key given with --api-key (no $VISGATE_API_KEY) or from the environment.
    key = "vg-" + "5f3a9c1e" * 4 if via_flag else sb.api_key
    run_env = clean_env() if via_flag else env
    flag = ["--api-key", key] if via_flag else []
    done = run(run_env, *flag, "--base-url", f"ftp://media.example/{key}/?x={key}", "usage")
    assert done.returncode == 4
    assert key not in done.stderr
    assert done.stderr == (
        "error: [VALIDATION_ERROR] --base-url must be an http(s) URL such as "
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


@pytest.mark.parametrize(
    ("python", "cli"),
    [
        (
            "job j1 still processing after 5s; resume with client.requests.get('j1', wait=True)",
            "job j1 still processing after 5s; resume with visgate requests get j1 --wait",
        ),
        (
            "it may have reached the server: call again with idempotency_key='k-1' to get it",
            "it may have reached the server: run the same command again with "
            "--idempotency-key k-1 to get it",
        ),
        (
            "x.png exists; pass overwrite=True to replace it",
            "x.png exists; pass --overwrite (-f) to replace it",
        ),
    ],
)
def test_library_advice_is_reworded_for_the_cli(python: str, cli: str) -> None:
    from visgate_sdk._cli_support import cli_wording

    assert cli_wording(python, None) == cli
