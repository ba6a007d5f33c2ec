"""After a search, the export links give the search, in every format; without one, the whole register."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

from django.core.management import call_command
from django.test import Client

from tests.register.conftest import FeedFile, person_row


def _links(page: str) -> dict[str, str]:
    return {name: html.unescape(url) for url, name in re.findall(r'href="(/exports/register[^"]*)">([^<]+)</a>', page)}


def _body(client: Client, url: str) -> str:
    return b"".join(client.get(url).streaming_content).decode()  # type: ignore[attr-defined]


def test_exports_follow_the_search(client: Client, db: Any, feed_file: FeedFile) -> None:
    call_command("register", "import", str(feed_file([
        person_row("E-1", "Жумабаев", "Даурен", serial=31, region="karaganda"),
        person_row("E-2", "Омаров", "Ерлан", serial=32, region="astana"),
        person_row("E-3", "Омаров", "Самат", serial=33, region="karaganda"),
    ])))
    links = _links(client.get("/en/register/?q=Омаров&region=karaganda").content.decode())
    assert set(links) == {"CSV", "JSON", "FollowTheMoney"}
    rows = list(csv.DictReader(io.StringIO(_body(client, links["CSV"]))))
    assert [r["case_number"] for r in rows] == ["CASE-E-3"]
    assert [e["case_number"] for e in json.loads(_body(client, links["JSON"]))] == ["CASE-E-3"]
    cases = [json.loads(line) for line in _body(client, links["FollowTheMoney"]).splitlines()]
    assert [e["properties"]["caseNumber"] for e in cases if e["schema"] == "CourtCase"] == [["CASE-E-3"]]
    whole = _links(client.get("/en/register/").content.decode())
    assert whole["CSV"] == "/exports/register.csv"
    assert len(list(csv.DictReader(io.StringIO(_body(client, whole["CSV"]))))) == 3
