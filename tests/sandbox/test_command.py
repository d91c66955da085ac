"""``visgate-sandbox`` refuses a bad option with one line and exit status 2, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from visgate_sdk.sandbox import Sandbox


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "visgate_sdk.sandbox", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=cwd,
    )


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def assert_refused(result: subprocess.CompletedProcess[str], option: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"visgate-sandbox: error: argument {option}: "), lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--speed", "0"], "--speed"),
        (["--speed", "-2"], "--speed"),
        (["--speed", "nan"], "--speed"),
        (["--speed", "fast"], "--speed"),
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--db", "/nonexistent/dir/x.db"], "--db"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(tmp_path: Path, args: list[str], option: str) -> None:
    assert_refused(run("--port", "0", *args, cwd=tmp_path), option)
    assert list(tmp_path.iterdir()) == []  # no database file left behind


def test_a_db_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path: Path) -> None:
    assert_refused(run("--port", "0", "--db", str(tmp_path), cwd=tmp_path), "--db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a SQLite database, not even close" * 100)
    result = run("--port", "0", "--db", str(junk), cwd=tmp_path)
    assert_refused(result, "--db")
    assert "junk.db" in result.stderr


def test_a_busy_port_is_one_line_and_exit_2(tmp_path: Path, busy_port: int) -> None:
    result = run("--port", str(busy_port), "--db", ":memory:", cwd=tmp_path)
    assert_refused(result, "--port")
    assert str(busy_port) in result.stderr


def test_the_library_raises_instead_of_exiting(busy_port: int) -> None:
    sandbox = Sandbox(port=busy_port)
    with pytest.raises(OSError):
        sandbox.start()
    assert sandbox.app is None
    with pytest.raises(ValueError, match="speed"):
        Sandbox(speed=0)
    with pytest.raises(ValueError, match="speed"):
        Sandbox(speed=float("nan"))
    with pytest.raises(ValueError, match="port"):
        Sandbox(port=70000)
