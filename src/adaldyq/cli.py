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
    from django.utils import translation

    from adaldyq.procurement.management.commands.procurement import cardinal_argv

    args = sys.argv[1:] if argv is None else argv
    # Cardinal's `indicators --settings FILE.ini` would be taken by Django as its own
    # --settings (the settings module); hand it to the procurement command instead.
    try:
        django.setup()  # reads the settings, which refuse unsafe production values
        translation.activate(cli_language())
        execute_from_command_line(["adaldyq", *cardinal_argv(args)])
    except ImproperlyConfigured as exc:  # unsafe production settings: say why, no traceback
        sys.exit(f"adaldyq: {exc}")


def cli_language() -> str:
    wanted = os.environ.get("ADALDYQ_CLI_LANGUAGE", "en").strip().lower()
    return wanted if wanted in ("kk", "ru", "en") else "en"


if __name__ == "__main__":
    main()
