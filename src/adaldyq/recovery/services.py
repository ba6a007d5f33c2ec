"""Recovery and fund operations. Each public function opens its own transaction,
calls the pure rules, writes the rows and appends to a history chain.

Locking: every operation that moves fund money locks the single `Fund` row first
(`select_for_update`, a row lock on PostgreSQL; on SQLite the write transaction
itself is exclusive). Two allocations therefore never read the same balance. Order of
locks is always asset, then fund, then the history chain heads, so there is no cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from adaldyq.core import approvals, history, languages, multilingual, roles
from adaldyq.core.history import NewEvent
from adaldyq.core.refusals import Money, gettext_noop

from . import figures, ledger, lifecycle, money, review
from . import settings as recovery_settings
from .exceptions import (
    InvalidAmount,
    ProjectClosed,
    RecoveryError,
    ReviewOutdated,
    TransitionNotAllowed,
)
from .models import (
    Allocation,
    AllocationSource,
    AllocationStatus,
    Asset,
    AssetDocument,
    AssetEvent,
    CaseParty,
    Disbursement,
    ExchangeRate,
    Fund,
    MonthlyFigure,
    Project,
    ProjectStatus,
    Receipt,
    ReceiptKind,
    RecoveryCase,
)

RECOVERY = "recovery"
FUND = "fund"


def _uid(user: Any) -> int | None:
    return getattr(user, "pk", None) if user is not None else None


# --- money -----------------------------------------------------------------------------

def rate_on(currency: str, on: dt.date) -> money.Rate | None:
    row = ExchangeRate.objects.filter(currency=currency.upper(), on__lte=on).order_by("-on").first()
    return money.Rate(row.currency, row.on, row.kzt_per_unit) if row else None


def convert(amount: Decimal, currency: str, on: dt.date) -> money.Conversion:
    currency = (currency or money.KZT).strip().upper()
    if currency == money.KZT:
        return money.convert(amount, currency, on, [])
    rate = rate_on(currency, on)
    return money.convert(amount, currency, on, [rate] if rate else [])


def load_rates(rows: Iterable[tuple[dt.date, str, Decimal]], source: str = "") -> int:
    """Store official rates (date, currency, tenge per unit); a rate already stored is replaced."""
    count = 0
    with transaction.atomic():
        for on, currency, rate in rows:
            ExchangeRate.objects.update_or_create(currency=currency.upper(), on=on,
                                                  defaults={"kzt_per_unit": rate, "source": source})
            count += 1
    return count


# --- cases and assets ------------------------------------------------------------------

def open_case(*, reference: str, kind: str, title: str | Mapping[str, str], opened_on: dt.date, region: str = "",
              internal_notes: str = "", actor: Any = None) -> RecoveryCase:
    """`title` is ``{"kk": ..., "ru": ..., "en": ...}`` or one text (language guessed)."""
    titles = languages.texts(title)
    if not titles:
        raise RecoveryError("a case needs a public title in at least one language")
    with transaction.atomic():
        case = RecoveryCase.objects.create(reference=reference, kind=kind, opened_on=opened_on, region=region,
                                           internal_notes=internal_notes, **languages.as_columns("title", titles))
        history.record(RECOVERY, NewEvent(
            "recovery.case", str(case.pk), "open", occurred_on=opened_on, actor_id=_uid(actor),
            public={"reference": reference, "kind": kind, "title": titles, "region": region},
            private={"internal_notes": internal_notes},
        ))
    return case


def set_texts(row: RecoveryCase | Asset, field: str, given: Mapping[str, str], *, actor: Any = None) -> None:
    """Set a case's title or an asset's description in the three languages (a translation
    added or corrected); the change is recorded like every other."""
    wanted = languages.texts(given)
    if not wanted:
        raise RecoveryError("a public text is needed in at least one language")
    subject = "recovery.case" if isinstance(row, RecoveryCase) else "recovery.asset"
    with transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**languages.as_columns(field, wanted))
        history.record(RECOVERY, NewEvent(subject, str(row.pk), "translate", actor_id=_uid(actor),
                                          public={field: wanted}))


def add_party(case: RecoveryCase, *, kind: str, role: str, name: str, iin_bin: str = "",
              birth_date: dt.date | None = None, address: str = "", actor: Any = None) -> CaseParty:
    with transaction.atomic():
        party = CaseParty.objects.create(case=case, kind=kind, role=role, name=name, iin_bin=iin_bin,
                                         birth_date=birth_date, address=address)
        public = {"case": case.reference, "kind": kind, "role": role}
        if kind == "organization":
            public["name"] = name
        history.record(RECOVERY, NewEvent(
            "recovery.party", str(party.pk), "add", actor_id=_uid(actor), public=public,
            private={"name": name, "iin_bin": iin_bin, "address": address,
                     "birth_date": birth_date.isoformat() if birth_date else None},
        ))
    return party


def identify_asset(*, case: RecoveryCase, reference: str, kind: str, description: str | Mapping[str, str],
                   country: str = "KZ",
                   region: str = "", valuation_amount: Decimal, currency: str = "KZT",
                   valuation_date: dt.date, identified_on: dt.date, owner: CaseParty | None = None,
                   internal_notes: str = "", document: str = "", actor: Any = None) -> Asset:
    """Record a newly identified asset, converting its valuation to tenge at the official rate.
    `description` is ``{"kk": ..., "ru": ..., "en": ...}`` or one text (language guessed)."""
    descriptions = languages.texts(description)
    if not descriptions:
        raise RecoveryError("an asset needs a public description in at least one language")
    country = (country or "KZ").strip().upper()
    if valuation_amount < 0:
        raise InvalidAmount("a valuation cannot be negative")
    if country == "KZ" and not region:
        raise RecoveryError("an asset in Kazakhstan needs a region")
    conversion = convert(valuation_amount, currency, valuation_date)
    with transaction.atomic():
        asset = Asset.objects.create(
            case=case, reference=reference, kind=kind, internal_notes=internal_notes,
            **languages.as_columns("description", descriptions),
            owner=owner, country=country, region=region if country == "KZ" else "", abroad=country != "KZ",
            valuation_amount=valuation_amount, valuation_currency=conversion.currency,
            valuation_date=valuation_date, valuation_rate=conversion.rate,
            valuation_rate_date=conversion.rate_date, valuation_kzt=conversion.amount_kzt,
            identified_on=identified_on,
        )
        apply_figures(figures.delta(None, asset.facts()))
        AssetEvent.objects.create(
            asset=asset, action="identify", from_status="", to_status=lifecycle.IDENTIFIED,
            occurred_on=identified_on, amount=valuation_amount, currency=conversion.currency,
            rate=conversion.rate, rate_date=conversion.rate_date, amount_kzt=conversion.amount_kzt,
            document=document, actor=actor,
        )
        history.record(RECOVERY, NewEvent(
            "recovery.asset", str(asset.pk), "identify", occurred_on=identified_on, document=document,
            actor_id=_uid(actor), public=_public_asset(asset, valuation_kzt=str(conversion.amount_kzt),
                                                       rate=str(conversion.rate)),
            private={"internal_notes": internal_notes, "owner_id": owner.pk if owner else None},
        ))
    return asset


def apply_figures(changes: dict[figures.Key, figures.Amounts]) -> None:
    """Add a change to the monthly figures, in key order (so concurrent changes never deadlock)."""
    if not changes:
        return
    MonthlyFigure.objects.bulk_create([MonthlyFigure(measure=k.measure, month=k.month, kind=k.kind, abroad=k.abroad,
                                                     region=k.region, country=k.country) for k in changes],
                                      ignore_conflicts=True)
    for key, (amount, second, count) in sorted(changes.items()):
        MonthlyFigure.objects.filter(measure=key.measure, month=key.month, kind=key.kind, abroad=key.abroad,
                                     region=key.region, country=key.country).update(
            amount_kzt=F("amount_kzt") + amount, second_kzt=F("second_kzt") + second, count=F("count") + count)


def rebuild_figures() -> int:
    """Recompute the monthly figures from the assets (after a bulk load, or to check)."""
    with transaction.atomic():
        MonthlyFigure.objects.all().delete()
        rows = Asset.objects.values_list(*figures.FACT_FIELDS).order_by().iterator(chunk_size=5000)
        table = figures.total(figures.facts_of_row(row) for row in rows)
        MonthlyFigure.objects.bulk_create(
            [MonthlyFigure(measure=k.measure, month=k.month, kind=k.kind, abroad=k.abroad, region=k.region,
                           country=k.country, amount_kzt=a, second_kzt=b, count=c) for k, (a, b, c) in table.items()],
            batch_size=2000)
    return len(table)


def figures_drift() -> list[str]:
    """Differences between the stored monthly figures and a recomputation (empty: in step)."""
    rows = Asset.objects.values_list(*figures.FACT_FIELDS).order_by().iterator(chunk_size=5000)
    expected = {k: v for k, v in figures.total(figures.facts_of_row(row) for row in rows).items() if any(v)}
    stored = {figures.Key(r.measure, r.month, kind=r.kind, abroad=r.abroad, region=r.region, country=r.country):
              (r.amount_kzt, r.second_kzt, r.count) for r in MonthlyFigure.objects.all()}
    stored = {k: v for k, v in stored.items() if any(v)}
    return [f"{k}: stored {stored.get(k)}, expected {expected.get(k)}"
            for k in sorted(set(expected) | set(stored)) if stored.get(k) != expected.get(k)]


def _public_asset(asset: Asset, **extra: Any) -> dict[str, Any]:
    return {"reference": asset.reference, "case": asset.case.reference, "kind": asset.kind,
            "country": asset.country, "region": asset.region, **extra}


def take_action(asset_id: int, action: str, *, on: dt.date, amount: Decimal | None = None,
                currency: str = "KZT", ground: str = "", document: str = "", actor: Any = None) -> AssetEvent:
    """Move an asset one step (forwards or, explicitly, backwards); money steps credit the fund."""
    with transaction.atomic():
        asset = Asset.objects.select_for_update().select_related("case").get(pk=asset_id)
        if on < asset.identified_on:
            raise TransitionNotAllowed("an event cannot be dated before the asset was identified")
        conversion = convert(amount, currency, on) if amount is not None else None
        step = lifecycle.apply(asset.state(), action, on, conversion.amount_kzt if conversion else None, ground=ground)
        before = asset.facts()
        asset.status = step.after
        asset.ordered_kzt = step.state.ordered_kzt
        asset.collected_kzt = step.state.collected_kzt
        asset.returned_kzt = step.state.returned_kzt
        asset.proceeds_kzt = step.state.proceeds_kzt
        for name, value in step.set_dates.items():
            setattr(asset, name, value)
        for name in step.clear_dates:
            setattr(asset, name, None)
        asset.save()
        apply_figures(figures.delta(before, asset.facts()))
        event = AssetEvent.objects.create(
            asset=asset, action=action, from_status=step.before, to_status=step.after, backward=step.backward,
            occurred_on=on, amount=conversion.amount if conversion else None,
            currency=conversion.currency if conversion else "", rate=conversion.rate if conversion else None,
            rate_date=conversion.rate_date if conversion else None,
            amount_kzt=conversion.amount_kzt if conversion else None, ground=ground, document=document,
            actor=actor,
        )
        public = _public_asset(asset, status=step.after, amount_kzt=str(conversion.amount_kzt) if conversion else None)
        history.record(RECOVERY, NewEvent("recovery.asset", str(asset.pk), action, occurred_on=on, ground=ground,
                                          document=document, actor_id=_uid(actor), public=public))
        if step.receipt_kzt > 0:
            _credit_fund(asset, event, step.receipt_kzt, on=on, document=document, actor=actor,
                         kind=ReceiptKind.SALE if action == "credit" and step.before == lifecycle.SOLD
                         else ReceiptKind.COLLECTED)
    return event


def _credit_fund(asset: Asset, event: AssetEvent, amount: Decimal, *, on: dt.date, document: str, actor: Any,
                 kind: str) -> Receipt:
    fund = locked_fund()
    receipt = Receipt.objects.create(asset=asset, case=asset.case, event=event, kind=kind, amount_kzt=amount,
                                     remaining_kzt=amount, received_on=on, document=document)
    fund.received_kzt += amount
    fund.save(update_fields=["received_kzt"])
    history.record(FUND, NewEvent("fund.receipt", str(receipt.pk), "receive", occurred_on=on, document=document,
                                  actor_id=_uid(actor),
                                  public={"amount_kzt": str(amount), "kind": kind, "case": asset.case.reference,
                                          "asset": asset.reference}))
    return receipt


def attach_document(asset: Asset, *, kind: str, number: str, dated: dt.date, title: str = "", file: Any = None,
                    actor: Any = None) -> AssetDocument:
    with transaction.atomic():
        doc = AssetDocument.objects.create(asset=asset, kind=kind, number=number, dated=dated, title=title,
                                           file=file or "", uploaded_by=actor)
        history.record(RECOVERY, NewEvent("recovery.asset", str(asset.pk), "document", occurred_on=dated,
                                          document=f"{kind} {number}", actor_id=_uid(actor),
                                          public={"reference": asset.reference, "document_kind": kind}))
    return doc


# --- the fund ----------------------------------------------------------------------------

def fund() -> Fund:
    return Fund.objects.get_or_create(pk=1)[0]


def locked_fund() -> Fund:
    """The fund row, locked until the end of the caller's transaction."""
    Fund.objects.get_or_create(pk=1)
    return Fund.objects.select_for_update().get(pk=1)


def totals() -> ledger.Totals:
    row = fund()
    return ledger.Totals(row.received_kzt, row.allocated_kzt, row.disbursed_kzt)


def create_project(*, name: str | Mapping[str, str], kind: str, region: str, approved_on: dt.date,
                   budget_kzt: Decimal, locality: str | Mapping[str, str] = "",
                   description: str | Mapping[str, str] = "",
                   actor: Any = None) -> Project:
    """`name`, `locality` and `description` are ``{"kk": ..., "ru": ..., "en": ...}`` or one
    text (its language guessed, see `core.multilingual.texts`)."""
    names = languages.texts(name)
    if not names:
        raise RecoveryError("a project needs a name in at least one language")
    with transaction.atomic():
        project = Project.objects.create(
            kind=kind, region=region, budget_kzt=budget_kzt, approved_on=approved_on,
            **languages.as_columns("name", names),
            **languages.as_columns("locality", languages.texts(locality)),
            **languages.as_columns("description", languages.texts(description)))
        history.record(FUND, NewEvent("fund.project", str(project.pk), "approve", occurred_on=approved_on,
                                      actor_id=_uid(actor),
                                      public={"name": names, "kind": kind, "region": region,
                                              "budget_kzt": str(budget_kzt)}))
    return project


def translate_project(project_id: int, *, names: Mapping[str, str], localities: Mapping[str, str],
                      descriptions: Mapping[str, str], milestones: Mapping[int, Mapping[str, str]],
                      officer: Any = None) -> Project:
    """Set the public texts of a project and its payments' milestones in the three languages."""
    names = languages.texts(names)
    if not names:
        raise RecoveryError("a project needs a name in at least one language")
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project_id)
        for field, value in (*languages.as_columns("name", names).items(),
                             *languages.as_columns("locality", languages.texts(localities)).items(),
                             *languages.as_columns("description", languages.texts(descriptions)).items()):
            setattr(project, field, value)
        project.save()
        changed_milestones = {}
        for payment in project.disbursements.filter(pk__in=list(milestones)):
            wanted = languages.texts(milestones[payment.pk])
            if wanted and wanted != multilingual.translations(payment, "milestone"):
                for field, value in languages.as_columns("milestone", wanted).items():
                    setattr(payment, field, value)
                payment.save()
                changed_milestones[str(payment.pk)] = wanted
        history.record(FUND, NewEvent("fund.project", str(project.pk), "translate", occurred_on=None,
                                      actor_id=_uid(officer),
                                      public={"name": names, "locality": languages.texts(localities),
                                              "description": languages.texts(descriptions),
                                              "milestones": changed_milestones}))
    return project


def propose_allocation(project_id: int, amount: Decimal, *, officer: Any, on: dt.date,
                       document: str = "") -> Allocation:
    """Allocate fund money to a project. Small ones take effect at once; above the
    threshold (setting) they wait for a second fund officer, who approves with
    `approve_allocation` from their own account (web page or personal API token)."""
    if amount <= 0:
        raise InvalidAmount(gettext_noop("an allocation must be more than zero"))
    threshold = recovery_settings.second_officer_above()
    with transaction.atomic():
        project = Project.objects.get(pk=project_id)
        if not project.open:
            raise ProjectClosed(f"project {project.pk} is {project.get_status_display()} and takes no allocations")
        ledger.check_budget(project.budget_kzt, project.allocated_kzt, amount)
        if ledger.needs_second_officer(amount, threshold):
            current = totals()
            if amount > current.unallocated:
                raise ledger.InsufficientBalance(
                    gettext_noop("allocation of %(amount)s KZT exceeds the fund's unallocated balance of "
                                 "%(balance)s KZT"), amount=Money(amount), balance=Money(current.unallocated))
            allocation = Allocation.objects.create(project=project, amount_kzt=amount, document=document,
                                                   proposed_by=officer, status=AllocationStatus.PROPOSED)
            history.record(FUND, NewEvent("fund.allocation", str(allocation.pk), "propose", occurred_on=on,
                                          document=document, actor_id=_uid(officer),
                                          public={"project": project.pk, "amount_kzt": str(amount)}))
            return allocation
        allocation = Allocation.objects.create(project=project, amount_kzt=amount, document=document,
                                               proposed_by=officer, status=AllocationStatus.PROPOSED)
        return _make_effective(allocation.pk, approver=None, on=on, threshold=threshold)


def approve_allocation(allocation_id: int, *, approver: Any, on: dt.date, reviewed: str) -> Allocation:
    """The second officer's approval. `reviewed` is the fingerprint of the review they
    were shown (`review.allocation_review`); if the allocation, its project or the
    fund changed since, nothing happens and they are asked to look again."""
    _require_fund_officer(approver)
    return _make_effective(allocation_id, approver=approver, on=on,
                           threshold=recovery_settings.second_officer_above(), reviewed=reviewed)


def _make_effective(allocation_id: int, *, approver: Any, on: dt.date, threshold: Decimal | None,
                    reviewed: str | None = None) -> Allocation:
    with transaction.atomic():
        fund_row = locked_fund()
        allocation = Allocation.objects.select_for_update().select_related("project").get(pk=allocation_id)
        if allocation.status != AllocationStatus.PROPOSED:
            raise RecoveryError(f"allocation {allocation.pk} is already {allocation.get_status_display()}")
        if not allocation.project.open:
            raise ProjectClosed(f"project {allocation.project_id} takes no allocations")
        ledger.check_officers(allocation.amount_kzt, threshold, allocation.proposed_by_id, _uid(approver))
        if reviewed is not None and not approvals.same(reviewed, review.allocation_review(allocation, fund_row)["digest"]):
            raise ReviewOutdated(gettext_noop("the allocation, its project or the fund changed since you opened it: "
                                              "review the new figures and decide again"))
        project = Project.objects.select_for_update().get(pk=allocation.project_id)
        ledger.check_budget(project.budget_kzt, project.allocated_kzt, allocation.amount_kzt)
        open_receipts = [ledger.Open(r.pk, r.remaining_kzt)
                         for r in Receipt.objects.select_for_update().filter(remaining_kzt__gt=0)
                         .order_by("received_on", "id")]
        takes = ledger.plan_allocation(allocation.amount_kzt, open_receipts, fund_row.unallocated_kzt)
        receipts = Receipt.objects.select_related("case").in_bulk([t.receipt_id for t in takes])
        for take in takes:
            receipt = receipts[take.receipt_id]
            receipt.remaining_kzt -= take.amount
            receipt.save(update_fields=["remaining_kzt"])
        AllocationSource.objects.bulk_create(
            [AllocationSource(allocation=allocation, receipt_id=t.receipt_id, amount_kzt=t.amount) for t in takes])
        allocation.status = AllocationStatus.EFFECTIVE
        allocation.approved_by = approver if approver is not None and _uid(approver) != allocation.proposed_by_id \
            else None
        allocation.decided_on = on
        allocation.save()
        fund_row.allocated_kzt += allocation.amount_kzt
        fund_row.save(update_fields=["allocated_kzt"])
        project.allocated_kzt += allocation.amount_kzt
        project.save(update_fields=["allocated_kzt"])
        history.record(FUND, NewEvent(
            "fund.allocation", str(allocation.pk), "allocate", occurred_on=on, document=allocation.document,
            actor_id=allocation.proposed_by_id, approver_id=allocation.approved_by_id,
            public={"project": project.pk, "amount_kzt": str(allocation.amount_kzt),
                    "sources": [{"receipt": t.receipt_id, "case": receipts[t.receipt_id].case.reference,
                                 "amount_kzt": str(t.amount)} for t in takes]},
        ))
    return allocation


def _require_fund_officer(user: Any) -> None:
    if not roles.has_role(user, roles.FUND_OFFICER, roles.ADMINISTRATOR):
        raise ledger.SecondOfficerRequired(
            gettext_noop("only a fund officer can decide on an allocation"))


def reject_allocation(allocation_id: int, *, approver: Any, on: dt.date, ground: str) -> Allocation:
    _require_fund_officer(approver)
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        if allocation.status != AllocationStatus.PROPOSED:
            raise RecoveryError(f"allocation {allocation.pk} is already {allocation.get_status_display()}")
        if _uid(approver) == allocation.proposed_by_id:
            raise ledger.SecondOfficerRequired(
                gettext_noop("the officer who proposed an allocation cannot decide on it"))
        allocation.status = AllocationStatus.REJECTED
        allocation.approved_by = approver
        allocation.decided_on = on
        allocation.save()
        history.record(FUND, NewEvent("fund.allocation", str(allocation.pk), "reject", occurred_on=on,
                                      ground=ground, actor_id=_uid(approver),
                                      public={"project": allocation.project_id}))
    return allocation


def disburse(allocation_id: int, amount: Decimal, *, milestone: str | Mapping[str, str], paid_on: dt.date, document: str = "",
             officer: Any = None) -> Disbursement:
    """Pay a project against a milestone, never more than what is left of the allocation."""
    with transaction.atomic():
        fund_row = locked_fund()
        allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
        if allocation.status != AllocationStatus.EFFECTIVE:
            raise RecoveryError(f"allocation {allocation.pk} is not in effect")
        project = Project.objects.select_for_update().get(pk=allocation.project_id)
        if not project.open:
            raise ProjectClosed(f"project {project.pk} is {project.get_status_display()} and takes no payments")
        ledger.check_disbursement(allocation.amount_kzt, allocation.disbursed_kzt, amount)
        milestones = languages.texts(milestone)
        payment = Disbursement.objects.create(allocation=allocation, project=project, amount_kzt=amount,
                                              paid_on=paid_on, document=document, made_by=officer,
                                              **languages.as_columns("milestone", milestones))
        allocation.disbursed_kzt += amount
        allocation.save(update_fields=["disbursed_kzt"])
        project.disbursed_kzt += amount
        project.status = ProjectStatus.IN_PROGRESS
        project.save(update_fields=["disbursed_kzt", "status"])
        fund_row.disbursed_kzt += amount
        fund_row.save(update_fields=["disbursed_kzt"])
        history.record(FUND, NewEvent("fund.disbursement", str(payment.pk), "disburse", occurred_on=paid_on,
                                      document=document, actor_id=_uid(officer),
                                      public={"project": project.pk, "allocation": allocation.pk,
                                              "milestone": milestones, "amount_kzt": str(amount)}))
    return payment


def complete_project(project_id: int, *, on: dt.date, officer: Any = None, document: str = "") -> Project:
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project_id)
        if not project.open:
            raise ProjectClosed(f"project {project.pk} is already {project.get_status_display()}")
        project.status = ProjectStatus.COMPLETED
        project.completed_on = on
        project.save(update_fields=["status", "completed_on"])
        history.record(FUND, NewEvent("fund.project", str(project.pk), "complete", occurred_on=on,
                                      document=document, actor_id=_uid(officer),
                                      public={"name": multilingual.translations(project, "name")}))
    return project
