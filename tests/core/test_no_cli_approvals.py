"""No command records another person's approval: no command of ours offers an
option naming an approver, checker or second officer (maker-checker happens with
each person's own account, on the staff pages or with a personal API token)."""

from __future__ import annotations

import argparse
import re

from django.core.management import get_commands, load_command_class

APPROVAL_WORDS = re.compile(r"approv|checker|second|confirm|sign-?off|authori[sz]", re.IGNORECASE)


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_parsers(sub))
    return found


def test_no_command_takes_an_approver() -> None:
    ours = {name: app for name, app in get_commands().items() if app.startswith("adaldyq")}
    assert {"fund", "register", "cooperation", "risks"} <= set(ours)
    offending = []
    for name, app in ours.items():
        for parser in _parsers(load_command_class(app, name).create_parser("adaldyq", name)):
            for action in parser._actions:
                visible = action.help != argparse.SUPPRESS
                if visible and any(APPROVAL_WORDS.search(option) for option in action.option_strings):
                    offending.append(f"adaldyq {parser.prog.split(' ', 1)[-1]} {'/'.join(action.option_strings)}")
    assert offending == []
