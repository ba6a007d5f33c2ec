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

from dataclasses import dataclass
from datetime import date
from itertools import permutations
from operator import getitem

from adaldyq.names.parse import NameToken
from adaldyq.screening.matching.evidence import PersonFacts, apply_evidence
from adaldyq.screening.matching.explanation import Feature, MatchResult
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


@dataclass(frozen=True, slots=True)
class PersonParams:
    """Tunable constants of the name score; defaults set on the dev training half."""

    weight_name: float = 1.0  # surname or given name
    weight_patronymic: float = 0.7
    weight_initial: float = 0.4
    weight_particle: float = 0.2
    weakest_knee: float = 0.9  # a weakest token at or above this costs nothing
    weakest_power: float = 3.0  # how hard a weaker token pulls the score down
    extra_name_factor: float = 0.88  # per unaligned full word on the longer side
    single_word_cap: float = 0.6  # only one word shared, other words on a side
    initials_factor: float = 0.92  # the match rests partly on initials
    sex_conflict_factor: float = 0.4
    cross_role_factor: float = 0.5  # given name ~ surname, alike but not equal
    patronymics_apart_factor: float = 0.5  # both have a patronymic, not aligned together


DEFAULT_PARAMS = PersonParams()
# A given name never stands for a patronymic: Oleksandr Zelenskyy is not
# Volodymyr Oleksandrovych Zelenskyy (father and son share that word).
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


@dataclass(frozen=True, slots=True)
class _Pair:
    i: int
    j: int
    similarity: float
    reason: str
    role: str


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


def _align(a: PersonName, b: PersonName, params: PersonParams) -> list[_Pair]:
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
        pairs.append(_Pair(i, j, cell[0], cell[1], _pair_role(a.roles[i], b.roles[j])))
    return pairs


def _token_label(name: PersonName, index: int) -> str:
    return name.tokens[index].text


def score_names(
    a: PersonName,
    b: PersonName,
    params: PersonParams = DEFAULT_PARAMS,
    *,
    explain: bool = True,
) -> tuple[float, list[Feature]]:
    """Name-only score of two parsed names and its features.

    With ``explain=False`` no features are built: the bulk engine scores many
    candidates that way and explains only the ones it reports.
    """
    features: list[Feature] = []
    if not a.tokens or not b.tokens:
        return 0.0, [Feature("name", 0.0, "empty name", f"{a.text!r} / {b.text!r}")]
    pairs = _align(a, b, params)
    if not pairs:
        return 0.0, [Feature("name", 0.0, "no word in common", "")]
    total_weight = 0.0
    weighted = 0.0
    weakest = 1.0
    for p in pairs:
        w = min(_weight(a.roles[p.i], params), _weight(b.roles[p.j], params))
        total_weight += w
        weighted += w * p.similarity
        weakest = min(weakest, p.similarity)
        if explain:
            features.append(
                Feature(
                    p.role,
                    p.similarity,
                    f"weight {w:.2f}",
                    f"{_token_label(a, p.i)} ~ {_token_label(b, p.j)}: {p.reason}",
                )
            )

    aligned_a = {p.i for p in pairs}
    aligned_b = {p.j for p in pairs}
    disagreeing: set[tuple[int, int]] = set()  # (side, index) of initials that disagree
    for side, (x, y, aligned_x, aligned_y) in enumerate(
        ((a, b, aligned_a, aligned_b), (b, a, aligned_b, aligned_a))
    ):
        for k, t in enumerate(x.tokens):
            if not t.initial or k in aligned_x:
                continue
            # An initial left over while the other name still has a word it could
            # stand for means they disagree ("Мырзахметов Ш. М." / "... Мекемтас").
            rivals = [
                y.tokens[m].text
                for m in range(len(y.tokens))
                if m not in aligned_y and (y.tokens[m].initial or _initial_allowed(x, y, k, m))
            ]
            if rivals:
                weakest = 0.0
                disagreeing.add((side, k))
                if explain:
                    features.append(
                        Feature(
                            INITIAL,
                            0.0,
                            "disagrees",
                            f"{t.text} ~ {', '.join(rivals)}: no agreement",
                        )
                    )

    knee = min(1.0, weakest / params.weakest_knee) ** params.weakest_power
    score = (weighted / total_weight) * knee
    if explain:
        features.append(Feature("weakest_token", weakest, f"x{knee:.2f}", ""))
    for side, (name, aligned) in enumerate(((a, aligned_a), (b, aligned_b))):
        for k, role in enumerate(name.roles):
            if k in aligned or (side, k) in disagreeing:
                continue
            if role in (SURNAME, GIVEN):
                score *= params.extra_name_factor
                if explain:
                    features.append(
                        Feature(
                            "extra_name",
                            None,
                            f"x{params.extra_name_factor:.2f}",
                            f"{name.tokens[k].text} only in {name.text!r}",
                        )
                    )
            elif explain:
                features.append(
                    Feature(role, None, "neutral", f"{name.tokens[k].text} only on one side")
                )

    if (
        PATRONYMIC in a.roles
        and PATRONYMIC in b.roles
        and not any(a.roles[p.i] == PATRONYMIC and b.roles[p.j] == PATRONYMIC for p in pairs)
    ):
        # Both names give a father's name and they were not matched to each other:
        # the words line up only by crossing roles (Асхатов Тұржан Актаевич /
        # Тұржанов Олжас Асхатұлы).
        score *= params.patronymics_apart_factor
        if explain:
            features.append(
                Feature(
                    PATRONYMIC,
                    0.0,
                    f"x{params.patronymics_apart_factor:.2f}",
                    "both names have a patronymic, and they do not correspond",
                )
            )
    if min(a.full_count, b.full_count) == 0 and score > params.single_word_cap:
        score = params.single_word_cap
        if explain:
            features.append(
                Feature("coverage", None, f"capped at {score:.2f}", "a name made of initials only")
            )
    initial_pairs = sum(1 for p in pairs if a.tokens[p.i].initial or b.tokens[p.j].initial)
    full_pairs = sum(1 for p in pairs if p.role != PARTICLE) - initial_pairs
    if not full_pairs and min(a.full_count, b.full_count) > 0:
        # Both names have full words and none of them agree: initials alone are
        # not a match (Хикметов А. Қ. / Әбіш Кекілбайұлы).
        score = 0.0
        if explain:
            features.append(Feature("coverage", 0.0, "score 0", "no full word in common"))
    single_word = full_pairs == 1 and not initial_pairs
    if single_word and max(a.full_count, b.full_count) >= 2 and score > params.single_word_cap:
        score = params.single_word_cap
        if explain:
            features.append(
                Feature("coverage", None, f"capped at {score:.2f}", "only one word in common")
            )
    if initial_pairs and score > 0:
        score *= params.initials_factor
        if explain:
            features.append(
                Feature(
                    "initials",
                    None,
                    f"x{params.initials_factor:.2f}",
                    "part of the match rests on initials",
                )
            )

    if explain:
        order_a = [p.i for p in sorted(pairs, key=lambda p: p.j)]
        if order_a != sorted(order_a):
            features.append(Feature("order", None, "neutral", "words in a different order"))

    if a.sex and b.sex and a.sex != b.sex:
        score *= params.sex_conflict_factor
        if explain:
            features.append(
                Feature(
                    "sex",
                    0.0,
                    f"x{params.sex_conflict_factor:.2f}",
                    f"name endings say {a.sex} / {b.sex}",
                )
            )
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
        score, extra = apply_evidence(score, facts_a, facts_b, a.sex, b.sex)
        features.extend(extra)
    return MatchResult(score, thresholds.band(score), tuple(features))
