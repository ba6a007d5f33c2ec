"""Everything the recovery part refuses, as one family of exceptions.

Views turn these into a message on the page, commands into a `CommandError`; the
text is written for the officer who has to fix the input, and said in their language
(`core.refusals`: rules give a message template and its figures).
"""

from __future__ import annotations

from adaldyq.core.refusals import Refusal


class RecoveryError(Refusal):
    """Base class: a rule of the recovery part was broken; nothing was changed."""


class TransitionNotAllowed(RecoveryError):
    """The asset is not in a state from which this action may be taken."""


class MissingRate(RecoveryError):
    """No official exchange rate on or before the date for this currency."""


class InvalidAmount(RecoveryError):
    """An amount is negative, zero where it must be positive, or not a number."""


class InsufficientBalance(RecoveryError):
    """An allocation would exceed the fund's unallocated balance."""


class BudgetExceeded(RecoveryError):
    """An allocation would take a project past its approved budget."""


class AllocationExceeded(RecoveryError):
    """A disbursement would exceed what remains of its allocation."""


class ProjectClosed(RecoveryError):
    """The project is completed or cancelled and takes no more money."""


class SecondOfficerRequired(RecoveryError):
    """This allocation must be approved by a second fund officer, not its maker."""


class ReviewOutdated(RecoveryError):
    """What the approver was shown is no longer true; they must look again."""
