"""Properties that hold for any input: bounded, symmetric, deterministic, ASCII keys."""

from hypothesis import given, settings
from hypothesis import strategies as st

from adaldyq.names import name_keys, query_keys
from adaldyq.screening.matching import score_person
from adaldyq.screening.matching.company import score_company

# Letters from the alphabets we handle, plus the punctuation names carry.
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіabcdefghijklmnopqrstuvwxyzäöüıçşğñ"
name_text = st.text(alphabet=LETTERS + LETTERS.upper() + " .,-'", max_size=40)


@settings(max_examples=300, deadline=None)
@given(name_text, name_text)
def test_person_score_is_bounded_and_symmetric(a: str, b: str) -> None:
    ab = score_person(a, b).score
    assert 0.0 <= ab <= 1.0
    assert abs(ab - score_person(b, a).score) < 1e-9


@settings(max_examples=200, deadline=None)
@given(name_text)
def test_a_name_matches_itself_when_it_has_a_full_word(a: str) -> None:
    result = score_person(a, a)
    if any(len(k) > 1 for k in name_keys(a)):
        assert result.score >= 0.9, result.explain()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_keys_are_short_lowercase_ascii_for_any_text(text: str) -> None:
    for key in name_keys(text):
        assert key.isascii() and key == key.lower() and " " not in key
    for q in query_keys(text):
        assert q.key.isascii()
        assert not q.initial or len(q.key) == 1


@settings(max_examples=200, deadline=None)
@given(name_text, name_text)
def test_company_score_is_bounded_and_symmetric(a: str, b: str) -> None:
    ab = score_company(a, b).score
    assert 0.0 <= ab <= 1.0
    assert abs(ab - score_company(b, a).score) < 1e-9
