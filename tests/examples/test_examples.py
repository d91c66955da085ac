"""The example scripts, run as users run them, against a local sandbox.

``run_all_capabilities.py`` without ``VISGATE_API_KEY`` starts its own sandbox and runs every
step; ``run_with_env.py`` loads a .env file pointing at the test's sandbox.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from visgate_sdk.sandbox import Sandbox

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STEPS = [
    "00_smoke_sdk",
    "01_live_api_smoke",
    "00_auth_identity",
    "01_models_catalog",
    "02_generate_unified",
    "03_images_all_providers",
    "04_videos_all_providers",
    "05_usage_history_verify",
    "06_provider_balances",
    "07_cache_demo",
    "08_semantic_cache_demo",
    "09_provider_keys",
    "10_api_keys",
    "11_billing_readonly",
    "12_veo_from_catalog",
    "13_async_generation",
    "14_live_regression_smoke",
]
CHEAP = [
    "00_smoke_sdk",
    "01_live_api_smoke",
    "00_auth_identity",
    "01_models_catalog",
    "05_usage_history_verify",
    "06_provider_balances",
    "09_provider_keys",
    "10_api_keys",
    "11_billing_readonly",
]
IMAGES = [
    "generate_unified.png",
    "sunset_istanbul.png",
    "galata_tower.png",
    "bosphorus_night.png",
    "cache_demo.png",
    "semantic_exact.png",
    "semantic_similar.png",
]
VIDEOS = ["04_videos_sample.mp4", "istanbul.mp4"]
# Everything that could point the examples elsewhere or leak a developer's real keys.
CLEARED = [
    "VISGATE_API_KEY",
    "VISGATE_BASE_URL",
    "VISGATE_ENV_FILE",
    "VISGATE_EXAMPLES_OUT",
    "VISGATE_FAL_API_KEY",
    "FAL_KEY",
    "VISGATE_REPLICATE_API_KEY",
    "REPLICATE_API_KEY",
    "VISGATE_RUNWAY_API_KEY",
    "RUNWAY_API_KEY",
]


def child_env(out: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env["VISGATE_EXAMPLES_OUT"] = str(out)
    env.update(extra)
    return env


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_run_all_capabilities_against_a_sandbox(tmp_path: Path) -> None:
    done = run("run_all_capabilities.py", env=child_env(tmp_path))

    assert done.returncode == 0, done.stdout + done.stderr
    assert "target=sandbox base_url=http://127.0.0.1:" in done.stdout
    assert done.stdout.rstrip().endswith("all_steps_completed=true")
    ran = [line[4:] for line in done.stdout.splitlines() if line.startswith("--- ")]
    assert ran == STEPS  # the published order
    assert done.stdout.count("step_ok=") == len(STEPS)
    assert "FAIL" not in done.stdout
    for step in STEPS:
        text = (tmp_path / f"out_{step}.txt").read_text()
        assert text.strip(), f"out_{step}.txt is empty"
        # Provider keys (the sandbox ones here) are never printed.
        assert "sandbox_example_key" not in text
    for name in IMAGES:
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    for name in VIDEOS:
        assert (tmp_path / name).read_bytes()[4:8] == b"ftyp", name

    def out(step: str) -> str:
        return (tmp_path / f"out_{step}.txt").read_text()

    # What the steps show: BYOK with the runner's sandbox keys, caches, jobs, the smoke.
    assert "managed_generate_mode=managed" in out("02_generate_unified")
    assert "byok_generate_mode=byok" in out("02_generate_unified")
    assert "runway_mode=byok" in out("03_images_all_providers")
    assert "second_cache_hit=True" in out("07_cache_demo")
    assert "second_cost=0.0" in out("07_cache_demo")
    assert "similar_cache_hit=True" in out("08_semantic_cache_demo")
    assert "validate_fal: valid=True" in out("09_provider_keys")
    assert "async_image_status=completed" in out("13_async_generation")
    assert "live_regression_ok=true" in out("14_live_regression_smoke")


def test_cheap_subset_generates_nothing(tmp_path: Path) -> None:
    done = run("run_all_capabilities.py", "--cheap", env=child_env(tmp_path))

    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"out_{s}.txt" for s in CHEAP)
    assert "usage_total_requests=0" in (tmp_path / "out_05_usage_history_verify.txt").read_text()


def test_unknown_step_is_refused(tmp_path: Path) -> None:
    done = run("run_all_capabilities.py", "--only", "99_nope", env=child_env(tmp_path))

    assert done.returncode == 2
    assert "unknown step" in done.stderr


def test_failing_step_fails_the_run(tmp_path: Path) -> None:
    # Nothing listens on the discard port: the step that calls the API fails, the run too.
    unreachable = "http://127.0.0.1:9/api/v1"
    env = child_env(tmp_path, VISGATE_API_KEY="vg-unused", VISGATE_BASE_URL=unreachable)
    done = run("run_all_capabilities.py", "--only", "00_smoke_sdk,00_auth_identity", env=env)

    assert done.returncode == 1
    assert "step_ok=00_smoke_sdk" in done.stdout
    assert "step_failed=00_auth_identity" in done.stdout
    assert "FAIL: " in (tmp_path / "out_00_auth_identity.txt").read_text()
    assert "all_steps_completed" not in done.stdout


def test_run_with_env_loads_the_file(tmp_path: Path, sandbox: Sandbox) -> None:
    env_file = tmp_path / "visgate.env"
    env_file.write_text(
        "# credentials for the examples\n"
        "\n"
        f'export VISGATE_API_KEY="{sandbox.api_key}"\n'
        f"VISGATE_BASE_URL='{sandbox.base_url}'\n"
        "not a setting\n"
    )
    out = tmp_path / "out"
    # A value already in the environment is replaced by the file's.
    env = child_env(
        out, VISGATE_ENV_FILE=str(env_file), VISGATE_BASE_URL="http://127.0.0.1:9/api/v1"
    )
    done = run("run_with_env.py", "00_auth_identity.py", env=env)

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"target=api base_url={sandbox.base_url}" in done.stdout
    assert sandbox.api_key not in done.stdout
    text = (out / "out_00_auth_identity.txt").read_text()
    assert "auth_ok=true" in text
    assert f"organization_id={sandbox.get('/auth/me')['organization']['id']}" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [((), "env file not found"), (("99_nope",), "no example step")],
)
def test_run_with_env_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    env_file = tmp_path / ".env"
    if args:  # the file exists; the step does not
        env_file.write_text("VISGATE_API_KEY=vg-unused\n")
    env = child_env(tmp_path, VISGATE_ENV_FILE=str(env_file))
    done = run("run_with_env.py", *args, env=env)

    assert done.returncode == 1
    assert message in done.stderr
    assert not list(tmp_path.glob("out_*.txt"))


def test_without_a_dotenv_the_environment_is_used_and_outputs_stay_out_of_git(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    # A checkout without .env: the runner, one step, nothing else.
    import shutil

    copy = tmp_path / "examples"
    copy.mkdir()
    for name in ("run_with_env.py", "run_all_capabilities.py", "00_auth_identity.py"):
        shutil.copy(EXAMPLES / name, copy / name)
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(VISGATE_API_KEY=sandbox.api_key, VISGATE_BASE_URL=sandbox.base_url)
    done = subprocess.run(
        [sys.executable, str(copy / "run_with_env.py"), "00_auth_identity"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "env_file=none" in done.stdout and "using the environment as it is" in done.stdout
    assert f"target=api base_url={sandbox.base_url}" in done.stdout
    # Outputs land in demo-output/ (ignored by git), never in the committed sample_outputs/.
    assert (tmp_path / "demo-output" / "examples" / "out_00_auth_identity.txt").is_file()
    assert not (copy / "sample_outputs").exists()


def test_env_example_is_a_template_run_with_env_reads(tmp_path: Path) -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        import run_with_env
    finally:
        sys.path.remove(str(EXAMPLES))
    settings = run_with_env.read_env_file(EXAMPLES.parent / ".env.example")
    assert settings == {"VISGATE_API_KEY": ""}  # everything else is commented out
