"""Secret hygiene for logs: one redaction filter on every logger that could see a key."""

from __future__ import annotations

import logging
import os
import re
import threading
import weakref
from collections import OrderedDict, deque

logger = logging.getLogger("visgate_sdk")

_lock = threading.Lock()
_pattern: re.Pattern[str] | None = None
_installed = False
_env_handler: logging.Handler | None = None

# Keys nobody owns (a key passed to providers.validate_key, the CLI's environment) and keys
# whose client was garbage collected stay redacted while they are among the most recent few.
RECENT_SECRETS = 256
_owned: dict[str, int] = {}  # key -> number of live (owner, slot) registrations
_recent: OrderedDict[str, None] = OrderedDict()
_slots: dict[int, dict[str, str]] = {}  # id(owner) -> slot -> key
# Finalizers run inside garbage collection, possibly while this thread holds _lock: they
# only queue the release, which the next registration or redaction applies under the lock.
_released: deque[int] = deque()

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


def register_secret(value: str | None, *, owner: object = None, slot: str | None = None) -> None:
    """Remember a key so that no log line, repr or error text can show it.

    With ``owner`` (a client) the key is kept while the owner lives; registering another key
    for the same ``slot`` of that owner replaces it. Without one it joins the most recent
    :data:`RECENT_SECRETS` ownerless keys. Either way the registry stays bounded by the live
    owners, however many clients a process creates.
    """
    global _pattern
    if not isinstance(value, str) or len(value) < 6:
        return
    with _lock:
        _apply_releases()
        if owner is None:
            _remember_recent(value)
            return
        slots = _slots.get(id(owner))
        if slots is None:
            slots = _slots[id(owner)] = {}
            weakref.finalize(owner, _released.append, id(owner))
        name = slot if slot is not None else value
        previous = slots.get(name)
        if previous == value:
            return
        if previous is not None:
            _release(previous)
        slots[name] = value
        _owned[value] = _owned.get(value, 0) + 1
        # Compiled on the next redaction, not here: a service creating one client per
        # tenant must not pay for a regex of every key on each construction.
        _pattern = None


def _remember_recent(value: str) -> None:
    global _pattern
    if value in _recent:
        _recent.move_to_end(value)
        return
    _recent[value] = None
    while len(_recent) > RECENT_SECRETS:
        _recent.popitem(last=False)
    _pattern = None


def _release(value: str) -> None:
    global _pattern
    count = _owned.get(value, 0) - 1
    if count > 0:
        _owned[value] = count
        return
    _owned.pop(value, None)
    _remember_recent(value)  # a late log line of a just-closed client is still covered
    _pattern = None


def _apply_releases() -> None:
    while _released:
        for value in _slots.pop(_released.popleft(), {}).values():
            _release(value)


def registered_secret_count() -> int:
    """How many keys the registry holds now (bounded; for tests and diagnostics)."""
    with _lock:
        _apply_releases()
        return len(_owned.keys() | _recent.keys())


def _secrets_pattern() -> re.Pattern[str] | None:
    global _pattern
    if _released:
        with _lock:
            _apply_releases()
    pattern = _pattern
    if pattern is None and (_owned or _recent):
        with _lock:
            ordered = sorted(_owned.keys() | _recent.keys(), key=len, reverse=True)
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
