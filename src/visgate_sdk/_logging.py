"""Secret hygiene for logs: one redaction filter on every logger that could see a key."""

from __future__ import annotations

import logging
import os
import re
import threading

logger = logging.getLogger("visgate_sdk")

_secrets: set[str] = set()
_lock = threading.Lock()
_pattern: re.Pattern[str] | None = None
_installed = False
_env_handler: logging.Handler | None = None

# Shapes that are secret whatever their value: bearer tokens, key headers, signed-URL queries.
# A value needs 8+ characters: no real key is shorter, and prose such as "pass api_key= or
# set ..." must stay readable.
_GENERIC = re.compile(
    r"(?i)(bearer\s+)[^\s'\",]{8,}"
    r"|((?:x-[a-z]+-key|authorization|api[_-]?key|token|secret)['\"]?\s*[:=]\s*['\"]?)"
    r"[^\s'\",&]{8,}"
    r"|([?&](?:[a-z0-9_-]*(?:signature|token|key|sig|credential)[a-z0-9_-]*)=)[^&\s'\"]+"
)
_LOGGERS = (
    "visgate_sdk",
    "httpx",
    "httpcore",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.connection",
    "httpcore.proxy",
    "aiohttp",
    "aiohttp.client",
    "aiohttp.internal",
)


def register_secret(value: str | None) -> None:
    """Remember a key so that no log line, repr or error text can show it."""
    global _pattern
    if not value or len(value) < 6:
        return
    with _lock:
        if value not in _secrets:
            _secrets.add(value)
            # Compiled on the next redaction, not here: a service creating one client per
            # tenant must not pay for a regex of every key on each construction.
            _pattern = None


def _secrets_pattern() -> re.Pattern[str] | None:
    global _pattern
    pattern = _pattern
    if pattern is None and _secrets:
        with _lock:
            ordered = sorted(_secrets, key=len, reverse=True)
            pattern = _pattern = re.compile("|".join(re.escape(s) for s in ordered))
    return pattern


def redact(text: str) -> str:
    """Replace registered secrets and secret-shaped values with ``***``."""
    pattern = _secrets_pattern()
    if pattern is not None:
        text = pattern.sub("***", text)
    return _GENERIC.sub(lambda m: (m.group(1) or m.group(2) or m.group(3) or "") + "***", text)


def mask(value: str | None) -> str | None:
    """``****`` and the last four characters, for reprs."""
    if not value:
        return None
    return "****" + value[-4:] if len(value) > 8 else "****"


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactingFilter()


def install_log_redaction() -> None:
    """Attach the redaction filter to the SDK's, httpx's, httpcore's and aiohttp's loggers."""
    global _installed
    if _installed:
        return
    with _lock:
        for name in _LOGGERS:
            log = logging.getLogger(name)
            if _FILTER not in log.filters:
                log.addFilter(_FILTER)
        _installed = True


def configure_from_env() -> None:
    """``VISGATE_LOG=debug|info|warning`` sends the SDK's log lines to stderr."""
    global _env_handler
    level_name = os.environ.get("VISGATE_LOG", "").strip().upper()
    if not level_name or _env_handler is not None:
        return
    level = logging.getLevelName(level_name)
    if not isinstance(level, int):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(_FILTER)
    logger.addHandler(handler)
    logger.setLevel(level)
    _env_handler = handler
