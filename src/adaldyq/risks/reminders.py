"""`adaldyq risks remind`: e-mail each body's officers about deadlines near and passed.

Meant to run daily from a scheduler. One e-mail per officer lists that body's
recommendations due within `days` days and those overdue. A recommendation is not
reminded of again for the same reason within `repeat_days` days, so a daily run does
not flood anyone; the log of what was sent is the `ReminderSent` table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from adaldyq.risks.models import BodyMembership, Recommendation, ReminderSent
from adaldyq.risks.queries import due_soon_q, overdue_q
from adaldyq.risks.workflow import Status

DUE_SOON, OVERDUE = "due_soon", "overdue"


@dataclass(frozen=True)
class RemindResult:
    emails: int
    recommendations: int
    bodies_without_officers: list[str]

    def __str__(self) -> str:
        text = f"Sent {self.emails} e-mail(s) about {self.recommendations} recommendation(s)."
        if self.bodies_without_officers:
            text += " No officer with an e-mail address for: " + ", ".join(self.bodies_without_officers) + "."
        return text


def _body_text(body_name: str, due: list[Recommendation], late: list[Recommendation], today: dt.date) -> str:
    lines = [f"Recommendations of {body_name} that need attention (as of {today.isoformat()}).", ""]
    if late:
        lines.append("Deadline passed:")
        lines += [f"  {r.code}  deadline {r.deadline.isoformat()}  ({(today - r.deadline).days} days late)"
                  for r in late]
        lines.append("")
    if due:
        lines.append("Deadline approaching:")
        lines += [f"  {r.code}  deadline {r.deadline.isoformat()}  ({(r.deadline - today).days} days left)"
                  for r in due]
        lines.append("")
    lines.append("Report progress and proof of implementation in Adaldyq, under Staff → Corruption-risk "
                 "recommendations.")
    return "\n".join(lines)


def send(today: dt.date, days: int = 14, repeat_days: int = 7, dry_run: bool = False) -> RemindResult:
    recent = ReminderSent.objects.filter(sent_on__gt=today - dt.timedelta(days=repeat_days))
    skip = set(recent.values_list("recommendation_id", "kind"))
    pending: dict[int, dict[str, list[Recommendation]]] = defaultdict(lambda: {DUE_SOON: [], OVERDUE: []})
    for kind, q in ((OVERDUE, overdue_q(today)), (DUE_SOON, due_soon_q(today, days))):
        # A disputed recommendation waits for the agency: nothing the body can do, so no e-mail.
        candidates = Recommendation.objects.filter(q).exclude(status=Status.DISPUTED.value)
        for rec in candidates.select_related("body").order_by("deadline", "code"):
            if (rec.pk, kind) not in skip:
                pending[rec.body_id][kind].append(rec)
    officers: dict[int, list[str]] = defaultdict(list)
    memberships = BodyMembership.objects.filter(body_id__in=pending, user__is_active=True).exclude(user__email="")
    for body_id, email in memberships.values_list("body_id", "user__email"):
        officers[body_id].append(email)
    emails, reminded, orphans = 0, 0, []
    messages, logs = [], []
    for body_id, kinds in pending.items():
        recs = kinds[OVERDUE] + kinds[DUE_SOON]
        body = recs[0].body
        if not officers[body_id]:
            orphans.append(body.code)
            continue
        text = _body_text(body.name_en, kinds[DUE_SOON], kinds[OVERDUE], today)
        subject = f"Adaldyq: {len(kinds[OVERDUE])} overdue, {len(kinds[DUE_SOON])} due soon ({body.code})"
        for address in sorted(officers[body_id]):
            messages.append(EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [address]))
        logs += [ReminderSent(recommendation=r, kind=kind, sent_on=today, recipients=len(officers[body_id]))
                 for kind in (OVERDUE, DUE_SOON) for r in kinds[kind]]
        reminded += len(recs)
    if not dry_run and messages:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(logs, batch_size=1000)
            emails = get_connection().send_messages(messages) or 0
    elif dry_run:
        emails = len(messages)
    return RemindResult(emails, reminded, sorted(orphans))
