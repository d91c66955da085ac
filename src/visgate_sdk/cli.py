"""The ``visgate`` command: generate images and videos, follow jobs, browse the catalog."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from visgate_sdk import exceptions as errors
from visgate_sdk._logging import redact, register_secret

EXIT_CODES = """exit codes:
  0  success
  1  other API error
  2  bad command line
  3  authentication (missing or rejected API key)
  4  validation (the request was rejected; the message names the field)
  5  rate limited
  6  provider failure or failed generation
  7  timeout
  8  connection failure
  130 interrupted (Ctrl-C); a running job can be resumed with `visgate requests get ID --wait`
"""


def _known_secrets(args: argparse.Namespace) -> list[str]:
    """The key values this run could leak: ``--api-key`` and ``$VISGATE_API_KEY``.

    Empty and implausibly short values are left out, so that a key such as ``or`` cannot
    mask a word of every message.
    """
    candidates = (getattr(args, "api_key", None), os.environ.get("VISGATE_API_KEY"))
    return [v.strip() for v in candidates if v and len(v.strip()) >= 8]


def _redact(text: str, secrets: Sequence[str]) -> str:
    """``text`` with the given key values and secret-shaped values replaced by ``***``."""
    for secret in secrets:
        register_secret(secret)
    return redact(text)


class _Context:
    """Parsed options plus the job id currently waited on (for the Ctrl-C message)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.job_id: str | None = None

    def client(self) -> Any:
        from visgate_sdk import Client

        return Client(self.args.api_key, base_url=self.args.base_url, timeout=self.args.timeout)


def _emit(ctx: _Context, data: Any, human: Callable[[], None]) -> None:
    if ctx.args.json:
        print(json.dumps(data, indent=2, default=str))
    else:
        human()


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> None:
    cells = [[str(c) for c in header], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _wait(ctx: _Context, handle: Any, label: str) -> Any:
    from visgate_sdk._progress import Progress

    ctx.job_id = handle.request_id
    progress = Progress(label)
    try:
        status = handle.wait(
            timeout=ctx.args.wait_timeout, on_progress=lambda s: progress.update(s.status)
        )
    finally:
        progress.close()
    ctx.job_id = None
    return status


def _resume_hint(job_id: str) -> str:
    return f"visgate requests get {job_id} --wait"


def _save_and_report(ctx: _Context, outcome: Any, output: str | None, kind: str) -> int:
    from visgate_sdk.types import RequestStatusResult

    # Keep the text as typed: a trailing separator ("out/") means "a folder; create it and pick
    # a safe name inside", and Path() would drop it and write a file called "out".
    target: str | Path = output if output else Path.cwd()
    ident = outcome.request_id if isinstance(outcome, RequestStatusResult) else outcome.id
    path = outcome.save(target, overwrite=True, name_hint=f"visgate-{ident}")
    if isinstance(outcome, RequestStatusResult):
        data: dict[str, Any] = {
            "id": outcome.request_id,
            "request_id": outcome.request_id,
            "status": outcome.status,
            "url": outcome.output_url,
        }
        final = outcome.result
        if final is not None:
            data.update(cost=final.cost, cache_hit=final.cache_hit, mode=final.mode)
    else:
        url = outcome.images[0] if kind == "image" else outcome.video_url
        data = {
            "id": outcome.id,
            "url": url,
            "cost": outcome.cost,
            "cache_hit": outcome.cache_hit,
            "mode": outcome.mode,
        }
    data["path"] = str(path)
    _emit(ctx, data, lambda: print(path))
    return 0


def cmd_generate(ctx: _Context) -> int:
    a = ctx.args
    with ctx.client() as client:
        out = client.images.generate(
            a.model, a.prompt, width=a.width, height=a.height, seed=a.seed, wait=False
        )
        if hasattr(out, "request_id"):
            out = _wait(ctx, out, "image")
        return _save_and_report(ctx, out, a.output, "image")


def cmd_video(ctx: _Context) -> int:
    a = ctx.args
    with ctx.client() as client:
        out = client.videos.generate(a.model, a.prompt, duration_seconds=a.duration, wait=False)
        if hasattr(out, "request_id"):
            if a.no_wait:
                data = {
                    "request_id": out.request_id,
                    "status": out.status,
                    "resume": _resume_hint(out.request_id),
                }
                _emit(ctx, data, lambda: print(f"{out.request_id}\nresume with: {data['resume']}"))
                return 0
            out = _wait(ctx, out, "video")
        return _save_and_report(ctx, out, a.output, "video")


def cmd_requests(ctx: _Context) -> int:
    a = ctx.args
    with ctx.client() as client:
        if a.wait:
            from visgate_sdk.resources.requests import GenerationRequest

            status = _wait(ctx, GenerationRequest(a.request_id, client), "job")
            if a.output and status.output_url:
                return _save_and_report(ctx, status, a.output, status.media_type)
        else:
            status = client.requests.get(a.request_id)
        _emit(
            ctx,
            status.to_dict(),
            lambda: _table(
                [(status.request_id, status.status, status.media_type, status.output_url or "-")],
                ("REQUEST", "STATUS", "MEDIA", "OUTPUT"),
            ),
        )
    return 0


def _models_table(page: Any) -> None:
    rows = [(m.id, m.provider, m.media_type, m.base_cost_micro, m.name) for m in page.models]
    _table(rows, ("ID", "PROVIDER", "MEDIA", "COST_MICRO", "NAME"))
    print(f"{len(rows)} of {page.total_count} models")


def cmd_models(ctx: _Context) -> int:
    a = ctx.args
    with ctx.client() as client:
        if a.action == "get":
            model = client.models.get(a.model_id)
            _emit(
                ctx,
                model.to_dict(),
                lambda: _table([(k, v) for k, v in model.to_dict().items()], ("FIELD", "VALUE")),
            )
            return 0
        if a.action == "search":
            page = client.models.search(a.query, limit=a.limit)
        else:
            page = client.models.list(
                provider=a.provider,
                media_type=a.media_type,
                search=a.search,
                sort=a.sort,
                limit=a.limit,
            )
        _emit(ctx, page.to_dict(), lambda: _models_table(page))
    return 0


def cmd_usage(ctx: _Context) -> int:
    with ctx.client() as client:
        usage = client.usage.get(period=ctx.args.period)
        rows = [
            ("requests", usage.total_requests),
            ("cached", f"{usage.cached_requests} ({usage.cache_hit_rate:.1f}%)"),
            ("failed", usage.failed_requests),
            ("billed", f"${usage.total_billed_cost:.4f}"),
            ("saved by cache", f"${usage.total_savings:.4f}"),
        ]
        _emit(ctx, usage.to_dict(), lambda: _table(rows, (f"USAGE ({usage.period})", "")))
    return 0


def cmd_providers(ctx: _Context) -> int:
    with ctx.client() as client:
        if ctx.args.action == "keys":
            keys = client.providers.list_keys()
            rows: list[tuple[Any, ...]] = [
                (k.provider, k.validated, k.masked_key, k.validated_at) for k in keys.keys
            ]
            _emit(
                ctx,
                keys.to_dict(),
                lambda: _table(rows, ("PROVIDER", "VALIDATED", "KEY", "VALIDATED_AT")),
            )
        else:
            balances = client.providers.balances()
            rows = [
                (b.provider, b.configured, b.available, b.remaining, b.limit, b.currency)
                for b in balances.balances
            ]
            _emit(
                ctx,
                balances.to_dict(),
                lambda: _table(
                    rows, ("PROVIDER", "CONFIGURED", "AVAILABLE", "REMAINING", "LIMIT", "CURRENCY")
                ),
            )
    return 0


def cmd_health(ctx: _Context) -> int:
    from visgate_sdk import Client

    # Health is public: a placeholder key is fine when none is configured.
    key = ctx.args.api_key or os.environ.get("VISGATE_API_KEY") or "vg-health-check"
    with Client(key, base_url=ctx.args.base_url, timeout=ctx.args.timeout) as client:
        health = client.health()
    _emit(ctx, health, lambda: print(" ".join(f"{k}={v}" for k, v in health.items())))
    return 0 if health.get("status") == "ok" else 1


def _common(defaults: bool) -> argparse.ArgumentParser:
    # Subcommands repeat the global options without defaults, so `visgate --json usage` and
    # `visgate usage --json` both work (a subparser default would overwrite the global value).
    def default(value: Any) -> Any:
        return value if defaults else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--api-key", default=default(None), help="API key ($VISGATE_API_KEY)")
    common.add_argument(
        "--base-url", default=default(None), help="API base URL ($VISGATE_BASE_URL or production)"
    )
    common.add_argument(
        "--timeout", type=float, default=default(120.0), help="seconds per HTTP attempt"
    )
    common.add_argument(
        "--json", action="store_true", default=default(False), help="machine-readable output"
    )
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common(defaults=False)
    parser = argparse.ArgumentParser(
        prog="visgate",
        description="Generate images and videos through the visgate API.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common(defaults=True)],
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def command(
        name: str, handler: Callable[[_Context], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=text,
            description=text,
            parents=[common],
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        return p

    gen = command("generate", cmd_generate, "Generate an image, wait for it and save it.")
    gen.add_argument("prompt")
    gen.add_argument("--model", default="fal-ai/flux/schnell")
    gen.add_argument("--width", type=int, default=1024)
    gen.add_argument("--height", type=int, default=1024)
    gen.add_argument("--seed", type=int)
    gen.add_argument("-o", "--output", help="file or folder (default: current folder)")
    gen.add_argument("--wait-timeout", type=float, default=300.0, help="seconds to wait")

    vid = command("video", cmd_video, "Generate a video, wait for it and save it.")
    vid.add_argument("prompt")
    vid.add_argument("--model", default="fal-ai/veo3")
    vid.add_argument("--duration", type=float, default=5.0, help="seconds of video")
    vid.add_argument("-o", "--output", help="file or folder (default: current folder)")
    vid.add_argument("--no-wait", action="store_true", help="print the job id and return")
    vid.add_argument("--wait-timeout", type=float, default=600.0, help="seconds to wait")

    req = command("requests", cmd_requests, "Status of a background job.")
    req.add_argument("action", choices=["get"])
    req.add_argument("request_id")
    req.add_argument("--wait", action="store_true", help="poll until the job finishes")
    req.add_argument("-o", "--output", help="save the output here once completed")
    req.add_argument("--wait-timeout", type=float, default=600.0, help="seconds to wait")

    mod = command("models", cmd_models, "Browse the model catalog.")
    mod.add_argument("action", choices=["list", "get", "search"])
    mod.add_argument("model_id", nargs="?", help="model id (get) or words (search)")
    mod.add_argument("--provider")
    mod.add_argument("--media-type", choices=["image", "video"])
    mod.add_argument("--search")
    mod.add_argument("--sort", choices=["name", "cost", "newest", "popular"])
    mod.add_argument("--limit", type=int, default=20)

    use = command("usage", cmd_usage, "Usage of your organisation.")
    use.add_argument("--period", default="month", choices=["day", "week", "month", "year"])

    prov = command("providers", cmd_providers, "Provider balances and stored BYOK keys.")
    prov.add_argument("action", choices=["balances", "keys"])

    command("health", cmd_health, "Check that the API answers.")
    sand = sub.add_parser("sandbox", help="Start the local sandbox server.", add_help=False)
    sand.set_defaults(handler=None)
    return parser


def _exit_code(error: errors.VisgateError) -> int:
    table: list[tuple[type[errors.VisgateError], int]] = [
        (errors.AuthenticationError, 3),
        (errors.ValidationError, 4),
        (errors.RateLimitError, 5),
        (errors.ProviderError, 6),
        (errors.GenerationFailedError, 6),
        (errors.TimeoutError, 7),
        (errors.ConnectionError, 8),
    ]
    return next((code for kind, code in table if isinstance(error, kind)), 1)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["sandbox"]:
        from visgate_sdk.sandbox.__main__ import main as sandbox_main

        return sandbox_main(args_list[1:])
    args = _parser().parse_args(args_list)
    if args.command == "models" and args.action in ("get", "search"):
        if not args.model_id:
            print(f"error: models {args.action} needs an argument", file=sys.stderr)
            return 2
        args.query = args.model_id
    ctx = _Context(args)
    try:
        code: int = args.handler(ctx)
        return code
    except KeyboardInterrupt:
        hint = f"; resume with: {_resume_hint(ctx.job_id)}" if ctx.job_id else ""
        print(f"\ninterrupted{hint}", file=sys.stderr)
        return 130
    except errors.VisgateError as error:
        job = getattr(error, "request_id", None)
        extra = ""
        if isinstance(error, errors.TimeoutError) and job:
            extra = f" (resume with: {_resume_hint(job)})"
        print(f"error: {_redact(str(error), _known_secrets(args))}{extra}", file=sys.stderr)
        return _exit_code(error)
    except (FileExistsError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
