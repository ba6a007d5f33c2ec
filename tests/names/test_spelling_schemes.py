"""Foreign Latin spelling schemes: the key's new fixed rewrites and the words' readings.

One synthetic example per pattern; each pattern is stated in
``adaldyq.names.spelling_schemes`` and ``transliteration_tables``.
"""

from __future__ import annotations

import pytest

from adaldyq.names import token_key
from adaldyq.names.parse import describe_token, parse_name
from adaldyq.names.spelling_schemes import foreign_readings
from adaldyq.names.transliterate import loose_key


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Dschanibek", "Джанибек"),  # German dsch is Дж
        ("Zjanat", "Жанат"),  # Dutch zj is Ж
        ("Czingis", "Чингис"),  # Polish cz is Ч
        ("Żanat", "Жанат"),  # Polish ż is Ж
        ("Szczerbakow", "Щербаков"),  # Polish szcz is Щ
    ],
)
def test_spellings_that_mean_one_letter_in_every_scheme_share_the_key(latin: str, cyrillic: str) -> None:
    assert token_key(latin) == token_key(cyrillic)


@pytest.mark.parametrize(
    ("latin", "scheme", "reading"),
    [
        ("alexandr", "English x", "aleksandr"),  # x is КС in English press
        ("jerlan", "German/Dutch/Polish/Czech", "yerlan"),  # j is Й
        ("chassen", "German/Dutch/Polish/Czech", "khassen"),  # ch is Х
        ("jewgenij", "German/Dutch/Polish/Czech", "yevgeniy"),  # w is В
        ("kuznecov", "German/Dutch/Polish/Czech", "kuznetsov"),  # Polish/Czech c is Ц
        ("szamil", "German/Dutch/Polish/Czech", "shamil"),  # Polish sz is Ш
        ("kuzniecowa", "German/Dutch/Polish/Czech", "kuznetsova"),  # Polish ie is Е
        ("schanat", "German", "zhanat"),  # German sch for Ж
        ("nasarbajew", "German", "nazarbayev"),  # German s between vowels is З
        ("canat", "Turkic c, x", "zhanat"),  # Turkish-style c is Ж
        ("xeyrulla", "Turkic c, x", "kheyrulla"),  # Turkic x is Х
        ("sharipovs", "Baltic", "sharipov"),  # Latvian nominative -s
        ("sharipovas", "Baltic", "sharipov"),  # Lithuanian nominative -as
    ],
)
def test_a_latin_word_is_also_read_as_each_scheme_would_mean_it(latin: str, scheme: str, reading: str) -> None:
    assert (scheme, reading) in foreign_readings(latin)


def test_words_without_ambiguous_letters_cyrillic_words_and_short_words_have_no_readings() -> None:
    assert foreign_readings("nurlan") == ()
    assert foreign_readings("jan") == ()  # too short to respell safely
    assert describe_token("Чингис", False).readings == ()
    assert describe_token("Jerlan", False).readings  # the Latin word has them


def test_a_reading_is_a_whole_token_with_its_own_ending_analysis() -> None:
    (scheme, reading), *_ = describe_token("Kekilbajuly", False).readings
    assert scheme == "German/Dutch/Polish/Czech"
    assert reading.patronymic == "M" and reading.key == describe_token("Кекілбайұлы", False).key


def test_parts_of_a_hyphenated_word_carry_the_key_of_the_whole() -> None:
    nur, sultan, surname = parse_name("Нұр-Сұлтан Әбенов")
    assert nur.joined == sultan.joined == token_key("Нурсултан")
    assert surname.joined == ""


def test_the_loose_key_keeps_zh_between_vowels() -> None:
    # Russian Мухамеджан spells д+ж as Дж; that Ж must not become Й in the loose key.
    assert loose_key(token_key("Мухамеджан")).endswith("jan")
