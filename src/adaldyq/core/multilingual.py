"""Content kept in Kazakh, Russian and English, and read in the reader's language.

One mechanism for every part. A public text field ``name`` is three columns,
``name_kk``, ``name_ru`` and ``name_en`` (blank where there is no translation yet;
at least one filled). Reading goes through `localized(obj, "name")`, which returns a
`Text`: a ``str`` holding the value in the wanted language, or, when that column is
empty, in the nearest other language (`FALLBACK`) together with the language it is
in. In a template a fallen-back `Text` renders with ``lang="ru"`` and a small
translated label "(in Russian)", so the reader sees that the page is not wrong but
the translation is missing. JSON twins carry ``name`` and ``name_lang``.

How files and callers give the three texts (``name_kk``/``_ru``/``_en`` columns, or one
``name`` column whose language is guessed) is in `core.languages`, which is free of
Django so that pure modules (feed readers) can use it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db import migrations
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from adaldyq.core.formatting import language
from adaldyq.core.languages import LANGS, Texts, columns, guess_language, texts

# Where to look when the wanted language is empty. Kazakh and Russian are both
# official, so each falls back to the other first; English readers get Russian first,
# the language most of the agency's source documents are written in.
FALLBACK = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}
# "(in Russian)" after a text shown in another language than the page's, and in form
# labels: "Name (in Kazakh)".
IN_LANGUAGE = {
    "kk": pgettext_lazy("language of a text", "in Kazakh"),
    "ru": pgettext_lazy("language of a text", "in Russian"),
    "en": pgettext_lazy("language of a text", "in English"),
}
# The API's description of every ``<field>_lang`` it returns.
LANG_NOTE = ("The language the text before it is in: the one asked for (?lang=kk|ru|en, else Accept-Language) "
             "or, when that translation is missing, the nearest other one; null when there is no text.")


class Text(str):
    """A content value in `lang`, read for a reader of `wanted`."""

    lang: str
    wanted: str

    def __new__(cls, text: str, lang: str, wanted: str) -> Text:
        value = super().__new__(cls, text)
        value.lang = lang if text else ""
        value.wanted = wanted
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), self.lang, self.wanted))

    @property
    def fell_back(self) -> bool:
        return bool(self) and self.lang != self.wanted

    def __html__(self) -> SafeString:
        if not self.fell_back:
            return mark_safe(escape(str(self)))  # noqa: S308 - escaped just here
        note = escape(str(IN_LANGUAGE[self.lang]))
        return mark_safe(  # noqa: S308 - every part escaped
            f'<span lang="{self.lang}">{escape(str(self))}</span> <small class="lang-fallback">({note})</small>')


def _getter(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return lambda key: obj.get(key)
    return lambda key: getattr(obj, key, None)


def localized(obj: Any, field: str, lang: str | None = None) -> Text:
    """The value of `field` in `lang` (default: the active language), or the nearest fallback."""
    wanted = language(lang)
    get = _getter(obj)
    for code in FALLBACK[wanted]:
        value = get(f"{field}_{code}")
        if value:
            return Text(str(value), code, wanted)
    return Text("", "", wanted)


def localized_fields(obj: Any, *fields: str, lang: str | None = None) -> dict[str, Any]:
    """``{"name": Text, "name_lang": "ru"}`` for each field: what JSON twins and pages carry."""
    out: dict[str, Any] = {}
    for field in fields:
        text = localized(obj, field, lang)
        out[field] = text
        out[f"{field}_lang"] = text.lang or None
    return out


def translations(obj: Any, field: str) -> Texts:
    """Every language `field` is filled in, e.g. ``{"ru": "...", "en": "..."}``."""
    get = _getter(obj)
    return {code: str(get(f"{field}_{code}")) for code in LANGS if get(f"{field}_{code}")}


def form_fields(label: Any, *, max_length: int | None = None, textarea: bool = False) -> tuple[forms.Field, ...]:
    """Three optional form fields, "Name (in Kazakh)", "Name (in Russian)", "Name (in English)";
    call `require_one` in the form's ``clean``."""
    made = []
    for code in LANGS:
        widget = forms.Textarea(attrs={"rows": 3, "lang": code}) if textarea else forms.TextInput(attrs={"lang": code})
        made.append(forms.CharField(label=format_lazy("{} ({})", label, IN_LANGUAGE[code]),
                                    max_length=max_length, required=False, widget=widget))
    return tuple(made)


def cleaned_texts(data: Mapping[str, Any], field: str) -> Texts:
    """The languages of `field` a form was given, from its cleaned data."""
    return texts({code: str(data.get(f"{field}_{code}") or "") for code in LANGS})


def with_texts(data: Mapping[str, Any], *fields: str) -> dict[str, Any]:
    """A form's cleaned data as a service takes it: each field's three columns become one
    ``{"kk": ..., "ru": ..., "en": ...}`` mapping under the field's name."""
    drop = {c for f in fields for c in columns(f)}
    return {**{k: v for k, v in data.items() if k not in drop}, **{f: cleaned_texts(data, f) for f in fields}}


def require_one(form: forms.Form, field: str, message: Any) -> None:
    """Add `message` to the Kazakh field unless at least one language of `field` is filled."""
    data = getattr(form, "cleaned_data", {})
    if not any(str(data.get(name) or "").strip() for name in columns(field)):
        form.add_error(f"{field}_kk", message)


def migrate_to_columns(model: str, *fields: str) -> migrations.RunPython:
    """A data-migration step: move each single-language column of `model` ("app.Model") into
    its ``_kk``/``_ru``/``_en`` column by `guess_language` (and back: the first filled one)."""

    def batches(apps: Any) -> Any:
        table = apps.get_model(*model.split("."))
        last = 0
        while batch := list(table.objects.filter(pk__gt=last).order_by("pk")[:2000]):
            yield table, batch
            last = batch[-1].pk

    def forward(apps: Any, schema_editor: Any) -> None:
        for table, batch in batches(apps):
            for row in batch:
                for field in fields:
                    text = getattr(row, field) or ""
                    for code in LANGS:
                        setattr(row, f"{field}_{code}", text if text and guess_language(text) == code else "")
            table.objects.bulk_update(batch, [c for f in fields for c in columns(f)])

    def backward(apps: Any, schema_editor: Any) -> None:
        for table, batch in batches(apps):
            for row in batch:
                for field in fields:
                    setattr(row, field, next((getattr(row, c) for c in columns(field) if getattr(row, c)), ""))
            table.objects.bulk_update(batch, list(fields))

    return migrations.RunPython(forward, backward)


def add_columns(model: str, field: str, make: type[Any], **kwargs: Any) -> list[migrations.AddField]:
    """The three blank columns of `field` on `model`, as migration operations."""
    return [migrations.AddField(model_name=model, name=f"{field}_{code}", field=make(blank=True, **kwargs))
            for code in LANGS]
