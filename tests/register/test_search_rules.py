"""Public search as a citizen types: a beginning of a name, one typo, initials, and a
query too short to search. Through the real import command and the public API/page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

from adaldyq.register import search_index, search_keys
from tests.register.conftest import FeedFile, person_row

ABILOV_ARMAN = "Абилов Арман Серикович"
ABILOV_ASKHAT = "Абилов Асхат Маратович"
ABILOV_BOLAT = "Абилов Болат Аскарович"
ABILOVA = "Абилова Айгуль Бакытовна"
ABDULOV = "Абдулов Арман Канатович"


@pytest.fixture
def abilovs(db: Any, feed_file: FeedFile) -> None:
    people = [
        ("Абилов", "Болат", "Аскарович", "Әбілов Болат Асқарұлы", "ABILOV Bolat"),
        ("Абилов", "Асхат", "Маратович", "Әбілов Асхат Маратұлы", "ABILOV Askhat"),
        ("Абилов", "Арман", "Серикович", "Әбілов Арман Серікұлы", "ABILOV Arman"),
        ("Абилова", "Айгуль", "Бакытовна", "Әбілова Айгүл Бақытқызы", "ABILOVA Aigul"),
        ("Абдулов", "Арман", "Канатович", "Әбдулов Арман Қанатұлы", "ABDULOV Arman"),
    ]
    rows = [person_row(f"S-{n}", surname, given, patronymic, serial=40 + n, name_kk=kk, name_latin=latin)
            for n, (surname, given, patronymic, kk, latin) in enumerate(people)]
    call_command("register", "import", str(feed_file(rows)))


def _ranked(client: Client, q: str) -> list[str]:
    response = client.get("/api/v1/register", {"q": q})
    assert response.status_code == 200, response.content
    return [r["names"]["as_recorded"] for r in response.json()["results"]]


@pytest.mark.parametrize("query", ["Abil", "Әбіл", "абил", "ABILO"])
def test_a_beginning_finds_the_name(abilovs: None, client: Client, query: str) -> None:
    assert set(_ranked(client, query)) == {ABILOV_ARMAN, ABILOV_ASKHAT, ABILOV_BOLAT, ABILOVA}


def test_the_whole_word_ranks_before_a_longer_name_it_begins(abilovs: None, client: Client) -> None:
    assert _ranked(client, "Abilov")[-1] == ABILOVA
    assert _ranked(client, "Abilova")[0] == ABILOVA  # the men follow: one letter away


@pytest.mark.parametrize("query", ["Abilof", "Abjlov", "Abiolv", "Абилв", "Abilovv"])
def test_one_typo_is_tolerated_in_a_word_of_five_letters(abilovs: None, client: Client, query: str) -> None:
    assert {ABILOV_ARMAN, ABILOV_ASKHAT, ABILOV_BOLAT} <= set(_ranked(client, query))


def test_no_typo_in_short_words_and_never_two(abilovs: None, client: Client) -> None:
    assert _ranked(client, "Abjl") == []  # four letters: a beginning, but no typo allowed
    assert _ranked(client, "Abjlof") == []  # two typos


def test_exact_matches_rank_before_typos(abilovs: None, client: Client) -> None:
    # "Абдулов" is one edit from nothing here, "Abdulov Arman" exact: Abilov Arman is a typo of neither.
    assert _ranked(client, "Abdulov Arman") == [ABDULOV]
    assert _ranked(client, "Arman")[:2] == [ABDULOV, ABILOV_ARMAN]


def test_an_initial_is_compared_with_the_given_name_never_the_surname(abilovs: None, client: Client) -> None:
    ranked = _ranked(client, "Abilov A.")
    assert set(ranked[:2]) == {ABILOV_ARMAN, ABILOV_ASKHAT}
    assert ranked[2] == ABILOV_BOLAT  # his surname begins with A, his given name does not
    assert _ranked(client, "Abilov B.")[0] == ABILOV_BOLAT
    assert _ranked(client, "Б. Әбілов")[0] == ABILOV_BOLAT


def test_a_second_initial_is_compared_with_the_patronymic(abilovs: None, client: Client) -> None:
    assert _ranked(client, "Abilov A. S.")[:2] == [ABILOV_ARMAN, ABILOV_ASKHAT]
    assert _ranked(client, "Абилов А. М.")[:2] == [ABILOV_ASKHAT, ABILOV_ARMAN]


@pytest.mark.parametrize(("lang", "phrase"), [("en", "at least two letters"), ("ru", "хотя бы две буквы"),
                                              ("kk", "кемінде екі әрпін")])
def test_a_query_too_short_is_refused_with_a_message(abilovs: None, client: Client, lang: str, phrase: str) -> None:
    for q in ("A", "А.", "A. S."):
        api = client.get("/api/v1/register", {"q": q, "lang": lang})
        assert api.status_code == 400 and phrase in api.json()["detail"]
        page = client.get(f"/{lang}/register/", {"q": q})
        assert page.status_code == 200 and phrase in page.content.decode()
        assert "Абилов" not in page.content.decode()


def test_two_letter_names_are_found_exactly(db: Any, feed_file: FeedFile, client: Client) -> None:
    call_command("register", "import", str(feed_file([person_row("L-1", "Ли", "Сергей", "Викторович", serial=61)])))
    assert _ranked(client, "Ли") == ["Ли Сергей Викторович"]
    assert _ranked(client, "Ли С.") == ["Ли Сергей Викторович"]


def test_typo_rule_is_optimal_string_alignment_distance_one() -> None:
    assert search_keys.within_one_edit("abiluv", "abiluf")
    assert search_keys.within_one_edit("abiluv", "abilvu")
    assert search_keys.within_one_edit("abiluv", "abilu") and search_keys.within_one_edit("abilu", "abiluv")
    assert not search_keys.within_one_edit("abiluv", "abulif")
    assert not search_keys.within_one_edit("abcx", "abxy")  # a deletion variant in common, but two edits


def test_roles_come_from_the_structured_name_and_then_position() -> None:
    keys = search_keys.person_search_keys(surname="Турсунов", given_name="Серик", patronymic="Серикович",
                                          spellings=["Тұрсынов Серік Серікұлы", "TURSUNOV Serik"])
    assert ("tursinuv", search_keys.SURNAME) in keys  # the Kazakh spelling's own key, by position
    assert {("sirik", search_keys.GIVEN), ("sirik", search_keys.PATRONYMIC)} <= keys


@pytest.mark.postgres
def test_a_search_of_one_shape_repeats_the_same_statements(abilovs: None, client: Client) -> None:
    """psycopg prepares what a connection repeats (settings: prepare_threshold), so a
    search's statements keep their text whatever number of typo keys they carry: two
    one-word searches, one near a stored name and one near nothing, send the same."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes a list's values one by one")

    def statements(q: str) -> list[str]:
        sent: list[str] = []

        def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            if "namekey" in sql:
                sent.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            found = _ranked(client, q)
        assert bool(found) == (q == "Abilof"), found
        return sent

    near, nowhere = statements("Abilof"), statements("Qwerty")
    assert len(near) == 3 and near == nowhere  # typo keys, estimates, ranking


def test_word_counts_are_remembered_and_never_change_the_answer(abilovs: None, client: Client) -> None:
    """How common each word is only chooses the word that drives the ranking, so the
    process remembers it (`hints` cache): asked again, the search skips counting, and a
    wrong remembered count still gives the same answer."""
    def counted(q: str) -> tuple[list[str], int]:
        sent: list[str] = []

        def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            sent.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            found = _ranked(client, q)
        return found, sum("COUNT(*)" in sql for sql in sent)

    first, counts_first = counted("Abilov Arman")
    again, counts_again = counted("Abilov Arman")
    assert first == again and counts_first == 1 and counts_again == 0
    query = search_keys.read_query("Abilov Arman")
    keys = [search_index._estimate_key(word, near) for word, near in zip(query.words, search_index.typo_keys(query.words),
                                                                           strict=True)]
    cap = search_index.ESTIMATE_CAP
    for wrong in ([0, cap], [cap, 0], [cap, cap]):  # either word drives; both "common" takes the cached path
        caches["hints"].set_many(dict(zip(keys, wrong, strict=True)))
        assert _ranked(client, "Abilov Arman") == first, wrong
