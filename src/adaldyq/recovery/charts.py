"""Charts drawn on the server as SVG (Vega-Lite through Altair and vl-convert), so the
dashboard works without JavaScript. Each chart sits next to a table of the same
numbers, which is what screen readers and the JSON twin use.

The charts are drawn for a phone first: about 310 px wide, so that a 390 px screen
shows them at their own size (not shrunk), with 12-14 px text; each category's name
sits on its own line above its bars instead of in a cramped axis on the left; long
titles wrap. A wide screen shows the same drawing at the same size. Numbers on the
axis use the reader's decimal mark and thousands separator (core.formatting's CLDR
symbols), never scientific notation.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Sequence
from decimal import Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol
from django.core.cache import cache

from adaldyq.core.formatting import language

BILLION = Decimal(1_000_000_000)
WIDTH = 300  # plot width in px; the whole drawing is a few px wider
LABEL_BAND = 18  # room for a category's name above its bars
BAR = 12
TITLE_CHARACTERS = 38  # a 14 px bold title wraps before it outgrows the drawing
COLOURS = ["#0b4f8a", "#f5a623"]


def bars(rows: Sequence[tuple[str, Decimal]], title: str, axis_title: str, colour: str = "#0b4f8a") -> str:
    """A horizontal bar chart of amounts in tenge, drawn in billions, largest first; empty string if no data."""
    largest_first = sorted((row for row in rows if row[1]), key=lambda row: row[1], reverse=True)
    data: list[dict[str, object]] = [{"label": label, "series": "", "value": float(value / BILLION)}
                                     for label, value in largest_first]
    if not data:
        return ""
    return _render(data, title, axis_title, [colour])


def grouped(rows: Sequence[tuple[str, str, Decimal]], title: str, axis_title: str) -> str:
    """Bars grouped by series (for example ordered vs collected per asset type)."""
    data = [{"label": label, "series": series, "value": float(value / BILLION)} for label, series, value in rows]
    if not any(d["value"] for d in data):
        return ""
    return _render(data, title, axis_title, COLOURS)


def _render(data: list[dict[str, object]], title: str, axis_title: str, colours: list[str]) -> str:
    lang = language()
    key = "recovery-chart:" + hashlib.sha256(
        json.dumps([data, title, axis_title, colours, lang], sort_keys=True).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(data, title=title, axis_title=axis_title, colours=colours, lang=lang)
        cache.set(key, svg, 3600)
    return str(svg)


def number_locale(lang: str) -> dict[str, object]:
    """The d3-format locale for `lang`, from the same CLDR data as core.formatting."""
    return {"decimal": get_decimal_symbol(lang), "thousands": get_group_symbol(lang), "grouping": [3],
            "currency": ["", ""]}


def _draw(data: list[dict[str, object]], *, title: str, axis_title: str, colours: list[str], lang: str) -> str:
    import altair as alt
    import vl_convert as vlc

    labels = list(dict.fromkeys(str(d["label"]) for d in data))
    series = list(dict.fromkeys(str(d["series"]) for d in data))  # in the order given, not alphabetical
    step = LABEL_BAND + BAR * len(series) + 10
    base = alt.Chart(alt.Data(values=data))
    band = alt.Y("label:N", sort=labels, axis=None, title=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    drawn = base.mark_bar(height=BAR - 2).encode(
        x=alt.X("value:Q", title=axis_title, axis=alt.Axis(format=",~f", tickCount=4)),
        y=band,
        yOffset=alt.YOffset("series:N", sort=series,
                            scale=alt.Scale(domain=series, range=[LABEL_BAND, LABEL_BAND + BAR * len(series)])),
        color=alt.Color("series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=colours),
                        legend=alt.Legend(orient="bottom") if len(series) > 1 else None),
    )
    names = base.transform_filter(alt.datum.series == series[0]).mark_text(
        align="left", baseline="top", dy=2, fontSize=13, color="#1a1a1a",
    ).encode(x=alt.datum(0), y=alt.Y("label:N", sort=labels, axis=None, title=None, bandPosition=0), text="label:N")
    chart = (
        alt.layer(drawn, names)
        .properties(width=WIDTH, height=step * len(labels),
                    title=alt.Title(textwrap.wrap(title, TITLE_CHARACTERS) or [""], anchor="start", fontSize=14))
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_legend(labelFontSize=12, symbolSize=120)
        .configure_view(stroke=None)
    )
    svg = vlc.vegalite_to_svg(chart.to_dict(), format_locale=number_locale(lang))
    return str(svg).replace("<svg ", '<svg role="img" aria-label="' + _escape(title) + '" ', 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
