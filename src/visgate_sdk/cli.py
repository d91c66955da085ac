"""The ``visgate`` command: generate images and videos, follow jobs, browse the catalog."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import uuid
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

from visgate_sdk import _cli_support as cs
from visgate_sdk import exceptions as errors
from visgate_sdk._cli_support import EXIT_CODES, CliError

_redact = cs.redact_text


def _known_secrets(args: argparse.Namespace) -> list[str]:
    """The key values this run could leak: ``--api-key`` and ``$VISGATE_API_KEY``."""
    return cs.known_secrets(getattr(args, "api_key", None))


class _Context:
    """Parsed options plus what a Ctrl-C or a failure message needs to know."""

    def __init__(self, args: argparse.Namespace, argv: Sequence[str]) -> None:
        self.args = args
        self.argv = list(argv)
        self.secrets = _known_secrets(args)
        self.job_id: str | None = None
        self.submitting = False
        given = getattr(args, "idempotency_key", None)
        # Minted here, not in the library, so that an interrupted submit can be collected later.
        self.key: str = given or str(uuid.uuid4())

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def client(self) -> Any:
        from visgate_sdk import Client

        a = self.args
        return Client(a.api_key, base_url=a.base_url, timeout=a.timeout, max_retries=a.max_retries)

    def say(self, text: str) -> None:
        """A human note on stderr (not in --json mode, where stdout carries everything)."""
        if not self.json:
            print(text, file=sys.stderr, flush=True)

    def output(self) -> str | None:
        return getattr(self.args, "output", None)

    def resume(self, job_id: str) -> str:
        """The command that finishes ``job_id`` the way the user asked for it."""
        a = self.args
        if a.command == "requests" and not a.output:
            return shlex.join(["visgate", "requests", "get", job_id, "--wait"])
        return cs.resume_command(job_id, a.output, bool(getattr(a, "overwrite", False)))


def _emit(ctx: _Context, data: Any, human: Callable[[], None]) -> None:
    if ctx.json:
        print(json.dumps(data, indent=2, default=str))
    else:
        human()


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> None:
    cells = [[str(c) for c in header], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


# --- generation ---------------------------------------------------------------------------


def _estimate(ctx: _Context, client: Any, model_id: str, **size: Any) -> float | None:
    """Look the model up, show its estimated cost, and ask first when it is above the threshold."""
    a = ctx.args
    model = client.models.get(model_id)  # an unknown model ends here, before anything is billed
    estimate = cs.estimate_usd(model, **size)
    price = getattr(model, "pricing", None) or "no catalog price"
    ctx.say(f"{model_id}: estimated {cs.money(estimate)} ({price})")
    if estimate is None or estimate <= a.confirm_above or a.yes:
        return estimate
    above = f"estimated {cs.money(estimate)} is above --confirm-above {cs.money(a.confirm_above)}"
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CliError(
            f"{model_id}: {above}; nothing was generated. Pass --yes to confirm",
            cs.NOT_CONFIRMED,
            "NOT_CONFIRMED",
            estimated_cost=estimate,
        )
    sys.stderr.write(f"{above}. Generate? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise CliError("not confirmed; nothing was generated", cs.NOT_CONFIRMED, "NOT_CONFIRMED")
    return estimate


def _submit(ctx: _Context, kind: str, send: Callable[..., Any], *, wait: bool) -> Any:
    """Send a generation (``send``: its ``generate`` with the call's arguments) under a
    spinner, under the run's idempotency key; with ``wait``, a 202's job is waited for too."""
    from visgate_sdk._progress import Spinner

    ctx.submitting = True  # from here a Ctrl-C may leave a job behind
    with Spinner(kind, status="submitting") as progress:
        out = send(wait=False, idempotency_key=ctx.key)
        ctx.submitting = False
        if hasattr(out, "request_id"):  # a 202: a job to wait for
            ctx.job_id = out.request_id
            progress.update(out.status)
            if wait:
                out = _wait(ctx, out, progress)
    return out


def _wait(ctx: _Context, handle: Any, progress: Any) -> Any:
    status = handle.wait(
        timeout=ctx.args.wait_timeout, on_progress=lambda s: progress.update(s.status)
    )
    ctx.job_id = None
    return status


def _save(ctx: _Context, outcome: Any, ident: str, url: str | None) -> Path:
    """Save the output; any failure becomes SAVE_FAILED naming the job and how to fetch it."""
    a = ctx.args
    output = a.output
    # Keep the text as typed: a trailing separator ("out/") means "a folder; create it and pick
    # a safe name inside", and Path() would drop it and write a file called "out".
    target = output if output else str(Path.cwd())
    fetch = cs.fetch_command(ident, output)
    if not url:
        raise CliError(
            f"{ident} finished without an output URL; nothing to save",
            cs.OTHER,
            "NO_OUTPUT",
            request_id=ident,
        )
    try:
        if not cs.is_folder_target(target):
            saved: Path = outcome.save(target, overwrite=bool(a.overwrite))
            return saved
        hint = f"visgate-{ident}"
        for n in range(1, 1000):  # a folder always gets a fresh name
            try:
                saved = outcome.save(target, name_hint=hint if n == 1 else f"{hint}-{n}")
                return saved
            except FileExistsError:
                continue
        raise FileExistsError(f"no free name for {hint} in {target}")
    except (OSError, errors.VisgateError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            reason = exc.strerror or type(exc).__name__  # not str(): it names the temp file
        else:
            reason = cs.cli_wording(getattr(exc, "message", None) or str(exc), None)
        reason = cs.redact_text(reason, ctx.secrets)
        raise CliError(
            f"{ident} was generated (and billed) but saving it to {target} failed: {reason}; "
            f"no file was written. The output is at {cs.strip_secrets(url, ctx.secrets)} ; "
            f"fetch it again with: {fetch}",
            cs.SAVE_FAILED,
            "SAVE_FAILED",
            request_id=ident,
            url=cs.strip_secrets(url, ctx.secrets),
            resume=fetch,
        ) from None


def _finish(ctx: _Context, outcome: Any, estimate: float | None) -> int:
    """Save a finished generation and report where it went and what it cost."""
    from visgate_sdk.types import RequestStatusResult

    if isinstance(outcome, RequestStatusResult):
        ident = outcome.request_id
        url = outcome.output_url
        final = outcome.result
        cost = final.cost if final is not None else outcome.cost
        data: dict[str, Any] = {
            "id": ident,
            "request_id": ident,
            "status": outcome.status,
            "model": outcome.model,
            "url": url,
            "cost": cost,
        }
        if final is not None:
            data.update(cache_hit=final.cache_hit, mode=final.mode)
    else:
        ident = outcome.id
        url = outcome.images[0] if hasattr(outcome, "images") and outcome.images else None
        url = url or getattr(outcome, "video_url", None)
        cost = outcome.cost
        data = {
            "id": ident,
            "model": outcome.model,
            "url": url,
            "cost": cost,
            "cache_hit": outcome.cache_hit,
            "mode": outcome.mode,
        }
    if estimate is not None:
        data["estimated_cost"] = estimate
    path = _save(ctx, outcome, ident, url)
    data["path"] = str(path)
    _emit(ctx, data, lambda: print(path, flush=True))
    cached = " (cache hit)" if data.get("cache_hit") else ""
    mode = f", {data['mode']}" if data.get("mode") else ""
    ctx.say(f"{ident}: {data['model'] or '?'}, cost {cs.money(cost)}{cached}{mode}")
    return cs.OK


def cmd_generate(ctx: _Context) -> int:
    a = ctx.args
    cs.refuse_existing(a.output, a.overwrite)
    with ctx.client() as client:
        estimate = _estimate(ctx, client, a.model, width=a.width, height=a.height)
        send = partial(
            client.images.generate, a.model, a.prompt, width=a.width, height=a.height, seed=a.seed
        )
        out = _submit(ctx, "image", send, wait=True)
        return _finish(ctx, out, estimate)


def cmd_video(ctx: _Context) -> int:
    a = ctx.args
    cs.refuse_existing(a.output, a.overwrite)
    with ctx.client() as client:
        estimate = _estimate(ctx, client, a.model, seconds=a.duration)
        send = partial(client.videos.generate, a.model, a.prompt, duration_seconds=a.duration)
        out = _submit(ctx, "video", send, wait=not a.no_wait)
        if a.no_wait and hasattr(out, "request_id"):
            ctx.job_id = None
            resume = ctx.resume(out.request_id)
            data = {
                "request_id": out.request_id,
                "status": out.status,
                "model": a.model,
                "estimated_cost": estimate,
                "resume": resume,
            }
            _emit(ctx, data, lambda: print(out.request_id, flush=True))
            ctx.say(f"resume with: {resume}")
            return cs.OK
        return _finish(ctx, out, estimate)


def cmd_requests(ctx: _Context) -> int:
    from visgate_sdk._progress import Spinner

    a = ctx.args
    cs.refuse_existing(a.output, a.overwrite)
    with ctx.client() as client:
        if a.wait:
            ctx.job_id = a.request_id
            with Spinner("job", status="waiting") as progress:
                status = client.requests.get(
                    a.request_id,
                    wait=True,
                    timeout=a.wait_timeout,
                    on_progress=lambda s: progress.update(s.status),
                )
            ctx.job_id = None
        else:
            status = client.requests.get(a.request_id)
        if a.output:
            if status.status == "completed":
                return _finish(ctx, status, None)
            if status.status == "failed":
                reason = cs.redact_text(status.error_message or "no reason given", ctx.secrets)
                raise CliError(
                    f"job {status.request_id} failed ({reason}); nothing to save",
                    cs.FAILED,
                    "GENERATION_FAILED",
                    request_id=status.request_id,
                )
            resume = ctx.resume(status.request_id)
            raise CliError(
                f"job {status.request_id} is {status.status}, not finished; nothing saved yet. "
                f"Wait for it and save it with: {resume}",
                cs.TIMEOUT,
                "NOT_FINISHED",
                request_id=status.request_id,
                resume=resume,
            )
        _emit(
            ctx,
            status.to_dict(),
            lambda: _table(
                [(status.request_id, status.status, status.media_type, status.output_url or "-")],
                ("REQUEST", "STATUS", "MEDIA", "OUTPUT"),
            ),
        )
    return cs.OK


# --- catalog and account ------------------------------------------------------------------


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
            return cs.OK
        if a.action == "search":
            page = client.models.search(a.model_id, limit=a.limit)
        else:
            page = client.models.list(
                provider=a.provider,
                media_type=a.media_type,
                search=a.search,
                sort=a.sort,
                limit=a.limit,
            )
        _emit(ctx, page.to_dict(), lambda: _models_table(page))
    return cs.OK


def cmd_usage(ctx: _Context) -> int:
    with ctx.client() as client:
        usage = client.usage.get(period=ctx.args.period)
        if ctx.json:
            _emit(ctx, usage.to_dict(), lambda: None)
            return cs.OK
        rows = [
            ("requests", usage.total_requests),
            ("cached", f"{usage.cached_requests} ({usage.cache_hit_rate:.1f}%)"),
            ("failed", usage.failed_requests),
            ("billed", f"${usage.total_billed_cost:.4f}"),
            ("saved by cache", f"${usage.total_savings:.4f}"),
        ]
        _table(rows, (f"USAGE ({usage.period})", ""))
    return cs.OK


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
    return cs.OK


def cmd_health(ctx: _Context) -> int:
    from visgate_sdk import Client

    a = ctx.args
    # Health is public: a placeholder key is fine when none is configured.
    key = a.api_key or os.environ.get("VISGATE_API_KEY") or "vg-health-check"
    with Client(key, base_url=a.base_url, timeout=a.timeout, max_retries=a.max_retries) as client:
        health = client.health()
    _emit(ctx, health, lambda: print(" ".join(f"{k}={v}" for k, v in health.items())))
    return cs.OK if health.get("status") == "ok" else cs.OTHER


# --- parser -------------------------------------------------------------------------------


class _Help(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's layout and shows each option's default."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        shown = action.default not in (None, False, True, argparse.SUPPRESS)
        if action.option_strings and shown and "default" not in text:
            return f"{text} (default: {action.default})"
        return text


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (JSON with --json) and exit status 2."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        if _Parser.json_errors:
            body = {"code": "USAGE", "message": message, "request_id": None, "exit_code": 2}
            self.exit(cs.USAGE, json.dumps(body) + "\n")
        self.exit(cs.USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _common(defaults: bool) -> _Parser:
    # Subcommands repeat the global options without defaults, so `visgate --json usage` and
    # `visgate usage --json` both work (a subparser default would overwrite the global value).
    def default(value: Any) -> Any:
        return value if defaults else argparse.SUPPRESS

    common = _Parser(add_help=False)
    common.add_argument("--api-key", default=default(None), help="API key ($VISGATE_API_KEY)")
    common.add_argument(
        "--base-url", default=default(None), help="API base URL ($VISGATE_BASE_URL or production)"
    )
    common.add_argument(
        "--timeout",
        type=cs.positive_seconds,
        default=default(120.0),
        help="seconds per HTTP attempt (default: 120)",
    )
    common.add_argument(
        "--max-retries",
        type=int,
        default=default(2),
        help="retries of transient failures, e.g. while a server starts (default: 2)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=default(False),
        help="machine-readable output; errors too, as one JSON object on stderr",
    )
    return common


def _generation_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        help="file, or folder to pick a fresh name in (default: the current folder)",
    )
    p.add_argument("-f", "--overwrite", action="store_true", help="replace an existing output file")
    p.add_argument("-y", "--yes", action="store_true", help="no confirmation above --confirm-above")
    p.add_argument(
        "--confirm-above",
        type=cs.dollars,
        default=os.environ.get("VISGATE_CONFIRM_ABOVE", "1.00"),
        metavar="USD",
        help="ask first (on a terminal) or refuse (otherwise) when the catalog estimate is "
        "above this ($VISGATE_CONFIRM_ABOVE, default: 1.00)",
    )
    p.add_argument(
        "--idempotency-key",
        help="reuse the key of an earlier attempt to get its outcome without paying twice",
    )


def _parser() -> _Parser:
    common = _common(defaults=False)
    parser = _Parser(
        prog="visgate",
        description="Generate images and videos through the visgate API.",
        epilog=EXIT_CODES,
        formatter_class=_Help,
        parents=[_common(defaults=True)],
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(
        name: str, handler: Callable[[_Context], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=text,
            description=text,
            parents=[common],
            epilog=EXIT_CODES,
            formatter_class=_Help,
        )
        p.set_defaults(handler=handler)
        return p

    gen = command("generate", cmd_generate, "Generate an image, wait for it and save it.")
    gen.add_argument("prompt")
    gen.add_argument("--model", default="fal-ai/flux/schnell", help="model id")
    gen.add_argument("--width", type=cs.pixels, default=1024, help="pixels")
    gen.add_argument("--height", type=cs.pixels, default=1024, help="pixels")
    gen.add_argument("--seed", type=int, help="seed for a repeatable image")
    _generation_options(gen)
    gen.add_argument(
        "--wait-timeout", type=cs.positive_seconds, default=300.0, help="seconds to wait"
    )

    vid = command("video", cmd_video, "Generate a video, wait for it and save it.")
    vid.add_argument("prompt")
    vid.add_argument(
        "--model",
        default="fal-ai/veo3",
        help="model id; the default is premium: 5 s cost about $3.75 (default: fal-ai/veo3)",
    )
    vid.add_argument("--duration", type=cs.positive_seconds, default=5.0, help="seconds of video")
    _generation_options(vid)
    vid.add_argument("--no-wait", action="store_true", help="print the job id and return")
    vid.add_argument(
        "--wait-timeout", type=cs.positive_seconds, default=600.0, help="seconds to wait"
    )

    req = command("requests", cmd_requests, "Status of a background job; save its output.")
    req.add_argument("action", choices=["get"])
    req.add_argument("request_id")
    req.add_argument("--wait", action="store_true", help="poll until the job finishes")
    req.add_argument("-o", "--output", help="save the output here (file or folder) once completed")
    req.add_argument(
        "-f", "--overwrite", action="store_true", help="replace an existing output file"
    )
    req.add_argument(
        "--wait-timeout", type=cs.positive_seconds, default=600.0, help="seconds to wait"
    )

    mod = command("models", cmd_models, "Browse the model catalog.")
    mod.add_argument("action", choices=["list", "get", "search"])
    mod.add_argument("model_id", nargs="?", help="model id (get) or words (search)")
    mod.add_argument("--provider", help="fal, replicate or runway")
    mod.add_argument("--media-type", choices=["image", "video"], help="image or video")
    mod.add_argument("--search", help="words to look for")
    mod.add_argument("--sort", choices=["name", "cost", "newest", "popular"], help="order")
    mod.add_argument("--limit", type=cs.pixels, default=20, help="models per page")

    use = command("usage", cmd_usage, "Usage of your organisation.")
    use.add_argument(
        "--period", default="month", choices=["day", "week", "month", "year"], help="window"
    )

    prov = command("providers", cmd_providers, "Provider balances and stored BYOK keys.")
    prov.add_argument("action", choices=["balances", "keys"])

    command("health", cmd_health, "Check that the API answers.")
    from visgate_sdk.batch.cli import add_parser as add_batch
    from visgate_sdk.batch.cli import run as run_batch

    add_batch(sub, parents=[common]).set_defaults(handler=lambda ctx: run_batch(ctx.args))
    sand = sub.add_parser("sandbox", help="Start the local sandbox server.", add_help=False)
    sand.set_defaults(handler=None)
    return parser


# --- main ---------------------------------------------------------------------------------


def _fail(
    ctx: _Context | None,
    code: int,
    error_code: str,
    message: str,
    request_id: str | None = None,
    **extra: Any,
) -> int:
    """Print one error line (or one JSON object with --json) on stderr; return ``code``."""
    as_json = ctx is not None and ctx.json
    return cs.print_error(as_json, code, error_code, message, request_id, **extra)


def _interrupted(ctx: _Context) -> int:
    if ctx.job_id:
        resume = ctx.resume(ctx.job_id)
        return _fail(
            ctx,
            cs.INTERRUPTED,
            "INTERRUPTED",
            f"interrupted; resume with: {resume}",
            ctx.job_id,
            resume=resume,
        )
    if ctx.submitting:
        again = list(ctx.argv)
        if "--idempotency-key" not in again:
            again += ["--idempotency-key", ctx.key]
        resume = shlex.join(["visgate", *again])
        return _fail(
            ctx,
            cs.INTERRUPTED,
            "INTERRUPTED",
            "interrupted while submitting (it may have started); to get its outcome without "
            f"paying twice: {resume}",
            resume=resume,
        )
    return _fail(ctx, cs.INTERRUPTED, "INTERRUPTED", "interrupted")


def _sdk_error(ctx: _Context, error: errors.VisgateError) -> int:
    job = getattr(error, "request_id", None) or ctx.job_id
    resume = ctx.resume(job) if job and isinstance(error, errors.TimeoutError) else None
    text = cs.redact_text(cs.cli_wording(cs.describe(error), resume), ctx.secrets)
    if resume and resume not in text:
        text += f" (resume with: {resume})"
    extra: dict[str, Any] = {"resume": resume} if resume else {}
    return _fail(ctx, cs.exit_code(error), error.error_code, text, job, **extra)


def _quiet_stdout() -> None:
    """After a closed pipe: send later writes (and the exit-time flush) nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["sandbox"]:
        from visgate_sdk.sandbox.__main__ import main as sandbox_main

        return sandbox_main(args_list[1:])
    for stream in (sys.stdout, sys.stderr):
        # Server text may hold lone surrogates or characters the terminal cannot show.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    _Parser.json_errors = "--json" in args_list
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.command == "models" and args.action in ("get", "search") and not args.model_id:
        parser.error(f"models {args.action} needs an argument")
    ctx = _Context(args, args_list)
    try:
        code: int = args.handler(ctx)
        sys.stdout.flush()  # a closed pipe shows up here, not at exit
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return cs.PIPE_CLOSED
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return _interrupted(ctx)
    except CliError as error:
        return _fail(
            ctx, error.code, error.error_code, error.message, error.request_id, **error.extra
        )
    except errors.VisgateError as error:
        return _sdk_error(ctx, error)
    except Exception as error:  # unexpected server data must not end in a traceback
        text = cs.redact_text(f"{type(error).__name__}: {error}", ctx.secrets)
        return _fail(ctx, cs.OTHER, "UNEXPECTED", f"could not read the answer ({text})")


if __name__ == "__main__":
    sys.exit(main())
