"""Synthetic demonstration data: six sectors, their bodies, analyses, findings and
more than 2,000 recommendations in every status, with their history.

Each recommendation's life is a random walk over `workflow.TRANSITIONS`, checked by
`workflow.decide`, so the demo never shows a move the rules forbid. Dates are laid out
backwards from `today`, so there are always deadlines passed and approaching. Same
seed and same `today`, same data. No real person or body is named.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from adaldyq.core import history, roles
from adaldyq.risks.models import (
    Analysis,
    Body,
    BodyMembership,
    Evidence,
    Finding,
    Recommendation,
    Sector,
)
from adaldyq.risks.sectors import SIX_SECTORS
from adaldyq.risks.workflow import CLOSED, TRANSITIONS, Action, Actor, Status, decide

PREFIX = "demo-"
SHORT = {"transport_control": "trn", "natural_resources": "nat", "defence_orders": "def",
         "migration_services": "mig", "social_corporations": "soc", "national_railway": "rail"}
FINDINGS_PER_ANALYSIS = [14, 16, 12, 15, 13, 20]  # by sector; 4 analyses each, 6 recommendations per finding
RECS_PER_FINDING = 6
BODY_KINDS = [  # kk, ru, en
    ("комитеті", "комитет", "committee"),
    ("солтүстік департаменті", "северный департамент", "northern department"),
    ("оңтүстік департаменті", "южный департамент", "southern department"),
    ("ведомстволық кәсіпорны", "подведомственное предприятие", "subordinate enterprise"),
]
CATEGORIES = list(Finding.Category.values)
SUBJECTS = [
    ("regulation", "Rules for issuing permits, item {n}"),
    ("regulation", "Order on inspections, paragraph {n}"),
    ("process", "Selection of suppliers, step {n}"),
    ("process", "Assignment of inspectors, step {n}"),
    ("process", "Handling of applications, stage {n}"),
    ("regulation", "Standard of public service, point {n}"),
]
RECOMMENDATION_TEXTS = [
    "Replace the discretionary decision in {s} with criteria set out in the rules.",
    "Publish every decision taken under {s} with its grounds.",
    "Move {s} to the electronic system so that applicants and officials do not meet.",
    "Assign cases under {s} automatically and at random.",
    "Require a declaration of conflict of interest before {s}.",
    "Set a time limit for {s} and report breaches to management monthly.",
]
INDICATORS = [
    "Amended rules adopted and published",
    "Share of electronic applications reaches 100%",
    "Quarterly report of decisions published on the body's site",
    "Internal audit confirms the new control works",
]
# How likely each move is from a status, and how likely the walk stops there.
WEIGHTS: dict[Action, float] = {
    Action.ACCEPT: 8, Action.DISPUTE: 1, Action.START: 8, Action.REPORT: 5, Action.VERIFY: 8,
    Action.RETURN: 1.5, Action.MARK_NOT_IMPLEMENTED: 0.6, Action.DISMISS_DISPUTE: 3, Action.UPHOLD_DISPUTE: 1.5,
}
STOP = {Status.ISSUED: 0.6, Status.ACCEPTED: 1.5, Status.DISPUTED: 1.2, Status.IN_PROGRESS: 4, Status.REPORTED: 1.5}


def _walk(rng: random.Random, issued: dt.date, deadline: dt.date, today: dt.date
          ) -> list[tuple[Action, Status, Status, dt.date]]:
    status, day, steps = Status.ISSUED, issued, []
    while status not in CLOSED:
        options = [t for t in TRANSITIONS if status in t.sources]
        if status in (Status.ACCEPTED, Status.IN_PROGRESS) and day < deadline:
            options = [t for t in options if t.action != Action.MARK_NOT_IMPLEMENTED]
        weights = [WEIGHTS[t.action] for t in options] + [STOP[status]]
        choice = rng.choices([*options, None], weights=weights)[0]
        if choice is None:
            break
        day = day + dt.timedelta(days=rng.randint(5, 150 if choice.action == Action.REPORT else 60))
        if day > today:
            break
        after = decide(status, choice.action, choice.actor, comment="demo", documents=1)
        steps.append((choice.action, status, after, day))
        status = after
    return steps


def _users(bodies: list[Body]) -> tuple[User, dict[int, User]]:
    analyst, created = User.objects.get_or_create(username="risk.analyst",
                                                  defaults={"email": "risk.analyst@demo.invalid"})
    if created:
        analyst.set_unusable_password()
        analyst.save(update_fields=["password"])
    analyst.groups.add(Group.objects.get(name=roles.RISK_ANALYST))
    officers: dict[int, User] = {}
    group = Group.objects.get(name=roles.BODY_OFFICER)
    for body in bodies:
        user, created = User.objects.get_or_create(username=f"officer.{body.code}",
                                                   defaults={"email": f"officer.{body.code}@demo.invalid"})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        BodyMembership.objects.get_or_create(user=user, defaults={"body": body})
        officers[body.pk] = user
    return analyst, officers


def load(seed: int = 2026, today: dt.date | None = None) -> str:
    if Analysis.objects.filter(code__startswith=PREFIX).exists():
        return "risks: demo data already loaded"
    rng = random.Random(seed)
    today = today or timezone.localdate()
    with transaction.atomic():
        return _load(rng, today)


def _load(rng: random.Random, today: dt.date) -> str:
    sectors, bodies = _sectors_and_bodies()
    by_sector = {s.pk: [b for b in bodies if b.sector_id == s.pk] for s in sectors}
    analyst, officers = _users(bodies)
    analyses = _analyses(rng, sectors, by_sector, today)
    findings = _findings(rng, analyses, sectors)
    recs, walks, co = _recommendations(rng, findings, by_sector, today)
    Recommendation.objects.bulk_create(recs, batch_size=1000)
    ids = dict(Recommendation.objects.filter(finding__in=findings).values_list("code", "pk"))
    through = Recommendation.co_implementers.through
    through.objects.bulk_create([through(recommendation_id=ids[recs[i].code], body_id=b) for i, b in co])
    _history(recs, walks, ids=ids, analyst=analyst, officers=officers)
    counts: dict[str, int] = {}
    for rec in recs:
        counts[rec.status] = counts.get(rec.status, 0) + 1
    overdue = sum(rec.overdue_on(today) for rec in recs)
    return (f"risks: {len(sectors)} sectors, {len(bodies)} bodies, {len(analyses)} analyses, {len(findings)} findings, "
            f"{len(recs)} recommendations ({overdue} overdue; "
            + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")")


def _sectors_and_bodies() -> tuple[list[Sector], list[Body]]:
    sectors: list[Sector] = []
    for position, (code, kk, ru, en) in enumerate(SIX_SECTORS, start=1):
        sector, _ = Sector.objects.update_or_create(
            code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "position": position})
        sectors.append(sector)
    bodies = Body.objects.bulk_create([
        Body(code=f"{SHORT[s.code]}-{k + 1}", sector=s, name_kk=f"{s.name_kk}: {kk} (демо)",
             name_ru=f"{s.name_ru}: {ru} (демо)", name_en=f"{s.name_en}: {en} (demo)")
        for s in sectors for k, (kk, ru, en) in enumerate(BODY_KINDS)
    ])
    return sectors, list(Body.objects.filter(code__in=[b.code for b in bodies]).order_by("pk"))


def _analyses(rng: random.Random, sectors: list[Sector], by_sector: dict[int, list[Body]],
              today: dt.date) -> list[Analysis]:
    """Four analyses per sector (the first and last external); old external ones published."""
    analyses: list[Analysis] = []
    for s_index, sector in enumerate(sectors):
        for a_index in range(4):
            external = a_index in (0, 3)
            end = today - dt.timedelta(days=rng.randint(60, 900))
            body = None if a_index == 0 else by_sector[sector.pk][a_index]
            analyses.append(Analysis(
                code=f"{PREFIX}{SHORT[sector.code]}-{a_index + 1}",
                kind=Analysis.Kind.EXTERNAL if external else Analysis.Kind.INTERNAL,
                title_kk=(f"Сыбайлас жемқорлық тәуекелдерін {'сыртқы' if external else 'ішкі'} талдау: "
                          f"{sector.name_kk}{'' if body is None else ', ' + body.name_kk} (демо)"),
                title_ru=(f"{'Внешний' if external else 'Внутренний'} анализ коррупционных рисков: "
                          f"{sector.name_ru}{'' if body is None else ', ' + body.name_ru} (демо)"),
                title_en=(f"{'External' if external else 'Internal'} analysis of corruption risks: "
                          f"{sector.name_en}{'' if body is None else ', ' + body.name_en} (demo)"),
                sector=sector, body=body, period_start=end - dt.timedelta(days=365), period_end=end,
                scope_regulations=True, scope_management=a_index != 2,
                team="Demo analyst A.; Demo analyst B.",
                summary=f"Synthetic analysis {s_index + 1}.{a_index + 1}: findings and recommendations for the demo.",
            ))
    Analysis.objects.bulk_create(analyses)
    analyses = list(Analysis.objects.filter(code__startswith=PREFIX).select_related("sector").order_by("pk"))
    for a in analyses:
        if a.kind == Analysis.Kind.EXTERNAL and (today - a.period_end).days > 120:
            a.report.save(f"{a.code}.txt", ContentFile(_report_text(a).encode()), save=False)
            a.report_published = True
            a.published_on = a.period_end + dt.timedelta(days=45)
            a.save(update_fields=["report", "report_published", "published_on"])
    return analyses


def _findings(rng: random.Random, analyses: list[Analysis], sectors: list[Sector]) -> list[Finding]:
    findings: list[Finding] = []
    for a in analyses:
        s_index = [s.pk for s in sectors].index(a.sector_id)
        for f_index in range(FINDINGS_PER_ANALYSIS[s_index]):
            kind, subject = rng.choice(SUBJECTS)
            findings.append(Finding(
                analysis=a, code=f"F{f_index + 1:02d}", category=rng.choice(CATEGORIES), subject_kind=kind,
                subject=subject.format(n=rng.randint(1, 60)), severity=rng.choices([1, 2, 3, 4], [2, 4, 3, 1])[0],
                description="Synthetic finding for the demonstration."))
    Finding.objects.bulk_create(findings, batch_size=1000)
    return list(Finding.objects.filter(analysis__in=analyses).select_related("analysis").order_by("pk"))


def _recommendations(rng: random.Random, findings: list[Finding], by_sector: dict[int, list[Body]], today: dt.date,
                     ) -> tuple[list[Recommendation], list[Any], list[tuple[int, int]]]:
    """Unsaved recommendations, the status walk of each, and (recommendation index, body) co-implementers."""
    recs: list[Recommendation] = []
    walks: list[list[tuple[Action, Status, Status, dt.date]]] = []
    co: list[tuple[int, int]] = []
    for f in findings:
        a = f.analysis
        sector_bodies = by_sector[a.sector_id]
        for r_index in range(RECS_PER_FINDING):
            issued = a.period_end + dt.timedelta(days=rng.randint(20, 60))
            deadline = issued + dt.timedelta(days=rng.choice([90, 180, 270, 365]))
            body = a.body or rng.choices(sector_bodies, weights=[4, 1, 1, 1])[0]  # sector-wide: mostly the committee
            steps = _walk(rng, issued, deadline, today)
            status = steps[-1][2] if steps else Status.ISSUED
            reported = max((d for act, _b, _a, d in steps if act == Action.REPORT), default=None)
            recs.append(Recommendation(
                finding=f, code=f"{a.code.removeprefix(PREFIX)}-{f.code}-{r_index + 1}",
                text=rng.choice(RECOMMENDATION_TEXTS).format(s=f.subject.lower()),
                body=body, deadline=deadline, indicator=rng.choice(INDICATORS), status=status.value,
                issued_on=issued, status_changed_on=steps[-1][3] if steps else issued, reported_on=reported,
                closed_on=steps[-1][3] if status in CLOSED else None))
            walks.append(steps)
            if rng.random() < 0.3:
                co.append((len(recs) - 1, rng.choice([b for b in sector_bodies if b.pk != body.pk]).pk))
    return recs, walks, co


def _history(recs: list[Recommendation], walks: list[Any], *, ids: dict[str, int], analyst: User,
             officers: dict[int, User]) -> None:
    events: list[history.NewEvent] = []
    evidence: list[tuple[int, int, str, int]] = []  # event index, recommendation id, reference, user id
    body_codes = dict(Body.objects.values_list("pk", "code"))
    for rec, steps in zip(recs, walks, strict=True):
        base = {"code": rec.code, "body": body_codes[rec.body_id], "deadline": rec.deadline.isoformat()}
        events.append(history.NewEvent(subject_type="recommendation", subject_id=rec.code, action="issued",
                                       occurred_on=rec.issued_on, source="demo", actor_id=analyst.pk,
                                       public={**base, "to": Status.ISSUED.value}))
        for action, before, after, day in steps:
            actor = analyst if next(t for t in TRANSITIONS if t.action == action).actor == Actor.AGENCY \
                else officers[rec.body_id]
            reference = f"Letter No. {ids[rec.code]}-{day:%m%d} of {day.isoformat()}" \
                if action in (Action.REPORT, Action.DISPUTE) else ""
            if action == Action.REPORT:
                evidence.append((len(events), ids[rec.code], reference, actor.pk))
            events.append(history.NewEvent(
                subject_type="recommendation", subject_id=rec.code, action=action.value, occurred_on=day,
                source="demo", actor_id=actor.pk,
                public={**base, "from": before.value, "to": after.value},
                private={"comment": f"Demo: {action.value.replace('_', ' ')}.",
                         "evidence": [{"reference": reference, "sha256": ""}] if reference else []}))
    stored = history.append("risks", events)
    Evidence.objects.bulk_create([
        Evidence(recommendation_id=rec_id, history_seq=stored[i].seq, reference=ref, uploaded_by_id=user_id)
        for i, rec_id, ref, user_id in evidence
    ], batch_size=1000)


def _report_text(a: Analysis) -> str:
    return (f"{a.title_en}\n\nPeriod: {a.period_start} to {a.period_end}\n\n{a.summary}\n\n"
            "DEMONSTRATION DATA: this report is synthetic and names no real person.\n")
