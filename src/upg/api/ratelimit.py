"""Per-caller rate limits: a token bucket per API key, JWT subject or anonymous address.

Each replica counts on its own (N replicas allow N times the rate in total); put a shared
limiter in front of the replicas if that matters.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from upg.errors import RateLimited

MAX_BUCKETS = 100_000
"""Callers tracked at once; past this, full buckets are forgotten first."""


class RateLimiter:
    """`per_minute` requests a minute on average, `burst` at once; `per_minute=0` is no limit."""

    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self.burst = burst
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        """key -> (tokens left, when counted)"""

    def check(self, key: str) -> None:
        """Take one request from `key`'s bucket, or raise RateLimited with when to retry."""
        if self.per_minute == 0:
            return
        now = self._clock()
        tokens, then = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self._rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            retry_after = max(1, math.ceil((1.0 - tokens) / self._rate))
            raise RateLimited(
                f"rate limit of {self.per_minute} requests a minute exceeded; "
                f"retry in {retry_after} s",
                retry_after_s=retry_after,
            )
        if len(self._buckets) >= MAX_BUCKETS and key not in self._buckets:
            self._forget_full(now)
        self._buckets[key] = (tokens - 1.0, now)

    def _forget_full(self, now: float) -> None:
        full = [
            key
            for key, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * self._rate >= self.burst
        ]
        for key in full or list(self._buckets):
            del self._buckets[key]
