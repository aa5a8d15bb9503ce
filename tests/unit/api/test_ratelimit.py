"""The per-caller token bucket, on a fake clock."""

from __future__ import annotations

import pytest

from upg.api.ratelimit import RateLimiter
from upg.errors import RateLimited


def test_a_burst_passes_then_the_rate_applies_with_retry_after() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=3, clock=lambda: now[0])
    for _ in range(3):
        limiter.check("k")
    with pytest.raises(RateLimited) as caught:
        limiter.check("k")
    assert caught.value.retry_after_s == 1
    assert "60 requests a minute" in caught.value.message
    limiter.check("other")  # callers are counted apart
    now[0] = 1.0
    limiter.check("k")  # one request a second refills
    with pytest.raises(RateLimited):
        limiter.check("k")


def test_retry_after_says_how_long_the_bucket_needs() -> None:
    limiter = RateLimiter(per_minute=6, burst=1, clock=lambda: 0.0)
    limiter.check("k")
    with pytest.raises(RateLimited) as caught:
        limiter.check("k")
    assert caught.value.retry_after_s == 10


def test_zero_means_no_limit() -> None:
    limiter = RateLimiter(per_minute=0, burst=1)
    for _ in range(1000):
        limiter.check("k")
