"""A good Unix tool: closed pipes, JSON errors, one-line usage errors, no tracebacks, help."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.cli.conftest import VISGATE, clean_env, run

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_a_closed_pipe_ends_quietly(env: dict[str, str]) -> None:
    # The reader is gone before the first write, like `visgate models list | head -0`.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [VISGATE, "models", "list", "--limit", "50"],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, "")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "soon"])
@pytest.mark.parametrize("command", [("generate", "x"), ("video", "x"), ("requests", "get", "j")])
def test_wait_timeouts_must_be_finite_and_positive(
    env: dict[str, str], value: str, command: tuple[str, ...]
) -> None:
    done = run(env, *command, f"--wait-timeout={value}")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"visgate {command[0]}: error: argument --wait-timeout: ")
    assert done.stderr.count("\n") == 1


def test_errors_are_json_with_json(env: dict[str, str]) -> None:
    missing = run(env, "--json", "requests", "get", "no-such-job")
    assert missing.returncode == 9 and missing.stdout == ""
    body = json.loads(missing.stderr)
    assert body["code"] == "REQUEST_NOT_FOUND" and body["exit_code"] == 9
    assert "no-such-job" in body["message"] and "request_id" in body
    usage = run(env, "video", "x", "--json", "--duration", "nan")
    assert usage.returncode == 2
    assert json.loads(usage.stderr)["code"] == "USAGE"
    refused = json.loads(run(env, "--json", "video", "x").stderr)
    assert refused["code"] == "NOT_CONFIRMED" and refused["exit_code"] == 13
    assert refused["estimated_cost"] == pytest.approx(3.75)


def _fake_api(httpserver: HTTPServer, path: str, body: str) -> dict[str, str]:
    httpserver.expect_request(f"/api/v1{path}").respond_with_data(
        body, content_type="application/json"
    )
    return {
        **clean_env(),
        "VISGATE_API_KEY": "vg-fake-key-for-tests",
        "VISGATE_BASE_URL": httpserver.url_for("/api/v1"),
    }


def test_a_lone_surrogate_from_the_server_is_printed_replaced(httpserver: HTTPServer) -> None:
    model = {"id": "fal-ai/odd", "name": "\\ud800 odd", "provider": "fal", "media_type": "image"}
    body = json.dumps({"models": [model], "total_count": 1}).replace("\\\\ud800", "\\ud800")
    env = _fake_api(httpserver, "/models", body)
    done = run(env, "models", "list")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "fal-ai/odd" in done.stdout and "? odd" in done.stdout


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_unexpected_server_data_is_one_line_never_a_traceback(
    httpserver: HTTPServer, json_flag: list[str]
) -> None:
    usage = {
        "period": "month",
        "total_requests": "many",
        "cached_requests": [],
        "cache_hit_rate": "12.5%",
        "total_billed_cost": "lots",
    }
    env = _fake_api(httpserver, "/usage", json.dumps(usage))
    done = run(env, *json_flag, "usage")
    assert "Traceback" not in done.stderr
    if done.returncode != 0:  # the data may be read leniently; if not, one line and code 1
        assert done.returncode == 1 and done.stderr.count("\n") == 1


def test_help_shows_defaults_and_the_exit_codes(env: dict[str, str]) -> None:
    video = run(env, "video", "--help").stdout
    assert "fal-ai/veo3" in video and "(default: 5.0)" in video and "about $3.75" in video
    assert "--confirm-above USD" in video and "default: 1.00" in video
    main = run(env, "--help").stdout
    codes = re.findall(r"^  (\d+) +\S", main, flags=re.M)
    assert codes == [
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
        "130",
        "141",
    ]
    # The README's table lists the same codes.
    table = re.findall(r"^\| `(\d+)` \|", README, flags=re.M)
    assert table == codes


def test_any_unexpected_exception_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from visgate_sdk import cli

    def boom(ctx: object) -> int:
        raise ValueError("Unknown format code 'f' for object of type 'str'")

    monkeypatch.setattr(cli, "cmd_usage", boom)
    monkeypatch.setenv("VISGATE_API_KEY", "vg-unused-key-0000")
    assert cli.main(["usage"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "error: could not read the answer (ValueError: Unknown format code 'f' for object of "
        "type 'str')\n"
    )
    assert cli.main(["--json", "usage"]) == 1
    assert json.loads(capsys.readouterr().err)["code"] == "UNEXPECTED"
