"""Kazakhstan's regions and cities of republican significance, as stable codes.

Codes are ours (short Latin slugs) so that data files and URLs do not depend on a
language; names are given in the three interface languages.
"""

from __future__ import annotations

from django.utils.translation import get_language

# code: (kk, ru, en)
REGIONS: dict[str, tuple[str, str, str]] = {
    "astana": ("Астана", "Астана", "Astana"),
    "almaty-city": ("Алматы", "Алматы", "Almaty"),
    "shymkent": ("Шымкент", "Шымкент", "Shymkent"),
    "abai": ("Абай облысы", "Абайская область", "Abai Region"),
    "akmola": ("Ақмола облысы", "Акмолинская область", "Akmola Region"),
    "aktobe": ("Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    "almaty": ("Алматы облысы", "Алматинская область", "Almaty Region"),
    "atyrau": ("Атырау облысы", "Атырауская область", "Atyrau Region"),
    "east-kz": ("Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
    "zhambyl": ("Жамбыл облысы", "Жамбылская область", "Zhambyl Region"),
    "zhetysu": ("Жетісу облысы", "Область Жетісу", "Zhetysu Region"),
    "west-kz": ("Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    "karaganda": ("Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    "kostanay": ("Қостанай облысы", "Костанайская область", "Kostanay Region"),
    "kyzylorda": ("Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    "mangystau": ("Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    "pavlodar": ("Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    "north-kz": ("Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"),
    "turkistan": ("Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    "ulytau": ("Ұлытау облысы", "Область Улытау", "Ulytau Region"),
}

_LANG_INDEX = {"kk": 0, "ru": 1, "en": 2}


def region_name(code: str, lang: str | None = None) -> str:
    """The region's name in `lang` (default: the active language); the code if unknown."""
    names = REGIONS.get(code)
    if names is None:
        return code
    return names[_LANG_INDEX.get((lang or get_language() or "en")[:2], 2)]


def region_choices() -> list[tuple[str, str]]:
    return [(code, region_name(code)) for code in REGIONS]


def resolve_region(text: str) -> str | None:
    """Map a code or a name in any of the three languages to a region code."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for code, names in REGIONS.items():
        if wanted == code or wanted in (n.casefold() for n in names):
            return code
    return None
