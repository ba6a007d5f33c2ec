"""Indicator settings: Cardinal's INI file, with the same keys and the same strictness.

An indicator runs only if its section is present, even empty. Unknown keys and unknown
sections are errors, so a typo never silently turns a check off. Sections that belong to
Cardinal's ``prepare`` command are accepted and ignored, so one file serves both tools.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .exceptions import SettingsError

Kind = Literal["int", "uint", "float", "pipe", "str", "int_map"]

GLOBAL_KEYS: dict[str, Kind] = {
    "currency": "str",
    "no_price_comparison_procurement_methods": "pipe",
    "price_comparison_procurement_methods": "pipe",
}
IGNORED_SECTIONS = ("defaults", "redactions", "corrections", "modifications")
_GLOBAL = "\x00global"


def split_pipe(value: str) -> frozenset[str]:
    """Split Cardinal's pipe list: no trimming, one trailing empty element dropped."""
    parts = value.split("|")
    if parts and parts[-1] == "":
        parts.pop()
    return frozenset(parts)


def _convert(section: str, key: str, kind: Kind, raw: str) -> Any:
    try:
        if kind == "int":
            return int(raw.strip())
        if kind == "uint":
            number = int(raw.strip())
            if number < 0:
                raise ValueError("negative")
            return number
        if kind == "float":
            return float(raw.strip())
    except ValueError:
        raise SettingsError(f"[{section}] {key} = {raw!r}: expected {kind}") from None
    if kind == "pipe":
        return split_pipe(raw)
    return raw


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Parsed settings. ``indicators`` maps each enabled code to its own parsed keys."""

    currency: str | None = None
    price_comparison_procurement_methods: frozenset[str] = frozenset()
    no_price_comparison_procurement_methods: frozenset[str] = frozenset()
    excluded_procurement_method_details: frozenset[str] = frozenset()
    info_currency_mismatches: bool = False
    indicators: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        return code in self.indicators

    def get(self, code: str, key: str, default: Any = None) -> Any:
        return self.indicators.get(code, {}).get(key, default)


def _read(text: str) -> configparser.ConfigParser:
    """The INI text as Cardinal reads it: keys keep their case, top-level keys are global."""
    parser = configparser.ConfigParser(
        interpolation=None, delimiters=("=",), comment_prefixes=(";", "#"),
        inline_comment_prefixes=None, strict=True, default_section="\x00defaults",
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(f"[{_GLOBAL}]\n" + text)
    except configparser.Error as error:
        raise SettingsError(f"cannot read settings: {error}") from None
    return parser


def parse_ini(text: str, specs: Mapping[str, Mapping[str, Kind]] | None = None) -> Settings:
    """Parse INI text into Settings; ``specs`` maps indicator code -> key -> kind."""
    if specs is None:
        from .indicators import settings_specs

        specs = settings_specs()
    parser = _read(text)
    values: dict[str, Any] = {}
    for key, raw in parser[_GLOBAL].items():
        if key not in GLOBAL_KEYS:
            raise SettingsError(f"unknown setting {key!r}")
        values[key] = _convert("global", key, GLOBAL_KEYS[key], raw)

    indicators: dict[str, dict[str, Any]] = {}
    excluded: frozenset[str] = frozenset()
    info_currency = False
    for section in parser.sections():
        if section == _GLOBAL or section in IGNORED_SECTIONS or section.startswith("codelists."):
            continue
        items = dict(parser[section].items())
        if section == "exclusions":
            for key, raw in items.items():
                if key != "procurement_method_details":
                    raise SettingsError(f"[exclusions] unknown key {key!r}")
                excluded = split_pipe(raw)
        elif section == "output":
            for key, raw in items.items():
                if key != "info_currency_mismatches":
                    raise SettingsError(f"[output] unknown key {key!r}")
                info_currency = raw.strip().lower() in ("true", "1", "yes", "on")
        elif "." in section:
            code, _, sub = section.partition(".")
            spec = specs.get(code, {})
            if spec.get(sub) != "int_map":
                raise SettingsError(f"unknown section [{section}]")
            mapping = {key: _convert(section, key, "int", raw) for key, raw in items.items()}
            indicators.setdefault(code, {})[sub] = mapping
        elif section in specs:
            parsed = indicators.setdefault(section, {})
            for key, raw in items.items():
                kind = specs[section].get(key)
                if kind is None or kind == "int_map":
                    raise SettingsError(f"[{section}] unknown key {key!r}")
                parsed[key] = _convert(section, key, kind, raw)
        else:
            raise SettingsError(f"unknown section [{section}]")

    return Settings(
        currency=values.get("currency"),
        price_comparison_procurement_methods=values.get("price_comparison_procurement_methods", frozenset()),
        no_price_comparison_procurement_methods=values.get("no_price_comparison_procurement_methods", frozenset()),
        excluded_procurement_method_details=excluded,
        info_currency_mismatches=info_currency,
        indicators=indicators,
    )


def to_ini(mapping: Mapping[str, Any]) -> str:
    """Write a nested mapping (the form Cardinal's test harness uses) as INI text.

    Top-level scalars are global keys; a mapping value is a section; a mapping inside a
    section is a sub-section such as ``[R003.procurement_method_details]``.
    """
    lines = [f"{key} = {value}" for key, value in mapping.items() if not isinstance(value, Mapping)]
    for section, body in mapping.items():
        if not isinstance(body, Mapping):
            continue
        lines.append(f"[{section}]")
        lines += [f"{key} = {value}" for key, value in body.items() if not isinstance(value, Mapping)]
        for sub, inner in body.items():
            if isinstance(inner, Mapping):
                lines.append(f"[{section}.{sub}]")
                lines += [f"{key} = {value}" for key, value in inner.items()]
    return "\n".join(lines) + "\n"


def all_enabled(skip: tuple[str, ...] = (), specs: Mapping[str, Mapping[str, Kind]] | None = None) -> str:
    """INI text that enables every indicator with its defaults, except ``skip`` (for ``risk``)."""
    if specs is None:
        from .indicators import settings_specs

        specs = settings_specs()
    return "".join(f"[{code}]\n" for code in specs if code not in skip)
