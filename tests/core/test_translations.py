"""The translation catalogues: one meaning per word, compiled files up to date, every
rule message translated, and the words in messages the same as on the pages."""

from __future__ import annotations

import ast
import gettext
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "adaldyq"
CATALOGUES = sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po"))


def _entries(po: Path) -> dict[tuple[str | None, str], str]:
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    out = {}
    for message in catalogue:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else message.string[0]
        out[(message.context, msgid)] = msgstr
    return out


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_one_word_has_one_translation_across_parts(lang: str) -> None:
    """Django merges every part's catalogue: a msgid translated two ways in two parts
    shows one part's word on the other's pages ("Title" became «Заголовок» on the
    procurement pages). Different meanings need a context (pgettext)."""
    seen: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for po in CATALOGUES:
        if po.parts[-3] == lang:
            for key, msgstr in _entries(po).items():
                if msgstr:
                    seen[key][po.relative_to(SRC).parts[0]] = msgstr
    clashes = {key: parts for key, parts in seen.items() if len(set(parts.values())) > 1}
    assert not clashes, f"give these a context or one translation: {clashes}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_catalogue_matches_its_source(po: Path) -> None:
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for (context, msgid), msgstr in _entries(po).items():
        if msgstr:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert got == msgstr, f"{po}: recompile with msgfmt ({msgid!r})"


def _marked_messages() -> set[str]:
    """Every message a pure rule module marks with gettext_noop."""
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "gettext_noop"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_rule_message_is_translated(lang: str) -> None:
    messages = _marked_messages()
    assert len(messages) > 30
    translated = {msgid for po in CATALOGUES if po.parts[-3] == lang
                  for (context, msgid), msgstr in _entries(po).items() if msgstr and context is None}
    assert not sorted(messages - translated)


def test_words_in_rule_messages_are_the_words_on_the_pages() -> None:
    """Rules name statuses and actions in English for their messages; the same words
    (and contexts) label the pages, so one translation serves both."""
    from adaldyq.cooperation import workflow as coop_workflow
    from adaldyq.cooperation.models import Kind, Status
    from adaldyq.recovery import lifecycle
    from adaldyq.recovery.forms import ACTION_LABELS as RECOVERY_ACTIONS
    from adaldyq.recovery.models import AssetStatus
    from adaldyq.risks import workflow as risks_workflow
    from adaldyq.risks.forms import ACTION_LABELS as RISK_ACTIONS
    from adaldyq.risks.models import STATUS_LABELS

    with translation.override(None):
        assert {s.value: str(s.label) for s in AssetStatus} == lifecycle.STATUS_NAMES
        assert {k: str(v) for k, v in RECOVERY_ACTIONS.items()} == lifecycle.ACTION_NAMES
        assert {k: str(v) for k, v in STATUS_LABELS.items()} == risks_workflow.STATUS_NAMES
        assert {k: str(v) for k, v in RISK_ACTIONS.items()} == risks_workflow.ACTION_NAMES
        assert {s.value: str(s.label) for s in Status} == coop_workflow.STATUS_LABELS
        assert {k.value: str(k.label) for k in Kind} == coop_workflow.KIND_LABELS
    with translation.override("ru"):
        assert str(STATUS_LABELS[risks_workflow.Status.IN_PROGRESS]) == "Исполняется"
        assert str(Status.IN_PROGRESS.label) == "В работе"
