"""Tests that count public requests against the real clock."""

from __future__ import annotations

import time


def inside_a_rate_window(margin: float = 15.0) -> None:
    """Rate-limit windows are fixed and close on the minute (so also on the hour): a test
    counting across that edge sees its count restart (one failed CI so). Call this before
    counting: it waits, if need be, until at least `margin` seconds remain in the minute."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.05)
