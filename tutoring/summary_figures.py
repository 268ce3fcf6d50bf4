"""The figures the dean's summary draws as charts: hours against norms per tutor, and how the week's questions
were answered. Pure, over the summary's rows (`tutoring.weekly.Row`), so the charts and the table agree.

A school of 40 tutors would make an unreadable chart: the tutors most behind are shown one by one (the ones a
dean acts on), the rest as one "others" entry with their average per tutor, so the scale stays that of a tutor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tutoring.weekly import Row

ZERO = Decimal(0)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class TutorHours:
    """One tutor's hours over all their courses of the summary."""

    tutor_id: int
    name: str
    delivered: Decimal
    norm: Decimal
    missing: Decimal  # still missing before each course's next control point, summed
    courses: int


@dataclass(frozen=True)
class HoursByTutor:
    shown: tuple[TutorHours, ...]  # most behind first
    others: TutorHours | None  # average per tutor of the rest (tutor_id 0), None when all are shown
    others_count: int = 0


@dataclass(frozen=True)
class QuestionOutcomes:
    """The questions asked in the week, by what became of them."""

    on_time: int  # first answer within the 24 working hours promised
    late: int  # answered, but later than that
    waiting: int  # not answered yet

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.waiting


def tutor_hours(rows: Sequence[Row]) -> list[TutorHours]:
    """Hours per tutor, most behind first: most missing before the next control point, then the lowest share of
    the norm delivered, then by name."""
    grouped: dict[int, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.progress.item.tutor_id, []).append(row)
    tutors = [
        TutorHours(
            tutor_id=tutor_id,
            name=own[0].progress.item.tutor_name,
            delivered=sum((r.progress.delivered_total for r in own), ZERO),
            norm=sum((r.progress.norm_total for r in own), ZERO),
            missing=sum((r.progress.missing_total for r in own), ZERO),
            courses=len(own),
        )
        for tutor_id, own in grouped.items()
    ]
    return sorted(tutors, key=lambda t: (-t.missing, _share(t), t.name, t.tutor_id))


def _share(tutor: TutorHours) -> Decimal:
    return tutor.delivered / tutor.norm if tutor.norm else Decimal(1)


def hours_by_tutor(rows: Sequence[Row], limit: int) -> HoursByTutor:
    """The first `limit` tutors of `tutor_hours` one by one; when more, the first `limit - 1` and the average of
    the rest, so the chart never has more than `limit` groups."""
    tutors = tutor_hours(rows)
    if len(tutors) <= limit:
        return HoursByTutor(tuple(tutors), None)
    shown, rest = tutors[: limit - 1], tutors[limit - 1:]
    count = Decimal(len(rest))
    others = TutorHours(
        tutor_id=0,
        name="",
        delivered=_tenth(sum((t.delivered for t in rest), ZERO) / count),
        norm=_tenth(sum((t.norm for t in rest), ZERO) / count),
        missing=_tenth(sum((t.missing for t in rest), ZERO) / count),
        courses=sum(t.courses for t in rest),
    )
    return HoursByTutor(tuple(shown), others, len(rest))


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def question_outcomes(rows: Sequence[Row]) -> QuestionOutcomes:
    """The week's questions of the school. A course with two tutors has two rows with the same questions:
    each course counts once."""
    seen: set[int] = set()
    on_time = late = waiting = 0
    for row in rows:
        course = row.progress.item.course_id
        if course in seen:
            continue
        seen.add(course)
        figures = row.questions
        on_time += figures.answered_in_time
        late += figures.answered - figures.answered_in_time
        waiting += figures.received - figures.answered
    return QuestionOutcomes(on_time, late, waiting)
