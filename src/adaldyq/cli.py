"""The `adaldyq` console command: Django's management commands under our name.

Commands speak English (their own texts are English) and format figures the English
way ("4,200.00"); set ADALDYQ_CLI_LANGUAGE=kk or ru to have rule messages and figures
in Kazakh or Russian instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    # The default SQLite file lives under ./var; make sure the folder exists.
    Path(os.environ.get("ADALDYQ_VAR_DIR", Path.cwd() / "var")).mkdir(parents=True, exist_ok=True)
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.core.management.base import CommandParser, handle_default_options
    from django.utils import translation

    args = sys.argv[1:] if argv is None else argv
    try:
        # Django's own --settings/--pythonpath, applied before set-up as its utility does
        # (set-up comes first here so that commands speak the chosen language).
        parser = CommandParser(add_help=False, allow_abbrev=False)
        parser.add_argument("--settings")
        parser.add_argument("--pythonpath")
        handle_default_options(parser.parse_known_args(args)[0])
        django.setup()  # reads the settings, which refuse unsafe production values
        translation.activate(cli_language())
        execute_from_command_line(["adaldyq", *args])
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


def cli_language() -> str:
    wanted = os.environ.get("ADALDYQ_CLI_LANGUAGE", "en").strip().lower()
    return wanted if wanted in ("kk", "ru", "en") else "en"


if __name__ == "__main__":
    main()
