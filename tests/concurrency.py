"""Race tests on PostgreSQL: one piece of work started in several threads at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections

T = TypeVar("T")


def at_once(work: Callable[[], T], threads: int) -> list[T | Exception]:
    """Run `work` in `threads` threads released together by one barrier; what each
    returned, or the exception it raised, in the order they finished. Each thread
    closes its own database connections, as a request's end would."""
    barrier = threading.Barrier(threads)
    outcomes: list[T | Exception] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            try:
                outcome: T | Exception = work()
            except Exception as exc:  # a lost race is an outcome the test judges
                outcome = exc
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return outcomes
