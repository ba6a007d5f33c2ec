"""The life of a recovered asset, as a table of allowed actions.

identified → frozen → confiscated | voluntary return → transferred to the state →
held in kind | sold → proceeds credited to the fund. Going back is never an edit: it
is its own action with its own ground (a court lifts an arrest, an appeal overturns a
confiscation), so the history shows that it happened and why. `released` ends an
asset that goes back to its owner.

Amounts follow the actions: ordering (`confiscate`, `agree_return`) sets the amount
ordered; `collect` and `credit` add to the amount actually collected, and each of
them is a receipt into the fund; `transfer` fixes the value returned to the state.
No Django here; the service applies a `Step` to the stored asset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import KW_ONLY, dataclass, field
from decimal import Decimal

from adaldyq.core.refusals import Label, gettext_noop

from .exceptions import InvalidAmount, TransitionNotAllowed

IDENTIFIED = "identified"
FROZEN = "frozen"
CONFISCATED = "confiscated"
VOLUNTARY = "voluntary_return"
TRANSFERRED = "transferred"
HELD = "held_in_kind"
SOLD = "sold"
CREDITED = "credited"
RELEASED = "released"

STATES = [IDENTIFIED, FROZEN, CONFISCATED, VOLUNTARY, TRANSFERRED, HELD, SOLD, CREDITED, RELEASED]
# The English names of states and actions in messages; the same words as the labels of
# models.AssetStatus and forms.ACTION_LABELS, so one translation serves both (a test checks).
STATUS_NAMES = {
    IDENTIFIED: "Identified", FROZEN: "Frozen / arrested", CONFISCATED: "Confiscated",
    VOLUNTARY: "Agreed for voluntary return", TRANSFERRED: "Transferred to the state", HELD: "Held in kind",
    SOLD: "Sold", CREDITED: "Proceeds credited to the fund", RELEASED: "Released",
}
ACTION_NAMES = {
    "freeze": "Freeze / arrest", "lift_arrest": "Lift the arrest (step back)", "confiscate": "Confiscate (verdict)",
    "agree_return": "Agree voluntary return", "overturn": "Overturn the order (step back)",
    "transfer": "Transfer to the state", "hold": "Hold in kind", "sell": "Sell",
    "credit": "Credit proceeds to the fund", "collect": "Record money collected",
    "release": "Release to the owner (step back)",
}
# Not yet with the state: what the agency reports as "identified" and still pending.
PENDING_STATES = frozenset({IDENTIFIED, FROZEN, CONFISCATED, VOLUNTARY})
# Handed over to the state: what it reports as "returned".
RETURNED_STATES = frozenset({TRANSFERRED, HELD, SOLD, CREDITED})
# States in which money can still be collected against an order.
COLLECTABLE_STATES = frozenset({CONFISCATED, VOLUNTARY, TRANSFERRED, HELD, SOLD, CREDITED})


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change (a collection)
    _: KW_ONLY
    backward: bool = False
    amount: str = ""  # "" none, "ordered", "collected", "returned", "proceeds", "credited"
    needs_ground: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("freeze", frozenset({IDENTIFIED}), FROZEN),
        Action("lift_arrest", frozenset({FROZEN}), IDENTIFIED, backward=True, needs_ground=True),
        Action("confiscate", frozenset({FROZEN, IDENTIFIED}), CONFISCATED, amount="ordered"),
        Action("agree_return", frozenset({IDENTIFIED, FROZEN}), VOLUNTARY, amount="ordered"),
        Action("overturn", frozenset({CONFISCATED, VOLUNTARY}), FROZEN, backward=True, needs_ground=True),
        Action("transfer", frozenset({CONFISCATED, VOLUNTARY}), TRANSFERRED, amount="returned"),
        Action("hold", frozenset({TRANSFERRED}), HELD),
        Action("sell", frozenset({TRANSFERRED, HELD}), SOLD, amount="proceeds"),
        Action("credit", frozenset({SOLD, TRANSFERRED}), CREDITED, amount="credited"),
        Action("collect", COLLECTABLE_STATES, None, amount="collected"),
        Action("release", frozenset({IDENTIFIED, FROZEN}), RELEASED, backward=True, needs_ground=True),
    ]
}
DATE_FIELD = {
    FROZEN: "frozen_on", CONFISCATED: "ordered_on", VOLUNTARY: "ordered_on",
    TRANSFERRED: "transferred_on", SOLD: "sold_on", CREDITED: "credited_on", RELEASED: "released_on",
}


@dataclass(frozen=True)
class AssetState:
    """What the rules need to know about an asset; all amounts in tenge."""

    status: str
    _: KW_ONLY  # the amounts, by name
    valuation_kzt: Decimal = Decimal(0)
    ordered_kzt: Decimal = Decimal(0)
    collected_kzt: Decimal = Decimal(0)
    returned_kzt: Decimal = Decimal(0)
    proceeds_kzt: Decimal = Decimal(0)


@dataclass(frozen=True, kw_only=True)
class Step:
    """The outcome of an action: the new state, dates to set, and money for the fund."""

    action: str
    before: str
    after: str
    state: AssetState
    set_dates: dict[str, dt.date] = field(default_factory=dict)
    clear_dates: tuple[str, ...] = ()
    receipt_kzt: Decimal = Decimal(0)  # to be credited to the fund
    backward: bool = False


def allowed_actions(status: str) -> list[str]:
    return [name for name, action in ACTIONS.items() if status in action.sources]


def apply(state: AssetState, action_name: str, on: dt.date, amount_kzt: Decimal | None = None, *,
          ground: str = "") -> Step:
    """Decide what `action_name` does to an asset in `state`, or refuse it."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise TransitionNotAllowed(gettext_noop("unknown action %(action)s"), action=repr(action_name))
    name = Label(ACTION_NAMES[action_name])
    if state.status not in action.sources:
        allowed = [Label(ACTION_NAMES[a]) for a in allowed_actions(state.status)] or [Label(gettext_noop("nothing"))]
        raise TransitionNotAllowed(
            gettext_noop("“%(action)s” is not possible for an asset that is “%(status)s”; allowed now: %(allowed)s"),
            action=name, status=Label(STATUS_NAMES.get(state.status, state.status)), allowed=allowed)
    if action.needs_ground and not ground.strip():
        raise TransitionNotAllowed(gettext_noop("“%(action)s” goes backwards and needs a ground (the decision)"),
                                   action=name)
    amount = amount_kzt if amount_kzt is not None else Decimal(0)
    if amount < 0:
        raise InvalidAmount(gettext_noop("the amount cannot be negative"))
    if action.amount in ("collected", "credited", "proceeds") and amount <= 0:
        raise InvalidAmount(gettext_noop("“%(action)s” needs an amount above zero"), action=name)

    new = state
    receipt = Decimal(0)
    after = action.target or state.status
    set_dates: dict[str, dt.date] = {}
    clear: tuple[str, ...] = ()
    if action.amount == "ordered":
        new = _replace(new, ordered_kzt=amount if amount_kzt is not None else state.valuation_kzt)
    elif action.amount == "returned":
        new = _replace(new, returned_kzt=amount if amount_kzt is not None else state.valuation_kzt)
    elif action.amount == "proceeds":
        new = _replace(new, proceeds_kzt=amount, returned_kzt=amount)
    elif action.amount in ("collected", "credited"):
        new = _replace(new, collected_kzt=state.collected_kzt + amount)
        receipt = amount
    if action.name == "overturn":
        new = _replace(new, ordered_kzt=Decimal(0))
        clear = ("ordered_on",)
    elif action.name == "lift_arrest":
        clear = ("frozen_on",)
    new = _replace(new, status=after)
    if after in DATE_FIELD and action.target is not None:
        set_dates[DATE_FIELD[after]] = on
    return Step(action=action.name, before=state.status, after=after, state=new, set_dates=set_dates,
                clear_dates=clear, receipt_kzt=receipt, backward=action.backward)


def _replace(state: AssetState, **changes: object) -> AssetState:
    values = {**state.__dict__, **changes}
    return AssetState(**values)  # type: ignore[arg-type]


def shortfall(ordered_kzt: Decimal, collected_kzt: Decimal) -> Decimal:
    """Ordered but not collected: reported as it is, never clipped or hidden."""
    return ordered_kzt - collected_kzt
