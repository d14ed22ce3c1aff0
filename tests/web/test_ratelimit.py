"""The login rate limiter blocks after repeated failures and forgets keys whose failures have expired."""

from __future__ import annotations

from igfaxis.apps.web.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_blocks_after_max_failures_until_the_window_passes() -> None:
    clock = Clock()
    rl = RateLimiter(max_failures=3, window_s=60.0, clock=clock)
    for _ in range(3):
        assert rl.blocked("ip:1", "user:a") == 0.0
        rl.fail("ip:1", "user:a")
    assert rl.blocked("ip:1") == 60.0 and rl.blocked("user:a") == 60.0 and rl.blocked("user:b") == 0.0
    clock.t += 61.0
    assert rl.blocked("ip:1", "user:a") == 0.0
    assert rl.tracked() == 0  # expired keys are forgotten once seen


def test_checking_keys_stores_nothing() -> None:
    rl = RateLimiter(clock=Clock())
    for i in range(10_000):
        assert rl.blocked("ip:9", f"user:{i}") == 0.0
    assert rl.tracked() == 0


def test_expired_keys_never_checked_again_are_swept() -> None:
    clock = Clock()
    rl = RateLimiter(max_failures=5, window_s=60.0, clock=clock, sweep_every=100)
    for i in range(99):
        rl.fail(f"user:{i}")
    assert rl.tracked() == 99
    clock.t += 61.0
    rl.fail("user:new")  # the 100th failure sweeps: only the fresh key is left
    assert rl.tracked() == 1


def test_reset_forgets_a_key() -> None:
    rl = RateLimiter(max_failures=1, clock=Clock())
    rl.fail("user:a")
    assert rl.blocked("user:a") > 0
    rl.reset("user:a")
    assert rl.blocked("user:a") == 0.0
