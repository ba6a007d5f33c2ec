"""Fill the browser tests' database: the demo data the public pages show and staff
users (one per role the tasks need) with the session's password.

Run by the `site` fixture as `python -m tests.browser.seed` with DATABASE_URL pointing at
the test site's own SQLite file, after `adaldyq migrate`. Procurement's demo is left out:
no browser task needs it and it is the slowest to load.
"""

from __future__ import annotations

import os

import django

LOADERS = [
    "adaldyq.register.demo.load",
    "adaldyq.screening.demo.load",
    "adaldyq.recovery.demo.load",
    "adaldyq.risks.demo.load",
    "adaldyq.cooperation.demo.load",
]
SEED = 2026
# user name -> roles
USERS = {
    "bt.registrar": ["registrar"],
    "bt.approver": ["approver"],
    "bt.fund.maker": ["fund_officer"],
    "bt.fund.checker": ["fund_officer"],
    "bt.screener": ["screening_officer"],
    "bt.analyst": ["risk_analyst"],
    "bt.cooperation": ["cooperation_officer"],
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.utils.module_loading import import_string

    from adaldyq.core import flags

    for path in LOADERS:
        import_string(path)(seed=SEED)
    flags.set_demo_mode(True)
    password = os.environ["ADALDYQ_BROWSER_PASSWORD"]
    for username, roles in USERS.items():
        user = User.objects.create_user(username=username, password=password)
        user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in roles))


if __name__ == "__main__":
    main()
