"""``python -m visgate_sdk.batch INPUT -o DIR``: ``visgate batch`` without the main CLI."""

import sys

from visgate_sdk.batch.cli import main

if __name__ == "__main__":
    sys.exit(main())
