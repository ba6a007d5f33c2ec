"""Score a pair of person names, with optional IIN, birth date and sex.

1. Both names are parsed into tokens (``names.parse``) with guessed roles.
2. Tokens are aligned one-to-one so that the total similarity is highest; every
   pairing is tried (names have few tokens), with one rule: in "Surname G. P." the
   last of several initials belongs to the patronymic, the others to given names.
3. The name score is the weighted mean of the aligned similarities times a factor
   that falls with the weakest aligned token, so one wrong given name sinks the
   pair however good the surname is (namesakes are the main source of error).
   Tokens present on one side only cost little (a patronymic nothing); a pair that
   shares a single word and nothing else is capped to the review band.
4. Identifiers and dates then adjust it (``evidence``): equal IINs decide a match,
   different valid IINs decide a non-match.

Every step adds a ``Feature`` to the explanation.
"""

from __future__ import annotations

from datetime import date
from itertools import permutations
from operator import getitem

from adaldyq.names.parse import NameToken
from adaldyq.screening.matching.adjustments import (
    EXPLAIN_ONLY,
    NAME_ADJUSTMENTS,
    AlignedPair,
    Comparison,
)
from adaldyq.screening.matching.evidence import PersonFacts, apply_evidence
from adaldyq.screening.matching.explanation import Feature, MatchResult
from adaldyq.screening.matching.params import DEFAULT_PARAMS, PersonParams
from adaldyq.screening.matching.roles import (
    GIVEN,
    INITIAL,
    PARTICLE,
    PATRONYMIC,
    SURNAME,
    PersonName,
    person_name,
)
from adaldyq.screening.matching.similarity import (
    ONE_EDIT_MATCH,
    OTHER_EDIT_REASON,
    token_similarity,
)
from adaldyq.screening.matching.thresholds import DEFAULT_THRESHOLDS, Thresholds

# A given name never stands for a patronymic: Oleksandr Ostrovskyy is not
# Volodymyr Oleksandrovych Ostrovskyy (father and son share that word).
_FORBIDDEN_ROLE_PAIRS = ({GIVEN, PATRONYMIC},)
_GIVEN_AND_SURNAME = {GIVEN, SURNAME}
_MAX_EXHAUSTIVE = 7


def _weight(role: str, params: PersonParams) -> float:
    if role == PATRONYMIC:
        return params.weight_patronymic
    if role == INITIAL:
        return params.weight_initial
    if role == PARTICLE:
        return params.weight_particle
    return params.weight_name


def _pair_role(role_a: str, role_b: str) -> str:
    roles = {role_a, role_b}
    if PARTICLE in roles:
        return PARTICLE
    if PATRONYMIC in roles:
        return PATRONYMIC
    if INITIAL in roles:
        return INITIAL
    if SURNAME in roles:
        return SURNAME
    return GIVEN


def _initial_allowed(initials: PersonName, full: PersonName, i: int, j: int) -> bool:
    """May initial ``i`` of one name stand for token ``j`` of the other?"""
    in_patronymic_slot = i in initials.patronymic_slot
    if full.roles[j] == PATRONYMIC:
        return in_patronymic_slot
    return not in_patronymic_slot


def _cyrillic(token: NameToken) -> bool:
    return "\u0400" <= token.text[:1] <= "\u04ff"


def _pair_allowed(a: PersonName, b: PersonName, i: int, j: int) -> bool:
    ta, tb = a.tokens[i], b.tokens[j]
    if {a.roles[i], b.roles[j]} in _FORBIDDEN_ROLE_PAIRS or ta.particle != tb.particle:
        return False
    if ta.initial and not tb.initial:
        return _initial_allowed(a, b, i, j)
    if tb.initial and not ta.initial:
        return _initial_allowed(b, a, j, i)
    return True


_MASKS: dict[tuple[tuple[object, ...], tuple[object, ...]], tuple[tuple[bool, ...], ...]] = {}


def _allowed_mask(a: PersonName, b: PersonName) -> tuple[tuple[bool, ...], ...]:
    """Which word pairs may be aligned; depends only on the names' shapes, so cached."""
    key = (a.shape, b.shape)
    mask = _MASKS.get(key)
    if mask is None:
        mask = tuple(
            tuple(_pair_allowed(a, b, i, j) for j in range(len(b.tokens)))
            for i in range(len(a.tokens))
        )
        if len(_MASKS) < 100_000:
            _MASKS[key] = mask
    return mask


def _similarity_matrix(
    a: PersonName, b: PersonName, params: PersonParams
) -> list[list[tuple[float, str] | None]]:
    matrix: list[list[tuple[float, str] | None]] = []
    mask = _allowed_mask(a, b)
    for i, ta in enumerate(a.tokens):
        row: list[tuple[float, str] | None] = []
        allowed = mask[i]
        for j, tb in enumerate(b.tokens):
            if not allowed[j]:
                row.append(None)
                continue
            similarity, reason = token_similarity(ta, tb)
            if reason == OTHER_EDIT_REASON and not (
                GIVEN in (a.roles[i], b.roles[j])
                and _cyrillic(ta)
                and _cyrillic(tb)
                and a.roles_certain
                and b.roles_certain
            ):
                # One letter off is taken as a typo in a surname or a patronymic
                # (Мұхтарханқызы / Мухтахановна), and in any word spelled in Latin,
                # where transliteration adds noise.  Between two Cyrillic given names
                # it may be a sibling's name (Нұржан / Нұрлан): review level, when
                # the names show which word is the given name.
                similarity, reason = ONE_EDIT_MATCH, "one letter differs, taken as a typo"
            if (
                similarity < 1.0
                and {a.roles[i], b.roles[j]} == _GIVEN_AND_SURNAME
                and a.roles_certain
                and b.roles_certain
            ):
                # Тұржан / Тұржанов: a given name and a surname made from it.
                similarity *= params.cross_role_factor
                reason += ", but one is a given name and the other a surname"
            row.append((similarity, reason))
        matrix.append(row)
    return matrix


# A word whose best similarity is below this keeps the weakest-word factor, and
# so the name score, under the review threshold: (0.7 / 0.9) ** 3 = 0.47 < 0.55.
HOPELESS_WORD = 0.7


def hopeless(a: PersonName, b: PersonName) -> bool:
    """Cheap test that the name score of a and b is below the review band.

    True when a word of the name with fewer (or as many) words is below
    ``HOPELESS_WORD`` with every word of the other name and may pair with all of
    them, so that the alignment must pair it badly.  The bulk engine uses it to
    skip the alignment for most candidates; it never says True for a pair that
    would reach the review band on names alone.
    """
    if len(a.tokens) > len(b.tokens):
        a, b = b, a
    mask = _allowed_mask(a, b)
    for i, ta in enumerate(a.tokens):
        if not all(mask[i]):
            continue
        if all(token_similarity(ta, tb)[0] < HOPELESS_WORD for tb in b.tokens):
            return True
    return False


def _align(a: PersonName, b: PersonName, params: PersonParams) -> list[AlignedPair]:
    """Best one-to-one alignment of the tokens of two names.

    Every pairing is tried (names have few words); a forbidden pair counts slightly
    below zero so that it is left unaligned rather than chosen.
    """
    matrix = _similarity_matrix(a, b, params)
    n, m = len(a.tokens), len(b.tokens)
    weights_b = [_weight(r, params) for r in b.roles]
    values = [
        [
            -0.01 if cell is None else cell[0] * min(w_a, w_b)
            for cell, w_b in zip(row, weights_b, strict=True)
        ]
        for row, w_a in zip(matrix, (_weight(r, params) for r in a.roles), strict=True)
    ]
    best: list[tuple[int, int]] = []
    if max(n, m) <= _MAX_EXHAUSTIVE:
        rows = values if n <= m else [list(col) for col in zip(*values, strict=True)]
        best_total = -1.0
        best_perm: tuple[int, ...] = ()
        for perm in permutations(range(max(n, m)), min(n, m)):
            total = sum(map(getitem, rows, perm))
            if total > best_total:
                best_total, best_perm = total, perm
        if n <= m:
            best = list(enumerate(best_perm))
        else:
            best = [(i, j) for j, i in enumerate(best_perm)]
    else:  # greedy for very long names (rare: titles, clan names)
        cells = sorted(((values[i][j], i, j) for i in range(n) for j in range(m)), reverse=True)
        used_a: set[int] = set()
        used_b: set[int] = set()
        for _, i, j in cells:
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                best.append((i, j))
    pairs = []
    for i, j in best:
        cell = matrix[i][j]
        if cell is None:
            continue
        role = _pair_role(a.roles[i], b.roles[j])
        pairs.append(AlignedPair(i=i, j=j, similarity=cell[0], reason=cell[1], role=role))
    return pairs


def _disagreeing_initials(
    a: PersonName, b: PersonName, aligned: tuple[set[int], set[int]]
) -> list[tuple[int, int, str]]:
    """Initials left over while the other name still has a word they could stand for:
    they disagree ("Мырзахметов Ш. М." / "... Мейрамбек").  (side, index, rivals) each."""
    out = []
    for side, (x, y) in enumerate(((a, b), (b, a))):
        aligned_x, aligned_y = aligned[side], aligned[1 - side]
        for k, t in enumerate(x.tokens):
            if not t.initial or k in aligned_x:
                continue
            rivals = [
                y.tokens[m].text
                for m in range(len(y.tokens))
                if m not in aligned_y and (y.tokens[m].initial or _initial_allowed(x, y, k, m))
            ]
            if rivals:
                out.append((side, k, ", ".join(rivals)))
    return out


def _comparison(a: PersonName, b: PersonName, pairs: list[AlignedPair], params: PersonParams,
                ) -> tuple[Comparison, list[tuple[int, int, str]]]:
    aligned = ({p.i for p in pairs}, {p.j for p in pairs})
    disagreeing = _disagreeing_initials(a, b, aligned) if INITIAL in a.roles or INITIAL in b.roles else []
    initial_pairs = sum(1 for p in pairs if a.tokens[p.i].initial or b.tokens[p.j].initial)
    full_pairs = sum(1 for p in pairs if p.role != PARTICLE) - initial_pairs
    comparison = Comparison(a=a, b=b, pairs=pairs, aligned_a=aligned[0], aligned_b=aligned[1],
                            disagreeing={(side, k) for side, k, _ in disagreeing}, initial_pairs=initial_pairs,
                            full_pairs=full_pairs, params=params)
    return comparison, disagreeing


def _base_score(c: Comparison, params: PersonParams, *, explain: bool) -> tuple[float, list[Feature]]:
    """Weighted mean of the aligned similarities times the weakest-word factor."""
    features: list[Feature] = []
    total_weight = weighted = 0.0
    weakest = 0.0 if c.disagreeing else 1.0
    for p in c.pairs:
        w = min(_weight(c.a.roles[p.i], params), _weight(c.b.roles[p.j], params))
        total_weight += w
        weighted += w * p.similarity
        weakest = min(weakest, p.similarity)
        if explain:
            detail = f"{c.a.tokens[p.i].text} ~ {c.b.tokens[p.j].text}: {p.reason}"
            features.append(Feature(p.role, p.similarity, f"weight {w:.2f}", detail))
    knee = min(1.0, weakest / params.weakest_knee) ** params.weakest_power
    if explain:
        features.append(Feature("weakest_token", weakest, f"x{knee:.2f}", ""))
    return (weighted / total_weight) * knee, features


def score_names(
    a: PersonName,
    b: PersonName,
    params: PersonParams = DEFAULT_PARAMS,
    *,
    explain: bool = True,
) -> tuple[float, list[Feature]]:
    """Name-only score of two parsed names and its features.

    The base score, then every rule of ``adjustments.NAME_ADJUSTMENTS`` in order.
    With ``explain=False`` no features are built: the bulk engine scores many
    candidates that way and explains only the ones it reports.
    """
    if not a.tokens or not b.tokens:
        return 0.0, [Feature("name", 0.0, "empty name", f"{a.text!r} / {b.text!r}")]
    pairs = _align(a, b, params)
    if not pairs:
        return 0.0, [Feature("name", 0.0, "no word in common", "")]
    comparison, disagreeing = _comparison(a, b, pairs, params)
    score, features = _base_score(comparison, params, explain=explain)
    if explain:
        side_names = (a, b)
        features[len(pairs):len(pairs)] = [
            Feature(INITIAL, 0.0, "disagrees", f"{side_names[side].tokens[k].text} ~ {rivals}: no agreement")
            for side, k, rivals in disagreeing
        ]
    for adjustment in NAME_ADJUSTMENTS:
        if not explain and adjustment in EXPLAIN_ONLY:
            continue
        for effect in adjustment(comparison, score):
            score = effect.apply(score)
            if explain:
                features.append(effect.as_feature())
    return max(0.0, min(1.0, score)), features


def score_person(
    name_a: str,
    name_b: str,
    *,
    iin_a: str | None = None,
    iin_b: str | None = None,
    birth_date_a: date | None = None,
    birth_date_b: date | None = None,
    sex_a: str | None = None,
    sex_b: str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    params: PersonParams = DEFAULT_PARAMS,
) -> MatchResult:
    """Score two persons; the result explains every feature that counted."""
    return score_parsed(
        person_name(name_a),
        person_name(name_b),
        PersonFacts(iin_a, birth_date_a, sex_a),
        PersonFacts(iin_b, birth_date_b, sex_b),
        thresholds=thresholds,
        params=params,
    )


def score_parsed(
    a: PersonName,
    b: PersonName,
    facts_a: PersonFacts | None = None,
    facts_b: PersonFacts | None = None,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    params: PersonParams = DEFAULT_PARAMS,
    explain: bool = True,
) -> MatchResult:
    """Score two already parsed names (the bulk engine parses each name once)."""
    score, features = score_names(a, b, params, explain=explain)
    if facts_a is not None and facts_b is not None:
        score, extra = apply_evidence(score, facts_a, facts_b, name_sex_a=a.sex, name_sex_b=b.sex)
        features.extend(extra)
    return MatchResult(score, thresholds.band(score), tuple(features))
