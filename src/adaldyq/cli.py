"""The `adaldyq` console command: Django's management commands under our name."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    # The default SQLite file lives under ./var; make sure the folder exists.
    Path(os.environ.get("ADALDYQ_VAR_DIR", Path.cwd() / "var")).mkdir(parents=True, exist_ok=True)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["adaldyq", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
