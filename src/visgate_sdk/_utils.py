"""Where 0.0.x code imported ``parse_datetime`` from; the helpers live in :mod:`._compat`."""

from visgate_sdk._compat import handle_response, parse_datetime

__all__ = ["handle_response", "parse_datetime"]
