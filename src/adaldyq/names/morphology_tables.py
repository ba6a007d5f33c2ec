"""Name-morphology tables: endings of patronymics and surnames, as *key* suffixes.

Suffixes are written in the key alphabet (see ``transliteration_tables``), so one
entry covers every script: the key suffix ``uli`` is Kazakh -ұлы, Russian-spelled
-улы, passport -uly, Kazakh Latin -ulı; ``ivic`` is -евич, -evich, -yevich, -evych,
-evitch, -ewitsch.  Values give the sex the ending implies.
"""

from __future__ import annotations

# Patronymic endings.  Kazakh forms are "son of" / "daughter of" the father's name;
# Russian forms are the Slavic -ovich/-evich, -ovna/-evna.  Order matters only for
# readability: the longest matching suffix wins.
PATRONYMIC_SUFFIXES: dict[str, str] = {
    "uli": "M",  # -ұлы, -улы, -uly, -ulı
    "ugli": "M",  # -оглы, -oglu (Azerbaijani; common in Kazakhstan's lists)
    "kizi": "F",  # -қызы, -кызы, -qyzy, -kyzy, -qızı
    "gizi": "F",  # -гызы (Azerbaijani)
    "uvic": "M",  # -ович, -ovich, -ovych, -ovitch, -owitsch, -ovitsj
    "ivic": "M",  # -евич, -evich, -yevich, -evych
    "uvna": "F",  # -овна, -ovna
    "ivna": "F",  # -евна, -evna, -yevna
    "icna": "F",  # -ична, -ichna (Ильинична, Кузьминична)
}

# Words written apart from the father's name: "Қуаныш ұлы", "Aliyev oglu".
PATRONYMIC_WORDS: dict[str, str] = {
    "uli": "M",
    "ugli": "M",
    "ugl": "M",
    "kizi": "F",
    "gizi": "F",
}

# A Russian patronymic from a father's name ending in a vowel may insert -ин-
# (Амангелді -> Амангельдинович, Қабдолла -> Кабдоллинович).  It is not removed
# from keys, because most stems ending in -ин- are the name itself (Сулейменович);
# the matcher treats a stem that differs only by this link as a close match.
PATRONYMIC_LINK = "in"

# Surname endings.  Russian-style surnames carry sex (Бижанов / Бижанова), and
# Kazakh surnames are written with or without them (Қалижан / Калижанов,
# Сұлтанбай / Султанбаев), so the stem without them is compared as a weaker match.
SURNAME_SUFFIXES: dict[str, str] = {
    "uva": "F",  # -ова, -ova
    "iva": "F",  # -ева, -ёва, -eva, -yeva
    "ina": "F",  # -ина, -ына, -ina
    "skaia": "F",  # -ская, -skaya
    "uv": "M",  # -ов, -ov, -ow (German press)
    "iv": "M",  # -ев, -ёв, -ev, -yev, -ew
    "in": "M",  # -ин, -ын, -in, -yn
    "ski": "M",  # -ский, -skiy, -sky
}

# Key suffixes that other endings fold into, with the letters that really make
# the surname ending: the key "in" is also -ен (Құдайберген, Сүлеймен are given
# names), so -ин/-ын/-ін are checked on the plain Latin spelling.
SURNAME_SUFFIX_LETTERS: dict[str, tuple[str, ...]] = {
    "in": ("in", "yn"),
    "ina": ("ina", "yna"),
}

# The shortest stem we accept after removing a suffix: shorter stems are too
# ambiguous to be evidence of a shared name.
MIN_STEM = 3

# Particles inside names that carry little identity: Arabic "bin", "al-", "abu",
# Dutch/German "van", "von", Romance "de", "da".  They are compared, but weigh
# little and may be missing on one side (Khalid bin Salem / Khalid Salem).  Not
# "li": Ли is a common Korean surname in Kazakhstan.
PARTICLES: frozenset[str] = frozenset(
    {
        "al", "il", "ul", "bin", "ibn", "ibni", "bint", "ben", "abu",
        "van", "von", "vun", "dir", "di", "da", "du", "dil", "dus", "la",
    }
)  # fmt: skip
