"""Recall on spellings from other schemes and habits (issue 12): one synthetic name per
general pattern matches its Cyrillic form and is found by blocking both ways; the
readings never turn a namesake or another given name into a match."""

from __future__ import annotations

import pytest

from adaldyq.screening.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD, person_name, score_person
from adaldyq.screening.matching.blocking import are_candidates


@pytest.mark.parametrize(
    ("written", "cyrillic"),
    [
        ("Alexandr Nurlanov", "Александр Нурланов"),  # English press x for кс
        ("Jerlan Kassymow", "Ерлан Касымов"),  # German j for й, -ow
        ("Bolat Bajmuchanow", "Болат Баймұханов"),  # German j for й and ch for х
        ("Jewgenij Kowaljow", "Евгений Ковалёв"),  # German w for в everywhere
        ("Schanat Bekow", "Жанат Беков"),  # German sch for ж
        ("Dschanibek Nurow", "Джанибек Нуров"),  # German dsch for дж
        ("Nurlan Kasarbajew", "Нурлан Казарбаев"),  # German s for з between vowels
        ("Julija Schewtschenko", "Юлия Шевченко"),  # German sch, tsch, w
        ("Zjanat Bekov", "Жанат Беков"),  # Dutch zj
        ("Szamil Bekow", "Шамиль Беков"),  # Polish sz
        ("Czingis Alijew", "Чингис Алиев"),  # Polish cz, j
        ("Żanat Bekow", "Жанат Беков"),  # Polish ż
        ("Wiera Kuzniecowa", "Вера Кузнецова"),  # Polish w, ie, c
        ("Aleksej Kuznecov", "Алексей Кузнецов"),  # Czech j, c
        ("Julija Ševčenko", "Юлия Шевченко"),  # Czech š, č
        ("Žanats Šaripovs", "Жанат Шарипов"),  # Latvian -s
        ("Žanatas Šaripovas", "Жанат Шарипов"),  # Lithuanian -as
        ("Canat Bekov", "Жанат Беков"),  # Turkish-style c for ж
        ("Nurxan Bekov", "Нұрхан Беков"),  # Kazakh Latin x for х
        ("Şamil Çingizov", "Шамиль Чингизов"),  # Kazakh Latin ş, ç
        ("Нұр-Сұлтан Әбенов", "Нурсултан Абенов"),  # hyphenated name written as one
        ("Bekov Askhat", "Bekov Askaht"),  # a typo inside the digraph kh
        ("Беков Асхат Мұхаметжанұлы", "Беков Асхат Мухамеджанович"),  # Russian д+ж as дж
    ],
)
def test_a_spelling_in_another_scheme_matches_and_is_a_candidate(written: str, cyrillic: str) -> None:
    assert score_person(written, cyrillic).score >= MATCH_THRESHOLD, score_person(written, cyrillic).explain()
    a, b = person_name(written), person_name(cyrillic)
    assert are_candidates(a, b) and are_candidates(b, a)


def test_the_explanation_names_the_scheme() -> None:
    assert "when read as German spelling" in score_person("Schanat Bekow", "Жанат Беков").explain()


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Schanat Bekow Serikowitsch", "Жанат Беков Болатович"),  # namesake, other patronymic
        ("Jerlan Bekow", "Нурлан Беков"),  # another given name
        ("Alexandr Nurlanov", "Алексей Нурланов"),  # another given name
    ],
)
def test_readings_do_not_make_another_person_a_match(written: str, other: str) -> None:
    assert score_person(written, other).score < MATCH_THRESHOLD


def test_a_hyphen_part_alone_is_not_the_whole_word() -> None:
    assert score_person("Нұр Әбенов", "Нурсултан Абенов").score < REVIEW_THRESHOLD
