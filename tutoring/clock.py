"""Time. Everything stored is UTC; everything shown or scheduled is Asia/Almaty (UTC+5 all year since 2024-03-01)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """An aware datetime in UTC."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that moves only when told to: for tests and for replaying a past week."""

    def __init__(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.at = at.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self.at

    def advance(self, delta: dt.timedelta) -> None:
        self.at += delta


def to_local(moment: dt.datetime, tz: ZoneInfo = ALMATY) -> dt.datetime:
    """A stored (aware UTC) moment as Almaty wall time, for showing and for regulation days."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: moments are aware UTC")
    return moment.astimezone(tz)


def local_date(moment: dt.datetime, tz: ZoneInfo = ALMATY) -> dt.date:
    """The Almaty day a moment falls on."""
    return to_local(moment, tz).date()


def local_today(clock: Clock, tz: ZoneInfo = ALMATY) -> dt.date:
    return local_date(clock.now(), tz)
