"""Synthetic Kazakhstan-style person names for the screening benchmark.

Only the *speed* and *memory* of bulk screening, and the share of planted variants
it finds, are measured on these names; quality is measured on real labelled pairs.
The generator follows the shape of real lists: a few given names are very common
(Zipf-like frequencies), surnames are built from name roots with -ов/-ев/-баев,
patronymics from a father's name in Kazakh (-ұлы/-қызы) or Russian (-ович/-овна)
form.  Variants of list entries are then written the ways lists differ: Russian
instead of Kazakh letters, passport Latin, another word order, no patronymic,
initials, and a typo.  The Latin table here is a plain passport-style one written
separately from the library's, so the library is not tested against itself.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

MALE = (
    "Нұрлан Серік Ерлан Асхат Бауыржан Ерболат Марат Дәурен Ержан Нұрсұлтан Арман "
    "Бекзат Дархан Жандос Қанат Қуаныш Мұрат Нұржан Руслан Самат Талғат Тимур Асылбек "
    "Айдос Алмас Бақыт Болат Ғабит Дамир Ербол Ерік Жәнібек Қайрат Мейрам Нұрбол Олжас "
    "Рүстем Сәкен Сұлтан Төлеген Ұлан Әділет Әлібек Абай Азамат Айбек Алибек Аманжол "
    "Арсен Аслан Ахмет Бағдат Бейбіт Бекболат Берік Досжан Дидар Елдос Ерғали Ермек "
    "Есен Жақсылық Жомарт Ислам Қасым Құдайберген Мақсат Медет Мирас Мұхтар Нариман "
    "Нұрғали Оразалы Рахым Рашид Сағынбек Сайлау Сапар Серікбай Тоқтар Төлен Ілияс "
    "Үсен Шәріп Шыңғыс Ғалым Әбіш Әлихан Дулат Ерсұлтан Жарас Кенжебек Қалижан Мейірбек"
).split()
FEMALE = (
    "Айгүл Гүлнар Динара Жанар Айнұр Гүлмира Әсел Мәдина Салтанат Ақмарал Айжан Ботагөз "
    "Гаухар Дана Жаннат Жұлдыз Зарина Зәуре Камила Ләззат Мөлдір Назерке Нұргүл Перизат "
    "Сәуле Томирис Ұлжан Әйгерім Алия Балым Гүлнара Дариға Дина Еркеш Жібек Күләш Раушан "
    "Сания Шолпан Анар Ақбота Арайлым Бибігүл Гүлжан Дәметкен Қарлыға Маржан Нұрсұлу"
).split()
RUSSIAN_MALE = (
    "Александр Сергей Андрей Владимир Дмитрий Евгений Николай Олег Павел Виктор Юрий "
    "Игорь Алексей Михаил Иван Геннадий Василий Анатолий"
).split()
RUSSIAN_FEMALE = (
    "Елена Ольга Наталья Ирина Светлана Татьяна Анна Марина Людмила Юлия Оксана"
).split()
ROOTS = (
    "Жұмабай Серікбай Тоқа Әбдірахман Нұрмағамбет Есім Сыздық Бектұрған Оспан Омар "
    "Қасым Ахмет Сапар Жақып Байжан Ерғали Нығмет Сәрсен Төлеу Әбіл Мұса Ибрагим "
    "Исмаил Құрман Тұрсын Шәкен Мырзахмет Бекмұхамбет Дүйсен Сейіт Әлім Жексен "
    "Қожахмет Рысқұл Тәжі Үмбет Өтеген Ысқақ Жанұзақ Кенжеғали Әуез Бөкей Мұқан Сүлеймен "
    "Әшім Иса Қали Нұрпейіс Тілеу Молда Байтұрсын Ерден Құдайберген Шалабай Қуандық"
).split()
RUSSIAN_SURNAMES = (
    "Иванов Петров Смирнов Кузнецов Попов Ким Пак Цой Ли Шевченко Бондаренко Ткаченко "
    "Коваленко Мельник Морозов Волков Соловьёв Васильев Зайцев Павлов Семёнов Голубев"
).split()

# Kazakh names are often compounds (Нұр+лан, Сұлтан+бек); compounds give the long
# tail of rare names that real lists have.
PREFIXES = (
    "Нұр Ер Сұлтан Жан Бек Қара Ақ Тілеу Төле Әбді Жұма Бай Ораз Қыдыр Сейіт Мырза "
    "Ай Алтын Тұр Құдай Есен Қали Мұрат Ғали Сері Дос Ораз Бақ Жақ Қуан Еркін Әли"
).split()
SUFFIXES = "бек бай жан ғали хан тай болат бол ұлан ғазы мұрат сұлтан құл әлі тас".split()
FEMALE_PREFIXES = "Ай Гүл Нұр Ақ Жан Бал Күн Мөл Ақ Шол Сая Бота Ұл Дана Әсем".split()
FEMALE_SUFFIXES = "гүл жан нұр сұлу ару бибі дана күл жібек шаш".split()
KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
PASSPORT_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k",
    "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank + 1) ** s for rank in range(n)]


def passport_latin(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        latin = PASSPORT_LATIN.get(low, ch)
        out.append(latin.capitalize() if ch != low and latin else latin)
    return "".join(out)


class NameGenerator:
    """Seeded generator of (surname, given name, patronymic) triples and their variants."""

    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        compounds = [p + s for p in PREFIXES for s in SUFFIXES if p.lower() != s]
        self.male = list(MALE) + compounds
        self.female = list(FEMALE) + [
            p + s for p in FEMALE_PREFIXES for s in FEMALE_SUFFIXES if p.lower() != s
        ]
        self.roots = list(ROOTS) + list(MALE) + compounds
        self._male_w = _zipf_weights(len(self.male), 0.6)
        self._female_w = _zipf_weights(len(self.female), 0.6)
        self._root_w = _zipf_weights(len(self.roots), 0.6)

    def _surname(self, female: bool) -> str:
        rng = self.rng
        if rng.random() < 0.08:
            base = rng.choice(RUSSIAN_SURNAMES)
            if female and base.endswith(("ов", "ев", "ёв", "ин")):
                return base + "а"
            return base
        root = rng.choices(self.roots, self._root_w)[0]
        if rng.random() < 0.25 and not root.endswith("бай"):
            root += rng.choice(("бай", "бек", "жан"))
        ending = "ев" if root.endswith(("й", "а", "е", "і", "ы")) else "ов"
        if root.endswith("й"):
            root = root[:-1]
        return root + ending + ("а" if female else "")

    def person(self) -> tuple[str, str, str]:
        """Surname, given name and patronymic, written in Kazakh or Russian style."""
        rng = self.rng
        female = rng.random() < 0.45
        if rng.random() < 0.08:
            given = rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE)
        else:
            given = (
                rng.choices(self.female, self._female_w)[0]
                if female
                else rng.choices(self.male, self._male_w)[0]
            )
        father = rng.choices(self.male, self._male_w)[0]
        if rng.random() < 0.5:
            patronymic = father + ("қызы" if female else "ұлы")
        else:
            stem = father.translate(KAZAKH_TO_RUSSIAN)
            vowel_end = stem.endswith(("й", "а", "е", "и", "ы"))
            stem = stem[:-1] if stem.endswith("й") else stem
            suffix = ("евна" if female else "евич") if vowel_end else ("овна" if female else "ович")
            patronymic = stem + suffix
        return self._surname(female), given, patronymic

    def full_name(self, person: tuple[str, str, str]) -> str:
        surname, given, patronymic = person
        if self.rng.random() < 0.3:
            return f"{surname.upper()} {given} {patronymic}"
        return f"{surname} {given} {patronymic}"

    def variant(self, person: tuple[str, str, str]) -> str:
        """The same person as another list might write them."""
        rng = self.rng
        surname, given, patronymic = person
        kind = rng.randrange(7)
        if kind == 0:  # Russian letters instead of Kazakh
            return " ".join(w.translate(KAZAKH_TO_RUSSIAN) for w in (surname, given, patronymic))
        if kind == 1:  # passport Latin, no patronymic
            return f"{passport_latin(surname).upper()} {passport_latin(given)}"
        if kind == 2:  # given name first, patronymic, surname
            return f"{given} {patronymic} {surname}"
        if kind == 3:  # initials
            return f"{surname} {given[0]}. {patronymic[0]}."
        if kind == 4 and len(surname) >= 5:  # two letters swapped in the surname
            i = rng.randrange(1, len(surname) - 2)
            return f"{surname[:i]}{surname[i + 1]}{surname[i]}{surname[i + 2:]} {given} {patronymic}"
        if kind == 5:  # library form with a comma, Russian letters
            return f"{surname.translate(KAZAKH_TO_RUSSIAN)}, {given.translate(KAZAKH_TO_RUSSIAN)}"
        return f"{passport_latin(given)} {passport_latin(surname)}"  # press style


def write_screening_files(folder: Path, *, entries: int, queries: int, seed: int = 7,
                          facts: bool = False) -> tuple[Path, Path, dict[str, str]]:
    """A list file L.csv and a query file Q.csv (columns id,name) for `adaldyq screen`.

    One query in twenty is a variant of a list entry, the others are new persons; the
    third value maps those queries' ids to their entries' ids. With
    ``facts``, one row in eight also has a birth date and one in fifty is a company, so
    that every path of the screening (dates, companies) is taken.
    """
    gen = NameGenerator(seed)
    people = [gen.person() for _ in range(entries)]
    births = [_birth_date(gen.rng) for _ in range(entries)] if facts else []
    list_path, query_path = folder / "L.csv", folder / "Q.csv"
    planted: dict[str, str] = {}
    with list_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "birth_date"] if facts else ["id", "name"])
        for i, person in enumerate(people):
            name = _company(person) if facts and i % 50 == 0 else gen.full_name(person)
            writer.writerow([f"e{i}", name, births[i] if i % 8 == 0 else ""] if facts else [f"e{i}", name])
    with query_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "birth_date"] if facts else ["id", "name"])
        for i in range(queries):
            birth = ""
            if i % 20 == 0:
                j = gen.rng.randrange(entries)
                planted[f"q{i}"] = f"e{j}"
                name = _company(people[j]) if facts and j % 50 == 0 else gen.variant(people[j])
                birth = births[j] if facts and i % 40 == 0 else ""
            else:
                name = gen.full_name(gen.person())
            writer.writerow([f"q{i}", name, birth] if facts else [f"q{i}", name])
    return list_path, query_path, planted


def _birth_date(rng: random.Random) -> str:
    return f"{rng.randrange(1950, 2004)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"


def _company(person: tuple[str, str, str]) -> str:
    return f"ТОО «{person[0]} {person[1]}»"
