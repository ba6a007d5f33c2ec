"""The register search page's repeated markup: `{% result_rows entries %}` (the results
table's rows) and `{% select_options choices selected %}` (the filters' options).

Written in Python rather than in the template: the search page is what a burst of
readers asks for after a news story, and in profiles of it Django's template engine
spent more on the twenty rows (a dozen variable look-ups, escapes and a loop each) and
the forty options than on anything else the page does in Python; this writes them for
a small part of that. The markup is the same. Every value is escaped here with
`html.escape`, as the template's autoescaping would (Django's own `escape` calls it
too): a name, a title or a filter's value can hold anything.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from adaldyq.core import formatting

register = template.Library()


def _row(entry: dict[str, Any]) -> str:
    place = escape(entry["position"] or "")
    if entry["organization"]:
        place += ", " + escape(entry["organization"])
    if entry["region"]:
        place += "<br><small>" + escape(entry["region"]["name"]) + "</small>"
    articles = "; ".join(f'<span title="{escape(a["title"])}">{escape(a["code"])}</span>' for a in entry["articles"])
    return (f'<tr><td><a href="{escape(entry["url"])}">{escape(entry["name"])}</a></td>\n'
            f"      <td>{place}</td>\n      <td>{articles}</td>\n"
            f'      <td>{escape(formatting.day(entry["verdict_date"]))}</td></tr>')


@register.simple_tag
def result_rows(entries: list[dict[str, Any]]) -> SafeString:
    """One `<tr>` per entry (as `register.public.entry_json` gives it): name and link,
    position and organization with the region, the articles, the verdict's date."""
    return mark_safe("\n  ".join(_row(e) for e in entries))  # noqa: S308 - every value escaped in `_row`


@register.simple_tag
def select_options(choices: list[tuple[str, str]] | list[str], selected: str) -> SafeString:
    """One `<option>` per choice, a (value, label) pair or a value that is its own label;
    the one equal to `selected` is marked selected."""
    options = []
    for choice in choices:
        value, text = choice if isinstance(choice, tuple) else (choice, choice)
        mark = " selected" if value == selected else ""
        options.append(f"<option value=\"{escape(str(value))}\"{mark}>{escape(str(text))}</option>")
    return mark_safe("".join(options))  # noqa: S308 - every value escaped above
