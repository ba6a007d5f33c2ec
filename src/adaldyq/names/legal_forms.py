"""Legal-form words of company names, which say nothing about *which* company it is.

"ТОО «Астана Строй»", "Astana Stroy LLP" and "«Астана Строй» ЖШС" are one
supplier.  The words below are dropped before company names are compared; phrases
are matched on the normalized text, abbreviations on single words.
"""

from __future__ import annotations

# Full phrases, as written in Kazakh, Russian and English registrations.
LEGAL_FORM_PHRASES: tuple[str, ...] = (
    "товарищество с ограниченной ответственностью",
    "жауапкершілігі шектеулі серіктестігі",
    "жауапкершілігі шектеулі серіктестік",
    "акционерное общество",
    "акционерлік қоғамы",
    "акционерлік қоғам",
    "общество с ограниченной ответственностью",
    "публичное акционерное общество",
    "открытое акционерное общество",
    "закрытое акционерное общество",
    "индивидуальный предприниматель",
    "жеке кәсіпкер",
    "крестьянское хозяйство",
    "шаруа қожалығы",
    "государственное коммунальное предприятие",
    "республиканское государственное предприятие",
    "государственное учреждение",
    "некоммерческое акционерное общество",
    "limited liability partnership",
    "limited liability company",
    "joint stock company",
    "joint-stock company",
    "public limited company",
    "private limited company",
    "limited partnership",
)

# Abbreviations and single words (lower case, without dots).
LEGAL_FORM_WORDS: frozenset[str] = frozenset(
    {
        # Kazakhstan, Russian and Kazakh
        "тоо", "ао", "жшс", "ақ", "ак", "ип", "жк", "кх", "шқ", "пк", "ок", "оо", "гу",
        "ргп", "гкп", "кгп", "ргу", "кгу", "мгу", "чу", "нао", "ооо", "оао", "зао",
        "пао", "уо", "фх", "филиал", "представительство",
        # Latin transliterations of the same
        "too", "ao", "zhshs", "jshs", "ip", "ooo", "oao", "zao", "pao", "nao",
        # English and other common forms
        "llp", "llc", "ltd", "limited", "inc", "incorporated", "corp", "corporation",
        "co", "company", "jsc", "pjsc", "ojsc", "cjsc", "plc", "lp", "gmbh", "ag", "sa",
        "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "kft", "sp", "zoo", "doo",
        "branch", "holding", "holdings", "group",
    }
)  # fmt: skip
