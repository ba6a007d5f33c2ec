"""The key contract the public register relies on: one key per spelling family."""

import pytest

from adaldyq.names import QueryKey, name_keys, normalize, query_keys, token_key


@pytest.mark.parametrize("spelling", ["Мұқаев", "Мукаев", "MUKAYEV", "Mukayev", "Mūqaev"])
def test_surname_spellings_share_one_key(spelling: str) -> None:
    assert token_key(spelling) == token_key("Мукаев")


@pytest.mark.parametrize(
    "patronymic", ["Қуанышұлы", "Куанышевич", "Kuanyshuly", "Kuanyshevich", "Куанышулы", "Kuanyshulı"]
)
def test_patronymic_forms_reduce_to_father_stem(patronymic: str) -> None:
    assert name_keys(patronymic) == name_keys("Қуанышұлы")
    assert name_keys(patronymic) == [token_key("Қуаныш")]


@pytest.mark.parametrize(
    ("kazakh", "russian"),
    [
        ("Туғанбайқызы", "Туганбаевна"),  # -ай + -евна
        ("Зайроллаұлы", "Зайруллаевич"),
        ("Истайбекқызы", "Истайбековна"),  # stem ends in the suffix's first letter
        ("Сүлейменұлы", "Сулейменович"),  # stem ends in -ин-like letters
        ("Бердалиұлы", "Бердалиевич"),
        ("Нұрсұлтанқызы", "Нурсултановна"),
        ("Kanayuly", "Канаевич"),
    ],
)
def test_kazakh_and_russian_patronymics_of_one_father_agree(kazakh: str, russian: str) -> None:
    assert name_keys(kazakh) == name_keys(russian)


def test_patronymic_written_as_separate_word() -> None:
    assert name_keys("Қуаныш ұлы") == name_keys("Қуанышұлы")
    assert name_keys("Kuanysh uly") == name_keys("Қуанышұлы")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Нығматулин", "Nığmatwlïn"),  # older Kazakh Latin
        ("Тұрлыханов", "Turlıxanov"),
        ("Дәулет", "Däwlet"),
        ("Тимощенко", "TIMOCHSHENKO"),
        ("Джакупов", "JAKUPOV"),
        ("Нургисаев", "Noergisaev"),  # Dutch press
        ("Ұзақбай", "Ouzakbaï"),  # French press
        ("Ашим", "Äschim"),  # German press
        ("Үмбетов", "Ümbetow"),
        ("Соловьёва", "SOLOVYOVA"),
        ("Герольд", "Gerolʹd"),  # scholarly soft sign
        ("Казанцев", "Kazancev"),  # GOST c for Ц
        ("Кесебаева", "KESSEBAYEVA"),  # doubled consonant
        ("Ерғалиев", "YERGALIYEV"),
    ],
)
def test_cyrillic_and_latin_schemes_agree(a: str, b: str) -> None:
    assert token_key(a) == token_key(b)


def test_mixed_script_typing_error() -> None:
    # A Latin "a" and "p" typed inside a Cyrillic word.
    assert token_key("Сaпархан") == token_key("Сапархан")
    assert token_key("Сапаpхан") == token_key("Сапархан")


def test_case_hyphens_and_apostrophes_do_not_matter() -> None:
    assert name_keys("МУКАЕВ Қасен-Жомарт") == name_keys("мукаев қасен-жомарт")
    assert token_key("O'Brien") == token_key("OBrien")


def test_hyphenated_word_gives_parts_and_joined_key() -> None:
    keys = name_keys("Мұқаев Қасен-Жомарт Қуанышұлы")
    assert keys == ["mukaiv", "kasin", "jumart", "kasinjumart", "kuanix"]
    assert token_key("Касенжомарт") in keys


def test_order_does_not_change_the_key_set() -> None:
    assert set(name_keys("Мұқаев Қасен Қуанышұлы")) == set(name_keys("Kassen Kuanyshevich Mukayev"))


def test_query_initials_are_marked_and_compatible() -> None:
    entry = name_keys("Мұқаев Қасен-Жомарт Қуанышұлы")
    query = query_keys("Мукаев К.-Ж. К.")
    assert query == [
        QueryKey("mukaiv", False),
        QueryKey("k", True),
        QueryKey("j", True),
        QueryKey("k", True),
    ]
    assert all(q.matches(entry) for q in query)
    assert not all(q.matches(entry) for q in query_keys("Мукаев А."))


def test_latin_initials_and_glued_initials() -> None:
    assert query_keys("Mukayev K.") == [QueryKey("mukaiv", False), QueryKey("k", True)]
    assert [q.key for q in query_keys("Б.А.Турлыбаев")] == ["b", "a", token_key("Турлыбаев")]
    assert query_keys("Zh. Mukayev")[0] == QueryKey("j", True)


def test_keys_are_short_ascii() -> None:
    for key in name_keys("Әбдіқадыр Елікбайұлы Бектұрғанов ЖУМАДИЛЬДАЕВА"):
        assert key.isascii() and key.isalpha() and key == key.lower()


def test_normalize_cleans_case_punctuation_and_spaces() -> None:
    assert normalize("  МУКАЕВ,  Қасен–Жомарт  К. «Қуанышұлы» ") == "мукаев қасен-жомарт к қуанышұлы"
