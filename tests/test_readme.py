"""The README runs as written: its Python snippets and `make demo` on a sandbox, and its shell
commands in order in a fresh shell (no activated venv) against the sandbox it starts."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from visgate_sdk.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_has_the_published_snippets() -> None:
    assert len(BLOCKS) >= 14
    quickstart = (ROOT / "scripts" / "quickstart.py").read_text()
    assert BLOCKS[0] in quickstart  # `make demo` runs exactly the quick start


def test_every_readme_snippet_runs_against_the_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Sandbox(speed=1000) as sb:
        monkeypatch.setenv("VISGATE_API_KEY", sb.api_key)
        monkeypatch.setenv("VISGATE_BASE_URL", sb.base_url)
        monkeypatch.chdir(tmp_path)
        namespace: dict[str, object] = {}
        for block in BLOCKS:
            # Placeholders of the README point at the real service; aim them at the sandbox.
            code = block.replace("https://visgateai.com/api/v1", sb.base_url)
            code = code.replace('"vg-..."', repr(sb.api_key))
            exec(compile(code, "README.md", "exec"), namespace)
        assert (tmp_path / "sunset_istanbul.png").read_bytes()[:4] == b"\x89PNG"


def test_make_demo_runs_the_quick_start_on_a_sandbox_without_a_key(tmp_path: Path) -> None:
    # The scripts write beside themselves (demo-output/, .visgate-sandbox/): run copies in a
    # fresh folder so an image left by an earlier run cannot make this pass.
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    for name in ("demo.py", "quickstart.py"):
        shutil.copy(ROOT / "scripts" / name, scripts / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VISGATE_")}
    done = subprocess.run(
        [sys.executable, str(scripts / "demo.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "local sandbox" in done.stdout and "sunset_istanbul.png" in done.stdout
    assert (tmp_path / "demo-output" / "sunset_istanbul.png").read_bytes()[:4] == b"\x89PNG"


SKIP = re.compile(r"^<!-- readme-test: skip \((.+)\) -->$")


def bash_blocks(text: str) -> list[tuple[str, str | None]]:
    """Every ```bash block in order, with the reason of a skip marker right before it."""
    blocks: list[tuple[str, str | None]] = []
    lines = text.splitlines()
    previous = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == "```bash":
            end = lines.index("```", i + 1)
            marker = SKIP.match(previous.strip())
            blocks.append(("\n".join(lines[i + 1 : end]) + "\n", marker[1] if marker else None))
            i = end + 1
            previous = ""
            continue
        if line.strip():
            previous = line
        i += 1
    return blocks


def test_only_a_few_bash_blocks_are_skipped_and_each_says_why() -> None:
    blocks = bash_blocks(README)
    skipped = [reason for _, reason in blocks if reason]
    assert len(blocks) >= 8 and 1 <= len(skipped) <= 4
    assert all(reason.strip() for reason in skipped)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fresh_shell_env() -> dict[str, str]:
    """A new shell: no activated venv, no visgate settings, the venv's bin dir not on PATH."""
    venv_bin = str(Path(sys.executable).parent)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VISGATE_", "PYTEST_")) and k not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    env["PATH"] = os.pathsep.join(path)
    return env


def _checkout(dest: Path) -> None:
    """A copy of the working tree as its own git repository with everything committed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "checkout"]):
        subprocess.run([*git, *args], cwd=dest, check=True, capture_output=True)


def test_readme_bash_blocks_run_in_order_in_a_fresh_shell(tmp_path: Path) -> None:
    repo = tmp_path / "visgate-sdk"
    repo.mkdir()
    _checkout(repo)
    port = str(_free_port())
    script = ["set -e"]
    for number, (block, reason) in enumerate(bash_blocks(README), 1):
        if reason is None:
            # The one change: the sandbox's port, so that parallel runs cannot collide.
            script += [f"echo '>>> README bash block {number}'", block.replace("8787", port)]
    log = tmp_path / "shell.log"
    with log.open("wb") as out:
        shell = subprocess.Popen(
            ["bash", "-c", "\n".join(script)],
            cwd=repo,
            env=_fresh_shell_env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the background sandbox joins this group; stopped below
        )
        try:
            code = shell.wait(timeout=50)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(shell.pid, signal.SIGTERM)
    output = log.read_text(errors="replace")
    assert code == 0, output[-4000:]
    assert "status=ok" in output and "all_steps_completed=true" in output
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == "", "running the README changed the checkout:\n" + status.stdout
