"""Charts drawn on the server as SVG (Vega-Lite through Altair and vl-convert), so the
dashboard works without JavaScript. Each chart sits next to a table of the same
numbers, which is what screen readers and the JSON twin use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal

from django.core.cache import cache

BILLION = Decimal(1_000_000_000)


def bars(rows: Sequence[tuple[str, Decimal]], title: str, axis_title: str, colour: str = "#0b4f8a") -> str:
    """A horizontal bar chart of amounts in tenge, drawn in billions; empty string if no data."""
    data = [{"label": label, "value": float(value / BILLION)} for label, value in rows if value]
    if not data:
        return ""
    return _render(data, title, axis_title, colour)


def grouped(rows: Sequence[tuple[str, str, Decimal]], title: str, axis_title: str) -> str:
    """Bars grouped by series (for example ordered vs collected per asset type)."""
    data = [{"label": label, "series": series, "value": float(value / BILLION)} for label, series, value in rows]
    if not any(d["value"] for d in data):
        return ""
    return _render(data, title, axis_title, "", grouped=True)


def _render(data: list[dict[str, object]], title: str, axis_title: str, colour: str, grouped: bool = False) -> str:
    key = "recovery-chart:" + hashlib.sha256(
        json.dumps([data, title, axis_title, colour, grouped], sort_keys=True).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(data, title, axis_title, colour, grouped)
        cache.set(key, svg, 3600)
    return str(svg)


def _draw(data: list[dict[str, object]], title: str, axis_title: str, colour: str, grouped: bool) -> str:
    import altair as alt
    import vl_convert as vlc

    base = alt.Chart(alt.Data(values=data)).properties(title=title, width=520)
    y = alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260))
    x = alt.X("value:Q", title=axis_title)
    if grouped:
        order = list(dict.fromkeys(str(d["series"]) for d in data))  # series in the order given, not alphabetical
        chart = base.mark_bar().encode(
            x=x, y=alt.Y("label:N", title=None, sort=list(dict.fromkeys(str(d["label"]) for d in data)),
                         axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("series:N", sort=order),
            color=alt.Color("series:N", title=None, sort=order,
                            scale=alt.Scale(domain=order, range=["#0b4f8a", "#f5a623"]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=["label:N", "series:N", alt.Tooltip("value:Q", format=",.2f")],
        )
    else:
        chart = base.mark_bar(color=colour).encode(x=x, y=y, tooltip=["label:N", alt.Tooltip("value:Q", format=",.2f")])
    svg = vlc.vegalite_to_svg(chart.to_dict())
    return str(svg).replace("<svg ", '<svg role="img" aria-label="' + _escape(title) + '" ', 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
