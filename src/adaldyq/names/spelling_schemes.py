"""Other readings of a Latin name: the letters that foreign spelling schemes use differently.

The key (``transliterate.py``) reads a Latin spelling one way: passport/ICAO and
English habits, the Kazakh Latin alphabets, GOST.  Some Latin letters mean another
sound in other schemes, and no single reading serves all: ``j`` is Ж in English and
Kazakh Latin but Й in German, Dutch, Polish, Czech and Baltic spellings; ``ch`` is Ч
in English but Х in German, Polish and Czech; ``x`` is Х in Kazakh Latin but КС in
English (Alexandr).  So a Latin word that holds such a letter also gets its
*readings*: the same word respelt as each scheme would mean it, compared as an
alternative (``similarity.token_similarity``) and indexed for blocking.  Cyrillic
words have one reading only.

Each scheme is a list of (pattern, replacement) rewrites on the plain Latin spelling
(``to_latin``: lower-case ASCII, diacritics already folded: š ž č ş ç ğ ı ä ö ü).
A scheme is applied only when one of its patterns occurs, so most words get none.
"""

from __future__ import annotations

import re

_CONSONANT = "[bcdfghjklmnpqrstvwxz]"

# (scheme, rewrites).  Order within a scheme matters: earlier rewrites run first.
SCHEMES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    # English press: x is КС (Alexandr, Maxat), never Х.
    ("English x", (("x", "ks"),)),
    # German, Dutch, Polish, Czech, Baltic: j is Й (Jerlan, Bajmuchanow, Kowaljow);
    # w is В everywhere (Jewgenij); ch is Х unless part of sch/tsch (Chassen,
    # Abdrachmanow); Polish and Czech c is Ц (Kuznecov); Polish sz is Ш and rz is Ж
    # (Szamil); Polish ie after a consonant is Е (Kuzniecowa).
    ("German/Dutch/Polish/Czech", (
        (r"(?<![dz])j", "y"),
        (r"w", "v"),
        (r"(?<![st])ch", "kh"),
        (r"c(?![hkz])", "ts"),
        (r"sz", "sh"),
        (r"rz", "zh"),
        (rf"(?<={_CONSONANT})ie", "e"),
    )),
    # German has no letter for Ж and writes it like Ш, sch (Schanat, Käribschanow),
    # and writes З as s between vowels (Nasarbajew); j is Й and w is В as above.
    ("German", (
        (r"(?<!t)sch", "zh"),
        (r"(?<=[aeiouy])s(?=[aeiouy])", "z"),
        (r"(?<![dz])j", "y"),
        (r"w", "v"),
        (r"(?<![st])ch", "kh"),
    )),
    # Turkish-style Kazakh Latin and Azerbaijani: c is Ж/Дж (Canat, Cumabay) and x
    # is Х everywhere (Xeyrulla).
    ("Turkic c, x", (
        (r"c(?![hkz])", "zh"),
        (r"x", "kh"),
    )),
    # Latvian and Lithuanian add a nominative ending to foreign names: -s after a
    # consonant (Šaripovs, Sergejs), -as after -ov/-ev/-in (Šaripovas) and after
    # -n/-t of a longer given name (Žanatas, Nurlanas); j is Й.
    ("Baltic", (
        (r"(?<=[oe]v|in)as$", ""),
        (r"^([a-z]{4,}[nt])as$", r"\1"),
        (rf"(?<={_CONSONANT.replace('s', '')})s$", ""),
        (r"(?<![dz])j", "y"),
    )),
)

_COMPILED = tuple(
    (name, tuple((re.compile(pattern), replacement) for pattern, replacement in rewrites))
    for name, rewrites in SCHEMES
)
# Shortest word a reading is made for: short words are too easily made equal.
MIN_LETTERS = 4


def foreign_readings(latin: str) -> tuple[tuple[str, str], ...]:
    """(scheme, respelt plain Latin) for each scheme that changes this spelling."""
    if len(latin) < MIN_LETTERS:
        return ()
    found: list[tuple[str, str]] = []
    seen = {latin}
    for name, rewrites in _COMPILED:
        text = latin
        for pattern, replacement in rewrites:
            text = pattern.sub(replacement, text)
        if text not in seen:
            seen.add(text)
            found.append((name, text))
    return tuple(found)
