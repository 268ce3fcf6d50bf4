"""Which semester is current (CONTRACT §4): the one whose dates hold today.

A semester runs from the first start of its offerings to the last day after its last exam on which 7.3 / 7.4
work (grading, AIS grade sheets) may still be logged (`tutoring.regulation_calendar.hours_grace_until`). Between two semesters the one that ended last stays
current (its reports and sheets are still being finished); before any has begun, the first to come is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tutoring.regulation_calendar import hours_grace_until


@dataclass(frozen=True)
class SemesterSpan:
    name: str
    first_start: dt.date
    last_exam: dt.date

    @property
    def last_day(self) -> dt.date:
        return hours_grace_until(self.last_exam)

    def holds(self, day: dt.date) -> bool:
        return self.first_start <= day <= self.last_day


def current_semester(spans: Iterable[SemesterSpan], today: dt.date) -> str | None:
    spans = list(spans)
    holding = [s for s in spans if s.holds(today)]
    if holding:  # overlapping terms: the one that began last is the one people work in now
        return max(holding, key=lambda s: (s.first_start, s.name)).name
    ended = [s for s in spans if s.last_day < today]
    if ended:
        return max(ended, key=lambda s: (s.last_day, s.name)).name
    coming = [s for s in spans if s.first_start > today]
    return min(coming, key=lambda s: (s.first_start, s.name)).name if coming else None
