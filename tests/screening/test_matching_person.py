"""Person-name matching: every kind of variation the issue lists, in the spellings real lists and
publishers use; the persons are synthetic."""

from datetime import date

import pytest

from adaldyq.screening.matching import (
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    score_person,
)

MUKAYEV_KK = "Мұқаев Қасен-Жомарт Қуанышұлы"
# IINs with hand-checked check digits (see tests/names/test_iin.py for the method).
MALE_1985 = "850715300013"  # 1985-07-15, male
FEMALE_1990 = "900101400404"  # 1990-01-01, female


def matches(a: str, b: str) -> bool:
    return score_person(a, b).score >= MATCH_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (MUKAYEV_KK, "Мукаев Касен-Жомарт Куанышевич"),  # Kazakh <-> Russian Cyrillic
        ("Әбдікеров Нұрлан Мәжитұлы", "Абдикеров Нурлан Мажитович"),
        ("Жақыпов Қайролла Қабенұлы", "Джакупов Кайрулла Кабенович"),  # Ж/Дж, ы/у
        ("Тілеухан Жандос Қанайұлы", "Тлеухан Жандос Канаевич"),  # dropped vowel
        ("ДҮЙСЕНБИНОВ Серік Әлімжанұлы", "ДЮСЕМБИНОВ Серик Алимжанович"),  # нб/мб
        ("ҚАЙНАЗАРОВ Уәлихан Анарбайұлы", "КАЙНАЗАРОВ Валихан Анарбайулы"),  # Уә/Ва
    ],
)
def test_kazakh_and_russian_cyrillic(a: str, b: str) -> None:
    assert matches(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Мукаев Касен-Жомарт Куанышевич", "MUKAYEV Kassen-Jomart Kuanyshevich"),  # passport
        (MUKAYEV_KK, "Mūqaev Qasen-Jomart Quanyşūly"),  # 2021 Kazakh Latin
        ("Нұрлан Зайроллаұлы Ғабдуллин", "Nurlan Zaýrollaulı Ğabdwllïn"),  # older kk Latin
        ("Фельдман Гельмут Карлович", "Gelʹmut Karlovič Felʹdman"),  # scholarly/GOST
        ("Нургисаев Берикбай Утепбаевич", "Berikbay Oetepbaevitsj Noergisaev"),  # Dutch press
        ("Тасманов Узакбай Тасманович", "Ouzakbaï Tasmanov"),  # French press
        ("Аимбетов Сеиткали Бекмуханович", "Sejitkali Äjimbetow"),  # German press
        ("Тимощенко Виктор Евгениевич", "TIMOCHSHENKO Viktor Yevgenyevych"),
    ],
)
def test_cyrillic_and_latin_schemes(a: str, b: str) -> None:
    assert matches(a, b)


@pytest.mark.parametrize(
    "patronymic",
    ["Қуанышұлы", "Куанышулы", "Kuanyshuly", "Куанышевич", "Kuanyshevich", "Қуаныш ұлы"],
)
def test_patronymic_forms_of_the_same_father(patronymic: str) -> None:
    assert score_person(f"Мұқаев Қасен-Жомарт {patronymic}", MUKAYEV_KK).score >= 0.9


def test_female_patronymic_forms() -> None:
    assert matches("Исимбаева Гүлназ Истайбекқызы", "ISIMBAYEVA Gulnaz Istaybekovna")
    assert matches("Қадырова Сәуле Жүсіпқызы", "Kadyrova Saule Zhussupovna")


def test_name_order_does_not_matter() -> None:
    assert matches("Ермұхан Өтеғұлұлы Бектұрғанов", "БЕКТУРГАНОВ Ермухан Утегулович")
    assert matches("Бурханов, Равиль Низамович", "Равиль Низамович Бурханов")


def test_missing_patronymic_is_neutral() -> None:
    result = score_person("Ғалия Нұрланқызы Тұрлыбаева", "Galiya Turlybayeva")
    assert result.score >= MATCH_THRESHOLD
    assert any(f.name == "patronymic" and f.effect == "neutral" for f in result.features)


def test_initials_compatible_and_incompatible() -> None:
    assert matches("Мукаев К.-Ж. К.", MUKAYEV_KK)
    assert not matches("Мукаев А.", MUKAYEV_KK)
    assert score_person("Мукаев А.", MUKAYEV_KK).score < REVIEW_THRESHOLD


def test_last_initial_stands_for_the_patronymic() -> None:
    # E. would fit the patronymic Елікбайұлы, but the first initial is the given name's.
    assert not matches("BEKTURGANOV E. U.", "Әбдіқадыр Елікбайұлы Бектұрғанов")
    assert not matches("Мырзахметов Ш. М.", "Мырзахметов Мейрамбек")
    assert matches("Султанбаев К. Т.", "Қайыржан Сұлтанбай")  # no patronymic to contradict


def test_hyphens_apostrophes_case_and_glued_words() -> None:
    assert matches("MUKAYEV KASSEN JOMART", "Mukayev Kassen-Jomart")
    assert matches("o'brien patrick", "OBrien Patrick")
    assert matches("AlisherTursunov", "Alisher Tursunov")


def test_mixed_script_typing_error() -> None:
    assert matches("ОМАРОВ Сaпархан Түсіпбайұлы", "Омаров Сапархан Тусипбаевич")  # Latin a


def test_digits_typed_for_letters() -> None:
    assert matches("Ig0r Sor1n", "Igor Sorin")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Серікбаев Нұрлан", "Серікбаев Нұлран"),  # swapped letters
        ("Жумабаев Асылбек", "Жумбаев Асылбек"),  # dropped vowel
        ("Жумабаев Асылбек", "Жумабаев Асылбке"),  # swapped letters
        ("Сұлтанов Жақсылық", "Сұлтанав Жақсылық"),  # surname: any one letter
        ("Джусубалиева Айгерим Мухтархановна", "Джусубалиева Айгерим Мухтахановна"),  # patronymic
        ("Jens Scholze", "Jens Scholz"),
        ("Vadim Kodin", "Vadim Kotin"),
    ],
)
def test_typos(a: str, b: str) -> None:
    assert matches(a, b)


def test_one_letter_between_cyrillic_given_names_is_only_a_possible_match() -> None:
    # Siblings' names often differ by one letter; a reviewer decides.
    score = score_person("Ерболатов Нұржан Ерланұлы", "Ерболатов Нұрлан Ерланұлы").score
    assert REVIEW_THRESHOLD <= score < MATCH_THRESHOLD
    assert matches("Yerbolatov Nurzhan", "Yerbolatov Nurlan")  # Latin: transliteration noise


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BEKTURGANOV Abdikadyr", "BEKTURGANOV Ermukhan Utegulovich"),  # same surname
        ("Габдуллин, Ерлан Зайруллаевич", "Габдуллин Нурлан Зайруллаевич"),  # brothers
        ("Мұқаев Қуаныш", MUKAYEV_KK),  # father
        ("Arman Ümbetow", "Кумеков Арман Ешмухамбетович"),  # same given, other surname
        ("БИЖАНОВА Гүлшат Қадіржанқызы", "Бижанов Асхат Хусаинович"),  # other sex
        ("Oleksandr Ostrovskyy", "Volodymyr Oleksandrovych Ostrovskyy"),  # given vs patronymic
    ],
)
def test_different_persons_stay_below_the_review_band(a: str, b: str) -> None:
    assert score_person(a, b).score < REVIEW_THRESHOLD


def test_equal_iin_is_decisive() -> None:
    result = score_person("Иванов Пётр", "Smith John", iin_a=MALE_1985, iin_b=MALE_1985)
    assert result.score == 1.0
    assert any(f.name == "iin" and f.effect.startswith("decisive") for f in result.features)


def test_different_valid_iins_are_decisive() -> None:
    result = score_person(MUKAYEV_KK, MUKAYEV_KK, iin_a=MALE_1985, iin_b=FEMALE_1990)
    assert result.score == 0.0


def test_invalid_iin_is_ignored() -> None:
    assert score_person(MUKAYEV_KK, MUKAYEV_KK, iin_a="850715300014", iin_b=MALE_1985).score > 0.9


def test_iin_on_one_side_gives_birth_date_and_sex() -> None:
    name_a, name_b = "Серікбаев Нұрлан", "Серикбаев Нурлна"  # a typo keeps room to rise
    base = score_person(name_a, name_b).score
    same = score_person(name_a, name_b, iin_a=MALE_1985, birth_date_b=date(1985, 7, 15))
    other = score_person(name_a, name_b, iin_a=MALE_1985, birth_date_b=date(1971, 3, 2))
    wrong_sex = score_person(name_a, name_b, iin_a=MALE_1985, sex_b="F")
    assert same.score > base > other.score
    assert wrong_sex.score < base
    assert any("from IIN" in f.detail for f in same.features)


def test_birth_date_lifts_a_weak_name_into_review() -> None:
    weak = score_person("Нурлан Серикбаев", "Серикбаев Нурлан Асхатович Ержан")
    helped = score_person(
        "Нурлан Серикбаев",
        "Серикбаев Нурлан Асхатович Ержан",
        birth_date_a=date(1980, 1, 2),
        birth_date_b=date(1980, 1, 2),
    )
    assert helped.score > weak.score


def test_every_score_is_explained() -> None:
    result = score_person("Мұқаев Қ.", "MUKAYEV Kassen-Jomart Kuanyshevich")
    names = {f.name for f in result.features}
    assert {"surname", "initial"} <= names
    text = result.explain()
    assert "Мұқаев ~ MUKAYEV" in text
    assert result.as_dict()["band"] in {"match", "review", "no_match"}


def test_scores_are_symmetric_and_bounded() -> None:
    pairs = [
        ("Мукаев К.-Ж. К.", MUKAYEV_KK),
        ("Шәкір Омаров", "Омаров, Сапархан Тусипбаевич"),
        ("Galiya Turlybayeva", "Турлыбаева Галия Нурлановна"),
    ]
    for a, b in pairs:
        ab, ba = score_person(a, b).score, score_person(b, a).score
        assert 0.0 <= ab <= 1.0
        assert ab == pytest.approx(ba)


def test_empty_names_do_not_match() -> None:
    assert score_person("", MUKAYEV_KK).score == 0.0
    assert score_person("...", "--").score == 0.0
