"""The `adaldyq` console command: Django's management commands under our name."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    # The default SQLite file lives under ./var; make sure the folder exists.
    Path(os.environ.get("ADALDYQ_VAR_DIR", Path.cwd() / "var")).mkdir(parents=True, exist_ok=True)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["adaldyq", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:  # unsafe production settings: say why, no traceback
        sys.exit(f"adaldyq: {exc}")
    except ModuleNotFoundError as error:
        # Django's --settings names a Python module; a file name there is a common slip
        # (Cardinal's INI settings belong to `adaldyq-cardinal`). One line, not a traceback.
        module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if not error.name or not module.startswith(error.name):
            raise
        print(f"error: --settings {module!r} is not an importable Django settings module. adaldyq reads its "
              "settings from the environment; Cardinal's INI settings go to `adaldyq-cardinal indicators "
              "FILE --settings FILE.ini`.", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
