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

# Words written apart from the father's name: "Кемел ұлы", "Aliyev oglu".
PATRONYMIC_WORDS: dict[str, str] = {
    "uli": "M",
    "ugli": "M",
    "ugl": "M",
    "kizi": "F",
    "gizi": "F",
}

# A Russian patronymic from a father's name ending in a vowel inserts -ин-:
# Амангелді -> Амангельдинович, Қабдолла -> Кабдоллинович.  Dropped only when the
# stem left is long enough to be a name on its own, so Аминович keeps "amin".
PATRONYMIC_LINKS: tuple[str, ...] = ("in",)
PATRONYMIC_LINK_MIN_STEM = 4

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

# The shortest stem we accept after removing a suffix: shorter stems are too
# ambiguous to be evidence of a shared name.
MIN_STEM = 3
