"""``python -m adaldyq.procurement indicators|coverage ...``: the same as ``adaldyq-cardinal``."""

import sys

from .cardinal_cli import main

sys.exit(main())
