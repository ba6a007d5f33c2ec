"""``python -m adaldyq.procurement indicators FILE ...``"""

import sys

from .cli import main

sys.exit(main())
