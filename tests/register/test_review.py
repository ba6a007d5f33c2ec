"""The approver sees what they approve: every published field and the identity it is
attached to, a before/after diff for a correction, and approvals only from the
person's own session or personal token, never from the author."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adaldyq.core import tokens
from adaldyq.core.approvals import APPROVE_SCOPE
from adaldyq.core.models import HistoryEvent
from adaldyq.register import proposals, review
from adaldyq.register.exceptions import ReviewOutdated
from adaldyq.register.models import Conviction, Proposal
from tests.register.conftest import FeedFile, person_row

REASON, DOCUMENT = "verdict received by post", "letter 17"


def _digest(page: str) -> str:
    found = re.search(r'name="reviewed" value="([0-9a-f]{64})"', page)
    assert found is not None, "the page offers no approval form"
    return found[1]


@pytest.fixture
def officers(make_officer: Any) -> tuple[Any, Any]:
    return make_officer("maker", "registrar"), make_officer("checker", "approver")


def test_the_checker_page_shows_every_published_field_and_the_identity(db: Any, officers: Any, client: Client) -> None:
    maker, checker = officers
    record = person_row("", "Жумабаев", "Даурен", "Ерланұлы", serial=22, position="Deputy akim of the district",
                        organization="Akimat of the Zhanaarka district", region="karaganda",
                        articles="366-4", punishment="restriction_of_liberty", punishment_term_months="48",
                        name_latin="Zhumabayev Dauren")
    record.pop("record_id")
    proposal = proposals.propose_record(maker, record, reason=REASON, document=DOCUMENT)
    client.force_login(checker)
    page = client.get(f"/ru/staff/register/proposals/{proposal.pk}/").content.decode()
    for value in ("Жумабаев", "Даурен", "Ерланұлы", "Zhumabayev Dauren", record["iin"], "1975-04-12",
                  "Deputy akim of the district", "Akimat of the Zhanaarka district", "Карагандинская",
                  "Specialized inter-district criminal court", record["case_number"], "2023-03-01", "2023-04-01",
                  "366-4", "Получение взятки", "ограничение свободы", "48", "2030-01-01", REASON, DOCUMENT, "maker"):
        assert value in page, value
    assert "restriction_of_liberty" not in page and "especially_grave" not in page
    # The window the rules give it: public from the legal-effect date, until expungement.
    listed = review.proposal_review(proposal, "en")
    rows = {r["field"]: r for r in listed["rows"]}
    assert rows["listed_from"]["after"] == "2023-04-01"
    assert rows["iin"]["public"] is False and rows["position_en"]["public"] is True
    assert rows["position_en"]["after"] == "Deputy akim of the district" and rows["position_ru"]["after"] == ""
    assert not listed["changed"]
    # The facts are language-free: the Russian page, the English review and the API approve the same thing.
    assert _digest(page) == listed["digest"] == review.proposal_review(proposal, "kk")["digest"]


def test_a_correction_is_shown_as_a_diff(db: Any, officers: Any, feed_file: FeedFile, client: Client) -> None:
    maker, checker = officers
    call_command("register", "import", str(feed_file([person_row("S-1", "Нурланов", "Серик", serial=21)])))
    entry = Conviction.objects.get(record_id="S-1")
    corrected = person_row("S-1", "Нурланов", "Серик", serial=21, position="Head of the land department",
                           punishment="fine")
    proposal = proposals.propose_record(maker, corrected, reason="typo in the verdict copy", document="court letter 3",
                                       conviction=entry)
    shown = review.proposal_review(proposal, "en")
    rows = {r["field"]: r for r in shown["rows"]}
    assert set(shown["changed"]) >= {"position_en", "punishment"}
    assert (rows["position_en"]["before"], rows["position_en"]["after"]) == ("head of department",
                                                                              "Head of the land department")
    assert (rows["punishment"]["before"], rows["punishment"]["after"]) == ("imprisonment", "fine")
    assert not rows["surname"]["changed"] and rows["surname"]["before"] == rows["surname"]["after"] == "Нурланов"
    client.force_login(checker)
    page = client.get(f"/en/staff/register/proposals/{proposal.pk}/").content.decode()
    assert "<del>head of department</del>" in page and "<ins>Head of the land department</ins>" in page


def test_a_removal_shows_the_entry_and_when_it_leaves(db: Any, officers: Any, feed_file: FeedFile) -> None:
    maker, _ = officers
    call_command("register", "import", str(feed_file([person_row("S-2", "Омаров", "Ерлан", serial=23)])))
    entry = Conviction.objects.get(record_id="S-2")
    day = dt.date.today()
    proposal = proposals.propose_removal(maker, entry, ground="acquitted", day=day, reason="acquitted on appeal", document="ruling 9")
    rows = {r["field"]: r for r in review.proposal_review(proposal, "en")["rows"]}
    assert rows["surname"]["after"] == "Омаров" and rows["articles"]["after"].startswith("366-4 — Taking a bribe")
    assert (rows["listed_until"]["before"], rows["listed_until"]["after"]) == ("2038-01-01", day.isoformat())  # 2030 + 8 years (especially grave)
    assert rows["until_ground"]["after"] == "acquitted" and rows["until_ground"]["changed"]


def test_approval_refused_when_the_entry_changed_after_the_review(db: Any, officers: Any, feed_file: FeedFile) -> None:
    maker, checker = officers
    call_command("register", "import", str(feed_file([person_row("S-3", "Омаров", "Ерлан", serial=24)])))
    entry = Conviction.objects.get(record_id="S-3")
    proposal = proposals.propose_removal(maker, entry, ground="acquitted", day=dt.date.today(), reason="acquitted", document="ruling 10")
    shown = review.proposal_review(proposal, "en")["digest"]
    call_command("register", "import", str(feed_file([person_row("S-3", "Омаров", "Ерлан", serial=24,
                                                                  organization="Another akimat")], "again.csv")))
    with pytest.raises(ReviewOutdated, match="changed since you opened it"):
        proposals.approve(proposal, checker, reviewed=shown)
    with pytest.raises(ReviewOutdated):
        proposals.approve(proposal, checker, reviewed="")
    assert Proposal.objects.get().status == "pending"


def test_the_author_gets_no_approve_button_and_cannot_approve_on_the_web(db: Any, make_officer: Any,
                                                                          feed_file: FeedFile, client: Client) -> None:
    call_command("register", "import", str(feed_file([person_row("S-4", "Омаров", "Ерлан", serial=25)])))
    both = make_officer("both", "registrar", "approver")
    proposal = proposals.propose_removal(both, Conviction.objects.get(), ground="rectified", day=dt.date.today(), reason="error", document="o 5")
    client.force_login(both)
    page = client.get(f"/en/staff/register/proposals/{proposal.pk}/").content.decode()
    assert 'name="reviewed"' not in page and "another officer must decide" in page
    digest = review.proposal_review(proposal, "en")["digest"]
    response = client.post(f"/en/staff/register/proposals/{proposal.pk}/approve/", {"reviewed": digest}, follow=True)
    assert "different officer" in response.content.decode()
    assert Proposal.objects.get().status == "pending"


def test_api_approval_records_the_token_owner_and_refuses_the_author(db: Any, make_officer: Any, feed_file: FeedFile,
                                                                     client: Client) -> None:
    maker, checker = make_officer("maker", "registrar", "approver"), make_officer("checker", "approver")
    call_command("register", "import", str(feed_file([person_row("S-5", "Омаров", "Ерлан", serial=26)])))
    entry = Conviction.objects.get()
    proposal = proposals.propose_removal(maker, entry, ground="acquitted", day=dt.date.today(), reason="acquitted", document="ruling 11")
    makers = tokens.issue("maker's", [APPROVE_SCOPE], owner_id=maker.pk).plaintext
    checkers = tokens.issue("checker's", [APPROVE_SCOPE], owner_id=checker.pk).plaintext
    unbound = tokens.issue("a service", [APPROVE_SCOPE]).plaintext
    url = f"/api/v1/register/proposals/{proposal.pk}"

    def call(method: str, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
        return getattr(client, method)(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")

    shown = call("get", url, checkers)
    assert shown.status_code == 200 and shown.json()["rows"]
    digest = shown.json()["digest"]
    assert call("post", f"{url}/approve", unbound, {"reviewed": digest}).status_code == 403
    refused = call("post", f"{url}/approve", makers, {"reviewed": digest})
    assert refused.status_code == 403 and "different officer" in refused.json()["detail"]
    assert call("post", f"{url}/approve", checkers, {"reviewed": "0" * 64}).status_code == 409
    assert client.post(f"{url}/approve", {"reviewed": digest}, content_type="application/json").status_code == 401
    done = call("post", f"{url}/approve", checkers, {"reviewed": digest, "note": "checked the ruling"})
    assert done.status_code == 200 and done.json()["status"] == "approved" and done.json()["decided_by"] == "checker"
    event = HistoryEvent.objects.get(action="acquitted")
    assert (event.actor_id, event.approver_id) == (maker.pk, checker.pk)


def test_session_cannot_decide_through_the_api(db: Any, officers: Any, feed_file: FeedFile, client: Client) -> None:
    """Deciding through the API takes a personal token; a browser session uses the page (CSRF-protected)."""
    maker, checker = officers
    call_command("register", "import", str(feed_file([person_row("S-6", "Омаров", "Ерлан", serial=27)])))
    proposal = proposals.propose_removal(maker, Conviction.objects.get(), ground="acquitted", day=dt.date.today(), reason="a", document="r 12")
    client.force_login(checker)
    url = f"/api/v1/register/proposals/{proposal.pk}"
    digest = client.get(url).json()["digest"]
    assert client.post(f"{url}/approve", {"reviewed": digest}, content_type="application/json").status_code == 401
    assert Proposal.objects.get().status == "pending"


def test_drop_downs_show_words_not_codes(db: Any, officers: Any, feed_file: FeedFile, client: Client) -> None:
    call_command("register", "import", str(feed_file([person_row("S-7", "Омаров", "Ерлан", serial=28)])))
    maker, _ = officers
    client.force_login(maker)
    for lang, words in (("en", ("especially grave", "restriction of liberty", "acquitted")),
                        ("ru", ("особо тяжкое", "ограничение свободы", "оправдан")),
                        ("kk", ("аса ауыр", "бас бостандығын шектеу", "ақталды"))):
        new = client.get(f"/{lang}/staff/register/entries/new/").content.decode()
        entry = client.get(f"/{lang}/staff/register/entries/{Conviction.objects.get().pk}/").content.decode()
        options = " ".join(re.findall(r"<option[^>]*>([^<]*)</option>", new + entry))
        for code in ("especially_grave", "restriction_of_liberty", "record_removed_by_court"):
            assert code not in options, (lang, code)
        for word in words:
            assert word in options, (lang, word)
