"""Locust users for bench/search_load.py: citizens searching the public register.

Each user, with no pause between requests (a closed loop: the load is as high as 20
users can make it), picks a random name query from BENCH_QUERIES (a JSON list) and
asks the search page in a random language (4 in 5 requests: the page a citizen uses)
or the JSON API (1 in 5). Every response time is also kept raw and written to
BENCH_LATENCIES when the run stops, so that the percentiles are computed by
bench/util.py (nearest rank), not by Locust's rounded histogram.

Not a benchmark part by itself: bench/search_load.py runs it with `locust --headless`.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import events, task
from locust.contrib.fasthttp import FastHttpUser

QUERIES: list[str] = json.loads(Path(os.environ["BENCH_QUERIES"]).read_text(encoding="utf-8"))
LATENCIES: list[float] = []
STATUSES: dict[str, int] = {}


@events.request.add_listener
def _keep(response_time: float, exception: Any, response: Any = None, **kwargs: Any) -> None:
    LATENCIES.append(response_time)
    status = str(getattr(response, "status_code", "error")) if exception is None else type(exception).__name__
    STATUSES[status] = STATUSES.get(status, 0) + 1


@events.quitting.add_listener
def _write(environment: Any, **kwargs: Any) -> None:
    Path(os.environ["BENCH_LATENCIES"]).write_text(json.dumps({"ms": LATENCIES, "statuses": STATUSES}))


class Citizen(FastHttpUser):
    @task(4)
    def page(self) -> None:
        lang = random.choice(("kk", "ru", "en"))
        self.client.get(f"/{lang}/register/", params={"q": random.choice(QUERIES)}, name="/<lang>/register/?q=")

    @task(1)
    def api(self) -> None:
        self.client.get("/api/v1/register", params={"q": random.choice(QUERIES)}, name="/api/v1/register?q=")
