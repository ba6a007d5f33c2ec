"""The key contract the public register relies on: one key per spelling family."""

import pytest

from adaldyq.names import QueryKey, name_keys, normalize, query_keys, token_key


@pytest.mark.parametrize("spelling", ["Тоқаев", "Токаев", "TOKAYEV", "Tokayev", "Toqaev"])
def test_surname_spellings_share_one_key(spelling: str) -> None:
    assert token_key(spelling) == token_key("Токаев")


@pytest.mark.parametrize(
    "patronymic", ["Кемелұлы", "Кемелевич", "Kemeluly", "Kemelevich", "Кемелулы", "Kemelulı"]
)
def test_patronymic_forms_reduce_to_father_stem(patronymic: str) -> None:
    assert name_keys(patronymic) == name_keys("Кемелұлы")
    assert name_keys(patronymic) == [token_key("Кемел")]


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
    assert name_keys("Кемел ұлы") == name_keys("Кемелұлы")
    assert name_keys("Kemel uly") == name_keys("Кемелұлы")


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
    assert name_keys("ТОКАЕВ Қасым-Жомарт") == name_keys("токаев қасым-жомарт")
    assert token_key("O'Brien") == token_key("OBrien")


def test_hyphenated_word_gives_parts_and_joined_key() -> None:
    keys = name_keys("Тоқаев Қасым-Жомарт Кемелұлы")
    assert keys == ["tukaiv", "kasim", "jumart", "kasimjumart", "kimil"]
    assert token_key("Касымжомарт") in keys


def test_order_does_not_change_the_key_set() -> None:
    assert set(name_keys("Тоқаев Қасым Кемелұлы")) == set(name_keys("Kassym Kemelevich Tokayev"))


def test_query_initials_are_marked_and_compatible() -> None:
    entry = name_keys("Тоқаев Қасым-Жомарт Кемелұлы")
    query = query_keys("Токаев К.-Ж. К.")
    assert query == [
        QueryKey("tukaiv", False),
        QueryKey("k", True),
        QueryKey("j", True),
        QueryKey("k", True),
    ]
    assert all(q.matches(entry) for q in query)
    assert not all(q.matches(entry) for q in query_keys("Токаев А."))


def test_latin_initials_and_glued_initials() -> None:
    assert query_keys("Tokayev K.") == [QueryKey("tukaiv", False), QueryKey("k", True)]
    assert [q.key for q in query_keys("Н.А.Назарбаев")] == ["n", "a", token_key("Назарбаев")]
    assert query_keys("Zh. Tokayev")[0] == QueryKey("j", True)


def test_keys_are_short_ascii() -> None:
    for key in name_keys("Әбдіманап Елікбайұлы Бектұрғанов ЖУМАДИЛЬДАЕВА"):
        assert key.isascii() and key.isalpha() and key == key.lower()


def test_normalize_cleans_case_punctuation_and_spaces() -> None:
    assert normalize("  ТОКАЕВ,  Қасым–Жомарт  К. «Кемелұлы» ") == "токаев қасым-жомарт к кемелұлы"
