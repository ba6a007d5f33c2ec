"""Composite risk score, in the spirit of the Corruption Risk Index (Fazekas et al.).

A contracting process scores the mean of the red flags that *could be computed* for it:
a flag that cannot be computed (say, no bids were published) neither raises nor lowers
the score. Each flag's contribution is its value divided by the number of computable
flags, so the contributions add up to the score and a reviewer sees why it is high.

Components of a process: every enabled process-level indicator (R003, R018, R024, R028,
R030, R035, R036, R055, R058: 1 if it flagged the process, 0 if it could have) and, when
R013 is enabled, whether the procedure itself was non-competitive (the CRI's "procedure
type").

A buyer or a supplier scores the mean of its components: for each process-level flag, the
share of its computable processes that carry it; and for each organisation-level indicator
that judges it (R038 for buyers; R025, R038 and R048 for suppliers), 1 if flagged and 0 if
it had processes the indicator could use. A supplier's processes are those with an active
award to it.

A score is always shown with how many components it rests on ("1.00 on 2 of 10"), and
lists are ranked by the **rank score**: the components' sum over *all* components, as if
a component that could not be computed had not fired. So a 1.00 resting on 2 of 10
indicators (rank 0.2) never outranks a full score of 0.3; among equal rank scores (as many
flags fired) the score resting on more indicators comes first. See docs/procurement/composite.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from . import indicators
from .indicators.common import BUYER, OCID, TENDERER

if TYPE_CHECKING:
    from .engine import Analysis, Engine

ORGANISATION_FLAGS: dict[str, dict[str, tuple[str, ...]]] = {
    "buyer": {BUYER: ("R038",)}, "supplier": {TENDERER: ("R025", "R038", "R048")},
}
NON_COMPETITIVE = "R013"


def explain(components: Mapping[str, float | None]) -> tuple[float | None, dict[str, float]]:
    """Mean of the computable components and each one's share of it.

    ``None`` marks a component that could not be computed. Returns (None, {}) when none
    could be.
    """
    known = {code: value for code, value in components.items() if value is not None}
    if not known:
        return None, {}
    share = {code: value / len(known) for code, value in known.items()}
    return sum(share.values()), share


def rank_score(components: Mapping[str, float | None]) -> float | None:
    """The ranking key: the sum of the computable components over *all* components.

    A component that could not be computed counts as not fired here (never in the shown
    score), so thin evidence ranks below full evidence of the same strength. None when
    nothing could be computed.
    """
    known = [value for value in components.values() if value is not None]
    return sum(known) / len(components) if known else None


@dataclass(frozen=True)
class Score:
    """One scored process or organisation, with the evidence."""

    level: str
    id: str
    score: float | None
    _: KW_ONLY
    components: dict[str, float | None]
    contributions: dict[str, float]
    processes: int = 1

    @property
    def computable(self) -> int:
        """How many components could be computed: a score from one flag is weak evidence."""
        return sum(value is not None for value in self.components.values())

    @property
    def indicators(self) -> int:
        """How many components the score could have rested on (the "10" of "2 of 10")."""
        return len(self.components)

    @property
    def rank(self) -> float | None:
        return rank_score(self.components)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": self.score, "computable": self.computable, "indicators": self.indicators,
                "rank_score": self.rank, "processes": self.processes,
                "components": self.components, "contributions": self.contributions}


class RiskScores:
    """Scores over the ``proc`` table of an engine after ``Engine.run``; read lazily."""

    def __init__(self, engine: Engine, analysis: Analysis) -> None:
        self.engine = engine
        self.analysis = analysis
        self.codes = [m.CODE for m in engine.enabled() if m.LEVEL == "process"]
        if engine.settings.enabled(NON_COMPETITIVE):
            self.codes.append(NON_COMPETITIVE)
        self._build()

    def _build(self) -> None:
        ctx = self.engine.ctx
        flagged = [(ocid, code) for ocid, codes in self.analysis.results.get(OCID, {}).items() for code in codes]
        table = pa.table({"ocid": [f[0] for f in flagged], "code": [f[1] for f in flagged]},
                         schema=pa.schema([("ocid", pa.string()), ("code", pa.string())]))
        ctx.con.register("flagged_arrow", table)
        ctx.con.execute("CREATE OR REPLACE TEMP TABLE flagged AS SELECT * FROM flagged_arrow")
        ctx.con.unregister("flagged_arrow")
        columns = []
        for code in self.codes:
            module = indicators.by_code(code)
            if code == NON_COMPETITIVE:
                value = f"({module.process_flag(ctx)})::DOUBLE"
            else:
                value = f"(ocid IN (SELECT ocid FROM flagged WHERE code = '{code}'))::DOUBLE"
            columns.append(f"CASE WHEN coalesce({module.eligible(ctx)}, false) THEN {value} END AS {code}")
        ctx.con.execute(f"""
            CREATE OR REPLACE TABLE risk_processes AS
            SELECT line, ocid, buyer_id,
                list_distinct(flatten(list_transform(list_filter(awards, lambda a: a.status = 'active'),
                    lambda a: list_filter(coalesce(a.suppliers, []), lambda s: s IS NOT NULL)))) AS suppliers,
                {', '.join(columns) if columns else 'NULL AS none'}
            FROM proc
        """)
        mean = " + ".join(f"coalesce({c}, 0)" for c in self.codes) or "0"
        count = " + ".join(f"({c} IS NOT NULL)::INTEGER" for c in self.codes) or "0"
        ctx.con.execute(f"CREATE OR REPLACE TABLE risk_process_scores AS SELECT *, "
                        f"({mean}) / nullif({count}, 0) AS score, {count} AS computable, "
                        f"CASE WHEN {count} > 0 THEN ({mean}) / {max(len(self.codes), 1)} END AS rank_score "
                        f"FROM risk_processes")

    def processes(self, batch: int = 10_000, order_by_score: bool = False, limit: int | None = None) -> Iterator[Score]:
        """Every kept process with its score, streamed in batches on a cursor of its own."""
        order = "rank_score DESC NULLS LAST, computable DESC, score DESC, line" if order_by_score else "line"
        cursor = self.engine.con.cursor().execute(
            f"SELECT ocid, {', '.join(self.codes) or 'NULL'} FROM risk_process_scores ORDER BY {order}"
            + ("" if limit is None else f" LIMIT {int(limit)}"))
        while rows := cursor.fetchmany(batch):
            for ocid, *values in rows:
                components = dict(zip(self.codes, values, strict=True))
                score, share = explain(components)
                yield Score("process", ocid, score, components=components, contributions=share)

    def organisations(self, level: str) -> Iterator[Score]:
        """Buyers (``level="buyer"``) or suppliers (``"supplier"``), highest rank score first."""
        ctx = self.engine.ctx
        key = "buyer_id" if level == "buyer" else "supplier"
        source = ("risk_processes" if level == "buyer"
                  else "(SELECT * EXCLUDE (suppliers), UNNEST(suppliers) AS supplier FROM risk_processes)")
        rates = ", ".join(f"avg({c}) AS {c}" for c in self.codes)
        rows = ctx.rows(f"SELECT {key}, count(*), {rates or 'NULL'} FROM {source} "
                        f"WHERE {key} IS NOT NULL GROUP BY {key}")
        org_flags = self._organisation_flags(level)
        scores = []
        for ident, n, *values in rows:
            components: dict[str, float | None] = dict(zip(self.codes, values, strict=True))
            for code, flagged in org_flags.items():
                components[f"{code}/{level}"] = 1.0 if ident in flagged else (0.0 if ident in self._judged(code, level) else None)
            score, share = explain(components)
            scores.append(Score(level, ident, score, components=components, contributions=share,
                                processes=int(n)))
        scores.sort(key=lambda s: (-(s.rank or 0.0), -s.computable, -(s.score or 0.0), -s.processes, s.id))
        return iter(scores)

    def _organisation_flags(self, level: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for group, codes in ORGANISATION_FLAGS[level].items():
            for code in codes:
                if self.engine.settings.enabled(code):
                    found[code] = {ident for ident, values in self.analysis.results.get(group, {}).items()
                                   if code in values}
        return found

    def _judged(self, code: str, level: str) -> set[str]:
        """Organisations the indicator had data for (so a missing flag means 0, not unknown)."""
        cache_key = f"judged-{code}-{level}"
        if cache_key not in self.engine.ctx.cache:
            eligible = indicators.by_code(code).eligible(self.engine.ctx)
            column = ("buyer_id" if level == "buyer" else
                      "UNNEST(list_transform(list_filter(awards, lambda a: a.status = 'active'), lambda a: a.suppliers[1]))")
            rows = self.engine.ctx.rows(f"SELECT DISTINCT {column} FROM proc WHERE coalesce({eligible}, false)")
            self.engine.ctx.cache[cache_key] = {r[0] for r in rows if r[0] is not None}
        return self.engine.ctx.cache[cache_key]  # type: ignore[no-any-return]

    def summary(self, top: int = 20) -> dict[str, Any]:
        """The highest-scoring processes, buyers and suppliers, and how scores spread."""
        (n, mean, flagged) = self.engine.ctx.one(
            "SELECT count(score), avg(score), count(*) FILTER (WHERE score > 0) FROM risk_process_scores")
        processes = [s.as_dict() for s in self.processes(order_by_score=True, limit=top)]
        buyers = [s.as_dict() for _, s in zip(range(top), self.organisations("buyer"), strict=False)]
        suppliers = [s.as_dict() for _, s in zip(range(top), self.organisations("supplier"), strict=False)]
        return {
            "components": self.codes,
            "processes_scored": n, "mean_score": mean, "processes_with_a_flag": flagged,
            "top_processes": processes, "top_buyers": buyers, "top_suppliers": suppliers,
        }


def composite(engine: Engine, analysis: Analysis) -> RiskScores:
    return RiskScores(engine, analysis)
