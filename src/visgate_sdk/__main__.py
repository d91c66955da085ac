"""`python -m visgate_sdk`: the visgate command."""

import sys

from visgate_sdk.cli import main

sys.exit(main())
