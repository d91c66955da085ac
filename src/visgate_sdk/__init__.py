"""Python SDK for the visgate API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("visgate-sdk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0-dev"

__all__ = ["__version__"]
