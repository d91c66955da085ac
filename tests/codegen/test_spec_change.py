"""A field added to the spec becomes a typed attribute of the facade's result after regen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CODEGEN = ROOT / "codegen"


def _run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _fields_module(generated: Path, out: Path) -> str:
    _run(sys.executable, CODEGEN / "facade_fields.py", generated, out)
    return out.read_text()


def test_checked_in_result_fields_match_the_generated_models(tmp_path: Path) -> None:
    written = _fields_module(ROOT / "generated", tmp_path / "_result_fields.py")
    checked_in = (ROOT / "src" / "visgate_sdk" / "_result_fields.py").read_text()
    assert written == checked_in, "run 'make regen' and commit src/visgate_sdk/_result_fields.py"


@pytest.mark.timeout(60)
def test_a_new_response_field_is_a_typed_attribute_after_regen(tmp_path: Path) -> None:
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    image = spec["components"]["schemas"]["ImageResult"]
    image["properties"]["watermark_id"] = {"type": "string", "description": "Added by a test."}
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))

    # The Makefile's regen, into the temp dir.
    generated = tmp_path / "generated"
    package = generated / "visgate_api_client"
    _run(
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", tmp_path / "openapi.yaml", "--config", CODEGEN / "config.yaml",
        "--custom-template-path", CODEGEN / "templates", "--meta", "none",
        "--output-path", package, "--fail-on-warning",
    )  # fmt: skip
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "visgate_sdk",
        src / "visgate_sdk",
        ignore=shutil.ignore_patterns("__pycache__", "sandbox", "batch", "integrations"),
    )
    fields = _fields_module(generated, src / "visgate_sdk" / "_result_fields.py")
    assert "watermark_id: Field[str] = " in fields

    env = {**os.environ, "PYTHONPATH": f"{generated}{os.pathsep}{src}"}
    out = _run(
        sys.executable,
        "-c",
        textwrap.dedent(
            f"""
            import visgate_api_client, visgate_sdk
            from visgate_sdk import ImageResult
            assert visgate_sdk.__file__.startswith({str(src)!r}), visgate_sdk.__file__
            assert visgate_api_client.__file__.startswith({str(generated)!r})
            body = {{"id": "r1", "model": "m", "provider": "fal", "watermark_id": "wm-7"}}
            result = ImageResult.from_dict(body)
            assert "watermark_id" not in result.additional_properties
            bare = ImageResult.from_dict({{"id": "r2", "model": "m", "provider": "fal"}})
            print(result.watermark_id, repr(bare.watermark_id))
            """
        ),
        env=env,
    )
    assert out.split() == ["wm-7", "''"]

    # What a user's type checker sees: a str attribute, not Any.
    snippet = tmp_path / "use_it.py"
    snippet.write_text(
        "from visgate_sdk import ImageResult\n"
        "def watermark(result: ImageResult) -> str:\n"
        "    return result.watermark_id\n"
        "reveal_type(ImageResult.from_dict({}).watermark_id)\n"
    )
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--cache-dir", str(tmp_path / "mypy-cache"), "--follow-imports", "silent", str(snippet)],
        capture_output=True, text=True, env={**env, "MYPYPATH": env["PYTHONPATH"]}, cwd=tmp_path,
        check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert 'Revealed type is "str"' in checked.stdout or 'is "builtins.str"' in checked.stdout
