"""Transliteration tables: data, not logic.

The same Kazakh name reaches us in Kazakh Cyrillic (Мұқаев), Russian Cyrillic
(Мукаев), passport/ICAO Latin (MUKAYEV), the 2021 Kazakh Latin alphabet
(Mūqaev), older Kazakh Latin (Mukaev, Nığmatwlïn), GOST/BGN Russian romanizations
and press spellings (German Mukajew, French Ouzakbaï, Dutch Noergisaev).  We never
try to guess *which* scheme a string used.  Instead every string is brought to one
plain Latin spelling (``CYRILLIC_TO_LATIN``, ``LATIN_LETTERS``), and then reduced
(``KEY_REWRITES``, ``VOWEL_CLASSES``) to a *key* in which the differences between
those schemes disappear.  Each entry below says which scheme or habit it serves.
"""

from __future__ import annotations

# Cyrillic (Kazakh + Russian) to plain Latin.  Close to the passport/ICAO style,
# because that is the Latin spelling most lists use; the Kazakh-only letters fall
# back to the Russian letter they are written as in Russian texts (Қ -> К -> k),
# which is exactly the Kazakh <-> Russian variation we must absorb.
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a",
    "ә": "a",  # Kazakh; Russian texts write а (Әбдіров / Абдиров)
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",  # Kazakh; Russian г, 2021 Latin ğ, English gh/g
    "д": "d",
    "е": "e",
    "ё": "e",  # Russian texts mostly write е for ё (Соловьёва / Соловьева)
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "і": "i",  # Kazakh; Russian и
    "к": "k",
    "қ": "q",  # Kazakh; 2021 Latin q, Russian к; the key folds q into k
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",  # Kazakh; Russian н, 2021 Latin ñ
    "о": "o",
    "ө": "o",  # Kazakh; Russian texts write о or у (Өтемісов / Утемисов)
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",  # Kazakh; Russian у
    "ү": "u",  # Kazakh; Russian у
    "ф": "f",
    "х": "kh",
    "һ": "h",  # Kazakh; rare, Russian х
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",  # hard sign: not pronounced, dropped by every Latin scheme
    "ы": "y",
    "ь": "",  # soft sign: dropped by passports (Kuzmin), written ' or ʹ by GOST
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Ukrainian/Belarusian letters that appear in Kazakhstan's name lists.
    "є": "ye",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
}

# Latin letters with diacritics used by the Kazakh Latin alphabets (2018, 2021,
# the older Wikipedia "kk-latn" scheme), Turkish-style spellings, scholarly and
# GOST romanizations, and press spellings in German, French or Dutch.  Anything not
# listed here loses its diacritic by Unicode decomposition (é -> e).
LATIN_LETTERS: dict[str, str] = {
    "ä": "a",  # 2021 Kazakh Latin Ә; German press Ä
    "á": "a",  # 2018 Kazakh Latin Ә
    "ö": "o",  # Kazakh Latin Ө
    "ó": "o",  # 2018 Kazakh Latin Ө
    "ü": "u",  # Kazakh Latin Ү
    "ú": "u",  # 2018 Kazakh Latin Ү
    "ū": "u",  # 2021 Kazakh Latin Ұ
    "ı": "y",  # dotless i: Ы in older Kazakh Latin, І in 2021 Latin; "y" keeps
    # -ulı (Kazakh -ұлы) apart from a plain -uli (al-Mosuli); both are I-class keys
    "ï": "i",  # older Kazakh Latin И; French Ouzakbaï
    "ī": "i",
    "ý": "y",  # older Kazakh Latin Й (2018 Latin uses it for У; both are vowels to us)
    "ğ": "g",  # Kazakh/Turkish Ғ
    "ǵ": "g",  # 2018 Kazakh Latin Ғ
    "ş": "sh",  # Kazakh/Turkish Ш
    "ç": "ch",  # Kazakh/Turkish Ч
    "ñ": "n",  # Kazakh Latin Ң
    "ń": "n",  # 2018 Kazakh Latin Ң
    "č": "ch",  # scholarly / ISO 9 Ч
    "š": "sh",  # scholarly / ISO 9 Ш
    "ž": "zh",  # scholarly / ISO 9 Ж
    "ŝ": "shch",  # ISO 9 Щ
    "ż": "zh",  # Polish Ж (Żanat); ź is the soft З and folds to z
    "ß": "ss",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ł": "l",
}

# Characters that are part of a name but carry no sound: the soft sign as GOST and
# scholarly systems write it, and apostrophes (the 2017 Kazakh Latin marked its
# special letters with one: a' = Ә, s' = Ш).
SILENT_MARKS: str = "ʹʺʼ'’`´‘"

# Latin letters that look like Cyrillic ones.  A name typed on a keyboard switched
# to the wrong layout, or copied from a PDF, often has one foreign look-alike
# inside a word ("Сaпархан" with a Latin a).  The token is read in the script of
# the majority of its letters, and look-alikes are swapped to that script.
LATIN_LOOKALIKE_TO_CYRILLIC: dict[str, str] = {
    "a": "а",
    "b": "в",  # upper-case B looks like В
    "c": "с",
    "e": "е",
    "h": "н",  # upper-case H looks like Н
    "i": "і",
    "k": "к",
    "m": "м",
    "o": "о",
    "p": "р",
    "t": "т",
    "x": "х",
    "y": "у",
}
CYRILLIC_LOOKALIKE_TO_LATIN: dict[str, str] = {
    "а": "a",
    "в": "b",
    "с": "c",
    "е": "e",
    "н": "h",
    "і": "i",
    "к": "k",
    "м": "m",
    "о": "o",
    "р": "p",
    "т": "t",
    "х": "x",
    "у": "y",
}

# Rewrites applied, longest first, to the plain Latin spelling to build the key.
# They fold the spellings of one sound across schemes into one symbol:
# "x" stands for Ш, "c" for Ч, "j" for Ж, "h" for Х; q folds into k.
KEY_REWRITES: dict[str, str] = {
    "shch": "x",  # Щ in passports/BGN
    "chsh": "x",  # Щ in some Kazakh passport spellings (Timochshenko)
    "szcz": "x",  # Щ in Polish (Szczerbakow)
    "tsch": "c",  # Ч in German press spellings
    "dsch": "j",  # Дж in German press spellings (Dschambul)
    "dzh": "j",  # Ж after Russian Дж (Джакупов / Dzhakupov / Jakupov)
    "sch": "x",  # Ш in German press (Äschim); Щ in some Polish/German spellings
    "tch": "c",  # Ч in French spellings (-ovitch)
    "tsj": "c",  # Ч in Dutch (Noergisaev Oerikbaevitsj)
    "shh": "x",  # Щ in GOST 7.79 B
    "zh": "j",  # Ж in passports/BGN
    "dj": "j",  # Ж in French and older English spellings
    "zj": "j",  # Ж in Dutch (Zjanat)
    "cz": "c",  # Ч in Polish (Czingis, -owicz)
    "kh": "h",  # Х in passports/BGN (Khikmetov); Kazakh Latin writes h or x
    "gh": "g",  # Ғ in English press (Nurghali)
    "ch": "c",
    "sh": "x",
    "sj": "x",  # Ш in Dutch
    "ck": "k",
    "ph": "f",
    "q": "k",  # 2021 Kazakh Latin Қ
}

# After the rewrites, vowels fall into three classes, because the vowel is what
# Kazakh <-> Russian spellings change most: Ө/Ұ/Ү all become У in Russian texts,
# О and У alternate (Зайролла / Зайрулла), І/Ы become И, and Й/Y/E merge in
# passport spellings (Mukayev / Мукаев, Yergaliyev / Ергалиев).  A-class stays apart
# so that Омаров and Амиров do not collapse to one key.
VOWEL_CLASSES: dict[str, str] = {
    "a": "a",
    "o": "u",
    "u": "u",
    "e": "i",
    "i": "i",
    "y": "i",
}
