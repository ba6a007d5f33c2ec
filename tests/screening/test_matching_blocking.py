"""Candidate retrieval and the screening index, on spellings as real lists write them and a small
list of synthetic persons."""

from adaldyq.screening.matching import person_name
from adaldyq.screening.matching.blocking import are_candidates
from adaldyq.screening.matching.bulk import Person, ScreeningIndex, screen_bulk

LIST = [
    Person("mukayev", "Мұқаев Қасен-Жомарт Қуанышұлы", iin="850715300013"),
    Person("mukayev-father", "Мұқаев Қуаныш"),
    Person("gabdullin-n", "Габдуллин Нурлан Зайруллаевич"),
    Person("gabdullin-e", "Габдуллин Ерлан Зайруллаевич"),
    Person("abdikerov", "Әбдікеров Нұрлан Мәжитұлы"),
    Person("omarov-s", "ОМАРОВ Сапархан Түсіпбайұлы"),
    Person("omarov-sh", "Омаров, Шакир Омарович"),
    Person("bizhanova", "БИЖАНОВА Гүлшат Қадіржанқызы"),
    Person("khamenova-init", "Хаменова Б. К."),
]


def finds_mukayev(query: str) -> bool:
    return are_candidates(person_name(query), person_name(LIST[0].name))


def test_variants_are_candidates() -> None:
    for query in (
        "MUKAYEV Kassen-Jomart",
        "Мукаев К.-Ж. К.",
        "Kuanyshevich Mukayev Kassen Jomart",
        "Mukaev Kasen-Jomart",  # one consonant dropped: Kassen -> Kasen
        "Мукаев Касен-Жамарт",  # vowel typo
    ):
        assert finds_mukayev(query), query


def test_namesake_sharing_one_pair_of_three_words_is_not_a_candidate() -> None:
    # Same surname and patronymic, another given name: only one pair of words agrees.
    assert not are_candidates(
        person_name("Габдуллин Болат Зайруллаевич"), person_name("Габдуллин Нурлан Зайруллаевич")
    )


def test_index_search_finds_and_explains() -> None:
    index = ScreeningIndex(LIST)
    hits = index.search(Person("q1", "GABDULLIN Nurlan Zayrullaevich"))
    assert [h.entry_id for h in hits if h.band == "match"] == ["gabdullin-n"]
    assert hits[0].result is not None and hits[0].result.features


def test_index_search_with_initials_query_and_entry() -> None:
    index = ScreeningIndex(LIST)
    assert [h.entry_id for h in index.search(Person("q", "Мұқаев Қ.-Ж."))][:1] == ["mukayev"]
    found = index.search(Person("q", "ХАМЕНОВА Баянгүл Қайржанқызы"))
    assert [h.entry_id for h in found] == ["khamenova-init"]


def test_iin_finds_an_entry_whatever_the_name() -> None:
    index = ScreeningIndex(LIST)
    hits = index.search(Person("q", "Совсем Другое Имя", iin="850715300013"))
    assert [(h.entry_id, h.score) for h in hits] == [("mukayev", 1.0)]


def test_one_word_query() -> None:
    index = ScreeningIndex(LIST)
    hits = index.search(Person("q", "Omarov"))
    assert {h.entry_id for h in hits} == {"omarov-s", "omarov-sh"}
    assert all(h.band == "review" for h in hits)  # one word is at most a possible match


def test_bulk_over_two_processes_equals_one_process() -> None:
    index = ScreeningIndex(LIST)
    queries = [
        Person("q1", "MUKAYEV Kassen-Jomart"),
        Person("q2", "Nurlan Abdikerov"),
        Person("q3", "Bizhanova Gulshat"),
        Person("q4", "Иванов Иван"),
    ]

    def run(workers: int) -> set[tuple[str, str, float]]:
        hits = screen_bulk(index, queries, workers=workers, chunk_size=1)
        return {(h.query_id, h.entry_id, round(h.score, 6)) for h in hits}

    single = run(1)
    assert single == run(2)
    assert {(q, e) for q, e, _ in single} >= {
        ("q1", "mukayev"),
        ("q2", "abdikerov"),
        ("q3", "bizhanova"),
    }


def test_hopeless_shortcut_only_skips_pairs_below_the_review_band() -> None:
    from adaldyq.screening.matching import REVIEW_THRESHOLD, score_parsed
    from adaldyq.screening.matching.person import hopeless

    names = [entry.name for entry in LIST] + [
        "MUKAYEV Kassen-Jomart",
        "Мукаев К.-Ж. К.",
        "Nurlan Gabdullin",
        "Омаров Шакир",
        "Бижанов Асхат Хусаинович",
    ]
    parsed = [person_name(n) for n in names]
    skipped = 0
    for a in parsed:
        for b in parsed:
            if hopeless(a, b):
                skipped += 1
                assert score_parsed(a, b, explain=False).score < REVIEW_THRESHOLD
    assert skipped > len(parsed)  # it does skip most unrelated pairs
    assert not hopeless(person_name("Мукаев К.-Ж. К."), person_name(LIST[0].name))
