"""Company-name matching for suppliers: legal forms and quotes ignored, BIN decisive."""

import pytest

from adaldyq.screening.matching import MATCH_THRESHOLD
from adaldyq.screening.matching.company import company_name, score_company

# 8*1+5*2+0*3+7*4+1*5+5*6+3*7+0*8+0*9+0*10+1*11 = 113 -> check digit 3 (valid BIN/IIN).
BIN_A = "850715300013"
BIN_B = "900101400404"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ТОО «Астана Строй»", "Astana Stroy LLP"),
        ("«Астана Строй» ЖШС", 'Товарищество с ограниченной ответственностью "Астана-Строй"'),
        ("АО «Казмунайгаз»", "Каз Мунай Газ"),
        ("АО «Қазақстан темір жолы»", 'JSC "Kazakhstan Temir Zholy"'),
        ("Ақ Жол ЖШС", "ТОО Ак Жол"),
    ],
)
def test_same_company_across_legal_forms_scripts_and_quotes(a: str, b: str) -> None:
    assert score_company(a, b).score >= MATCH_THRESHOLD


def test_different_companies_with_the_same_legal_form() -> None:
    assert score_company("ТОО Алматы Строй", "ТОО Астана Строй").score < MATCH_THRESHOLD
    assert score_company("ТОО", "ТОО Астана Строй").score == 0.0


def test_legal_form_words_are_reported_as_ignored() -> None:
    parsed = company_name("Товарищество с ограниченной ответственностью «Астана Строй» LLP")
    assert parsed.keys == ("astana", "strui")
    assert "llp" in parsed.dropped
    result = score_company("ТОО «Астана Строй»", "Astana Stroy LLP")
    assert any(f.name == "legal_form" for f in result.features)


def test_bin_is_decisive_both_ways() -> None:
    same = score_company("Foo LLP", "Совсем другое название", bin_a=BIN_A, bin_b=BIN_A)
    other = score_company("ТОО Астана Строй", "ТОО Астана Строй", bin_a=BIN_A, bin_b=BIN_B)
    assert same.score == 1.0 and same.features[0].name == "bin"
    assert other.score == 0.0


def test_invalid_bin_falls_back_to_the_name() -> None:
    result = score_company("ТОО Астана Строй", "Astana Stroy", bin_a="123", bin_b=BIN_A)
    assert result.score == 1.0
    assert result.features[0].name == "company_name"


def test_has_legal_form_agrees_with_the_parsed_name() -> None:
    """`guess_schema` reads 100,000-row files with `has_legal_form`; it must say exactly
    what `company_name(...).dropped` says, on persons and on every legal form."""
    from adaldyq.names.legal_forms import LEGAL_FORM_PHRASES, LEGAL_FORM_WORDS
    from adaldyq.screening.matching.company import has_legal_form

    persons = ["Омаров Ерлан Болатович", "MUKAYEV Kassen-Jomart", "Ли Оразбол", "Мұқаева Нұржібек Ерлановна",
               "Too Many Names", "Аоов Ао"]
    forms = sorted(LEGAL_FORM_WORDS | set(LEGAL_FORM_PHRASES))
    names = persons + [f"{form} «Астана Строй»" for form in forms] + [f"Астана-{form.upper()}" for form in forms]
    names += [f"Астана{form}" for form in forms]  # glued: not a separate word
    verdicts = {name: has_legal_form(name) for name in names}
    assert verdicts == {name: bool(company_name(name).dropped) for name in names}
    assert not any(verdicts[name] for name in persons[:4]) and verdicts[f"{forms[0]} «Астана Строй»"]
