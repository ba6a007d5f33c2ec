"""The one formatting layer: numbers, money, shares and dates as each language writes
them, and rule messages said in the reader's language with their figures formatted."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from adaldyq.core import formatting
from adaldyq.core.refusals import Label, Money, Refusal, gettext_noop
from adaldyq.recovery.exceptions import InsufficientBalance
from adaldyq.recovery.ledger import plan_allocation

NBSP = "\xa0"


@pytest.mark.parametrize(("lang", "money", "count", "share"), [
    ("kk", f"1{NBSP}312{NBSP}502,62", f"2{NBSP}116", "18,8%"),
    ("ru", f"1{NBSP}312{NBSP}502,62", f"2{NBSP}116", f"18,8{NBSP}%"),
    ("en", "1,312,502.62", "2,116", "18.8%"),
])
def test_numbers_as_each_language_writes_them(lang: str, money: str, count: str, share: str) -> None:
    assert formatting.money(Decimal("1312502.62"), lang) == money
    assert formatting.number(2116, lang=lang) == count
    assert formatting.percent(Decimal("0.188"), lang=lang) == share


def test_money_keeps_every_tiyn_and_never_rounds_away() -> None:
    assert formatting.money(Decimal("95727672172.02"), "ru") == f"95{NBSP}727{NBSP}672{NBSP}172,02"
    assert formatting.money(240_000_000, "en") == "240,000,000.00"
    assert formatting.billions(Decimal("95727672172.02"), "ru") == "95,73"


@pytest.mark.parametrize("value", [1.23703e7, 12370300.0, Decimal("1.23703E+7"), "12370300"])
def test_never_scientific_notation(value: object) -> None:
    assert formatting.number(value, lang="ru") == f"12{NBSP}370{NBSP}300"
    assert formatting.number(value, lang="en") == "12,370,300"
    assert "e" not in formatting.number(1e21, lang="en").lower()


def test_missing_and_broken_values_show_a_dash() -> None:
    assert formatting.money(None) == formatting.number("abc") == formatting.day(None) == "—"
    assert formatting.number(float("nan")) == formatting.percent(None) == "—"


def test_dates_for_running_text_never_end_in_a_double_dot() -> None:
    day = dt.date(2026, 11, 30)
    assert formatting.day(day, "ru") == "30 ноября 2026"
    assert formatting.day(day, "kk") == "2026 ж. 30 қараша"
    assert formatting.day(day, "en") == "30 November 2026"
    with translation.override("ru"):
        sentence = Template("{% load i18n %}С {{ a|day }} по {{ b|day }}.").render(
            Context({"a": dt.date(2026, 1, 1), "b": day}))
    assert sentence == "С 1 января 2026 по 30 ноября 2026." and "г.." not in sentence


def test_moments_are_shown_in_almaty_time() -> None:
    utc = dt.datetime(2026, 11, 30, 20, 5, tzinfo=dt.UTC)
    assert formatting.moment(utc, "ru") == "1 декабря 2026, 01:05"
    assert formatting.moment(utc.isoformat(), "en") == "1 December 2026, 01:05"


def test_template_filters_follow_the_active_language() -> None:
    template = Template("{{ a|money }} | {{ n|number }} | {{ s|number:2 }} | {{ p|percent }}")
    context = Context({"a": Decimal("1312502.62"), "n": 2116, "s": 0.8765, "p": 0.5})
    with translation.override("ru"):
        assert template.render(context) == f"1{NBSP}312{NBSP}502,62 | 2{NBSP}116 | 0,88 | 50,0{NBSP}%"
    with translation.override("en"):
        assert template.render(context) == "1,312,502.62 | 2,116 | 0.88 | 50.0%"


def test_djangos_own_formats_agree() -> None:
    """The admin and form widgets format through Django's formats: the same marks."""
    with translation.override("kk"):
        assert formats.localize(Decimal("1234.5")) == "1234,5"
        assert formats.get_format("THOUSAND_SEPARATOR") == NBSP
    with translation.override("ru"):
        assert formats.date_format(dt.date(2026, 11, 30)) == "30 ноября 2026"


def test_a_rule_message_in_the_readers_language() -> None:
    with pytest.raises(InsufficientBalance) as caught:
        plan_allocation(Decimal("900000000"), [], Decimal("800000000.00"))
    error = caught.value
    assert str(error) == ("allocation of 900,000,000.00 KZT exceeds the fund's unallocated balance of 0.00 KZT")
    with translation.override("ru"):
        assert formatting.message(error) == (
            f"Выделение 900{NBSP}000{NBSP}000,00 тенге превышает нераспределённый остаток фонда 0,00 тенге")
    with translation.override("kk"):
        assert formatting.message(error).startswith(f"900{NBSP}000{NBSP}000,00 теңге бөлу")
    with translation.override("en"):
        assert formatting.message(error) == str(error)


def test_labels_in_messages_are_translated_with_their_context() -> None:
    error = Refusal(gettext_noop("A request that is “%(current)s” cannot become “%(target)s”."),
                    current=Label("In progress", "request status"), target=Label("Draft", "request status"))
    with translation.override("ru"):
        assert formatting.message(error) == "Запрос в статусе «В работе» не может перейти в статус «Черновик»."
    plain = Refusal(gettext_noop("%(text)s: at most two decimal places"), text="'1.001'")
    with translation.override("kk"):
        assert formatting.message(plain) == "'1.001': үтірден кейін екі таңбадан артық емес"
    assert formatting.message(ValueError("as it is")) == "as it is"
    assert Money("5") == Decimal("5.00")


def test_rule_modules_stay_free_of_django() -> None:
    code = ("import sys; import adaldyq.recovery.ledger, adaldyq.recovery.lifecycle, adaldyq.recovery.money, "
            "adaldyq.risks.workflow, adaldyq.cooperation.workflow, adaldyq.core.languages, "
            "adaldyq.register.feed; assert 'django' not in sys.modules, sorted(sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
