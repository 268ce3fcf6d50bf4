"""The slots of the shared send budget keep every window Teams counts, without spreading a conversation thin."""

from __future__ import annotations

import itertools

from bot.throttle import APP_LIMITS, CONVERSATION_LIMITS
from storage.send_budget import earliest_slot


def schedule(count: int, limits: tuple[tuple[int, float], ...]) -> list[float]:
    times: list[float] = []
    for _ in range(count):
        times.append(earliest_slot([(times, limit, period) for limit, period in limits], 0.0))
        times.sort()
    return times


def most_in_a_window(times: list[float], period: float) -> int:
    return max(sum(1 for t in times if start <= t < start + period - 1e-6) for start in times)  # float rounding


def test_a_conversation_keeps_every_teams_window() -> None:
    times = schedule(100, CONVERSATION_LIMITS)
    for limit, period in CONVERSATION_LIMITS:
        assert most_in_a_window(times, period) <= limit, (limit, period)
    assert times[:7] == [0.0] * 7  # the slow windows (60 in 30 s) do not pace a burst the 1 s window allows
    assert times[60] >= 30.0  # the 61st waits for the first to leave the 30 s window


def test_the_bot_window_is_paced_evenly() -> None:
    [(limit, period)] = APP_LIMITS
    times = schedule(120, APP_LIMITS)
    assert most_in_a_window(times, period) <= limit
    gaps = {round(b - a, 6) for a, b in itertools.pairwise(times)}
    assert gaps == {round(period / limit, 6)}  # one every 20 ms, never a burst


def test_a_given_back_slot_is_taken_again() -> None:
    times = schedule(7, ((7, 1.0),))
    assert earliest_slot([(times, 7, 1.0)], 0.0) == 1.0  # the window is full until the first leaves it
    times.remove(0.0)  # a send woken late gives its slot back
    assert earliest_slot([(times, 7, 1.0)], 0.0) == 0.0
