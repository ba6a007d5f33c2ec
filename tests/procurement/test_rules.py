"""Pure rules: settings parsing, Cardinal's statistics, the composite score, the generator."""

from __future__ import annotations

import math

import pytest

from adaldyq.procurement import stats
from adaldyq.procurement.composite import explain, rank_score
from adaldyq.procurement.exceptions import SettingsError
from adaldyq.procurement.generate import releases
from adaldyq.procurement.indicator_config import parse_ini, split_pipe


def test_pipe_lists_follow_cardinal() -> None:
    assert split_pipe("a|b|") == {"a", "b"}
    assert split_pipe("") == frozenset()
    assert split_pipe("a||b") == {"a", "", "b"}
    assert split_pipe(" a") == {" a"}


def test_settings_parse_with_the_same_keys() -> None:
    settings = parse_ini(
        "currency = KZT\nprice_comparison_procurement_methods = A|B\n"
        "[exclusions]\nprocurement_method_details = X\n"
        "[R003]\nthreshold = -2\n[R003.procurement_method_details]\nx = 5\n"
        "[R024]\n[defaults]\nanything = goes\n[codelists.a]\nb = c\n"
    )
    assert settings.currency == "KZT"
    assert settings.price_comparison_procurement_methods == {"A", "B"}
    assert settings.excluded_procurement_method_details == {"X"}
    assert settings.indicators == {"R003": {"threshold": -2, "procurement_method_details": {"x": 5}}, "R024": {}}


@pytest.mark.parametrize("text, message", [
    ("colour = red\n", "unknown setting 'colour'"),
    ("[R999]\n", "unknown section [R999]"),
    ("[R018.procurement_methods]\nx = 1\n", "unknown section"),
    ("[R003]\nthreshold = soon\n", "expected int"),
    ("[R048]\nthreshold = -1\n", "expected uint"),
    ("[exclusions]\nmethods = x\n", "unknown key"),
])
def test_settings_errors(text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_ini(text)


def test_quantile_is_hyndman_fan_8() -> None:
    values = [0.0, 0.0] + [100.0] * 7
    assert stats.meta_round(stats.quantile(values, 0.25)) == 66.6667
    assert stats.quantile([5.0], 0.25) == 5.0
    assert stats.quantile([1.0, 2.0], 0.75) == 2.0
    assert math.isnan(stats.quantile([], 0.5))
    assert math.isnan(stats.quantile([1.0], 1.5))


def test_fences_use_a_single_rounding() -> None:
    # 0.1 * 3 + 0.7 rounds twice to 1.0000000000000002; fused, it is 1.0.
    assert stats.fma(0.1, 3.0, 0.7) == 1.0
    assert math.isinf(stats.fma(math.inf, 1.0, 0.0))


def test_meta_rounds_half_away_from_zero() -> None:
    assert stats.meta_round(0.00005) == 0.0001
    assert stats.meta_round(-0.00005) == -0.0001
    assert stats.meta_round(math.nan) is None


def test_composite_is_the_mean_of_what_could_be_computed() -> None:
    score, share = explain({"R003": 1.0, "R018": 0.0, "R024": None, "R013": 1.0})
    assert score == pytest.approx(2 / 3)
    assert share == pytest.approx({"R003": 1 / 3, "R018": 0.0, "R013": 1 / 3})
    assert explain({"R003": None}) == (None, {})


def test_a_score_on_few_indicators_does_not_outrank_a_full_one() -> None:
    """Issue 13: a 1.00 resting on 2 of 10 indicators ranked above every full score."""
    codes = [f"R{n:03d}" for n in range(10)]
    thin = {code: (1.0 if n < 2 else None) for n, code in enumerate(codes)}
    full = {code: (1.0 if n < 3 else 0.0) for n, code in enumerate(codes)}
    assert explain(thin)[0] == 1.0 and explain(full)[0] == pytest.approx(0.3)
    assert rank_score(thin) == pytest.approx(0.2) and rank_score(full) == pytest.approx(0.3)
    assert rank_score({"R003": None}) is None


def test_generator_is_deterministic_and_realistic() -> None:
    first = list(releases(300, seed=5))
    assert first == list(releases(300, seed=5))
    assert first != list(releases(300, seed=6))
    competitive = [r for r in first if r["tender"]["procurementMethod"] == "open"]
    sample = competitive[0]
    assert {"parties", "buyer", "tender", "bids", "awards", "contracts"} <= set(sample)
    assert sample["tender"]["tenderers"] and sample["tender"]["items"][0]["classification"]["id"]
    assert sample["awards"][0]["value"]["currency"] == "KZT"
    assert len({r["ocid"] for r in first}) == 300


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 7, 50, 1001])
def test_quartiles_in_duckdb_match_statrs(n: int) -> None:
    import random

    from adaldyq.procurement.backends import DuckDBBackend
    from adaldyq.procurement.indicator_config import Settings
    from adaldyq.procurement.indicators.common import Context, sql_quartiles

    rng = random.Random(n)
    values = [float(rng.choice([0, 1, 2, rng.random() * 100])) for _ in range(n)]
    db = DuckDBBackend()
    db.con.execute("CREATE TABLE v (x DOUBLE)")
    if values:
        db.con.executemany("INSERT INTO v VALUES (?)", [(v,) for v in values])
    q1, q3 = sql_quartiles(Context(db, Settings()), "SELECT x FROM v")
    db.close()
    ordered = sorted(values)
    expected = (stats.quantile(ordered, 0.25), stats.quantile(ordered, 0.75))
    if n == 0:
        assert math.isnan(q1) and math.isnan(q3)
    else:
        assert (q1, q3) == expected
