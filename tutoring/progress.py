"""Progress of tutoring hours against the Section 7 norms: the one place this arithmetic lives.

Everything that shows these figures calls `compute_progress` — the tutor's progress card and `report`,
the dean's summary, the XLSX export — so they can never disagree.

Input is plain data, no database objects:

* `load`: one `TutorCourse` per (tutor, course) pair to report on — the course's dates and the norms in force
  for its semester (`storage.hours.HoursRepository.norms_for(semester)` gives them; `tutoring.norms.DEFAULT_NORMS`
  are the defaults). Names and codes are carried through untouched, for display.
* `lines`: the ledger as `LedgerLine`s (tutor, course, category, signed hours: a reversing entry carries the
  negative of what it reverses). Lines of pairs that are not in `load` are ignored.
* `today`: the local (Asia/Almaty) date the figures are "as of"; it picks the next control point.

Output: one `CourseProgress` per item of `load`, in the same order, with every category of `Category` in
enum order (categories without a norm, i.e. documentation, are listed with `norm=None`).

What is due by a control point (RK1, RK2, exam — the course's own dates):

* a category's whole norm is due by the first control point on or after its last day, as
  `tutoring.regulation_calendar.due_at` says: intro (7.1, by the end of week 1) and the consultation before RK1 —
  by RK1; the consultation before RK2 — by RK2; the consultation before the exam and control and assessment
  (7.3) — by the exam;
* sessions and support (7.2, 6 h by default) are spread evenly over the semester: by a control point the share
  of the norm that the time from `start_date` to that point is of the time from `start_date` to `exam_date`,
  rounded up to a quarter hour; all of it by the exam;
* documentation (7.4) has no norm, so nothing is ever "missing" there.

"Missing before the next control point" = per category, what is due by that point minus what was delivered,
when positive. After the exam there is no next control point; `gaps` then is what the semester fell short by.
Hours over a norm are allowed and counted in `delivered_total`; they are flagged (`over_norm`), and they never
fill another category's gap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from tutoring.norms import Category, total_norm
from tutoring.regulation_calendar import (  # ControlKind: re-exported
    CONTROL_ORDER,
    ControlKind,
    CourseDates,
    due_at,
)

QUARTER = Decimal("0.25")
ZERO = Decimal(0)


_ORDER = CONTROL_ORDER
SPREAD: frozenset[Category] = frozenset({Category.SESSIONS})


@dataclass(frozen=True)
class ControlPoint:
    kind: ControlKind
    date: dt.date


@dataclass(frozen=True)
class TutorCourse:
    """One tutor on one course, with the course's dates and the norms of its semester."""

    tutor_id: int
    course_id: int
    start_date: dt.date
    rk1_date: dt.date
    rk2_date: dt.date
    exam_date: dt.date
    norms: Mapping[Category, Decimal | None]
    # Carried through for display only.
    tutor_name: str = ""
    tutor_email: str = ""
    course_code: str = ""
    course_name: str = ""
    semester: str = ""
    school: str = ""

    @property
    def dates(self) -> CourseDates:
        return CourseDates(self.start_date, self.rk1_date, self.rk2_date, self.exam_date)

    def control_points(self) -> tuple[ControlPoint, ...]:
        return (
            ControlPoint(ControlKind.RK1, self.rk1_date),
            ControlPoint(ControlKind.RK2, self.rk2_date),
            ControlPoint(ControlKind.EXAM, self.exam_date),
        )


@dataclass(frozen=True)
class LedgerLine:
    tutor_id: int
    course_id: int
    category: Category
    hours: Decimal  # signed: a reversing entry is negative


@dataclass(frozen=True)
class CategoryProgress:
    category: Category
    delivered: Decimal
    norm: Decimal | None  # None: the regulation sets no norm
    remaining: Decimal  # norm - delivered, never below 0 (0 without a norm)
    over: Decimal  # delivered - norm, never below 0 (0 without a norm)
    due_by_next: Decimal  # cumulative hours expected by the next control point (norm after the exam)
    missing_before_next: Decimal  # due_by_next - delivered, never below 0

    @property
    def over_norm(self) -> bool:
        return self.over > 0


@dataclass(frozen=True)
class CourseProgress:
    item: TutorCourse
    categories: tuple[CategoryProgress, ...]
    delivered_total: Decimal  # every category, documentation and over-norm hours included
    norm_total: Decimal  # sum of the set norms: 11 h with the defaults
    gap_total: Decimal  # sum of `remaining`: what is still owed to the norms
    next_control: ControlPoint | None  # None once the exam date has passed
    missing_before_next: tuple[CategoryProgress, ...] = field(default=())  # categories with something missing

    @property
    def over_norm(self) -> tuple[CategoryProgress, ...]:
        return tuple(c for c in self.categories if c.over_norm)

    @property
    def over_total(self) -> Decimal:
        """How far the delivered total exceeds the total norm (0 when it does not)."""
        return max(self.delivered_total - self.norm_total, ZERO)

    @property
    def missing_total(self) -> Decimal:
        return sum((c.missing_before_next for c in self.missing_before_next), ZERO)

    def by_category(self, category: Category) -> CategoryProgress:
        return next(c for c in self.categories if c.category is category)


def next_control_point(item: TutorCourse, today: dt.date) -> ControlPoint | None:
    """The first of RK1, RK2, exam on or after today; None after the exam."""
    return next((p for p in item.control_points() if p.date >= today), None)


def due_by(item: TutorCourse, category: Category, point: ControlPoint) -> Decimal:
    """Hours of `category` expected to be delivered, cumulatively, by `point`."""
    norm = item.norms.get(category)
    if norm is None or norm <= 0:
        return ZERO
    if category in SPREAD:
        if point.kind is ControlKind.EXAM:
            return norm
        span = (item.exam_date - item.start_date).days
        if span <= 0:
            return norm
        share = Decimal(min(max((point.date - item.start_date).days, 0), span)) / Decimal(span)
        return min(_ceil_quarter(norm * share), norm)
    return norm if _ORDER.index(point.kind) >= _ORDER.index(due_at(item.dates, category)) else ZERO


def compute_progress(
    load: Sequence[TutorCourse], lines: Iterable[LedgerLine], today: dt.date
) -> list[CourseProgress]:
    """Per (tutor, course) of `load`: each category delivered / norm, totals, over-norm flags, gaps and what is
    missing before the next control point. Pure; see the module docstring for the rules."""
    delivered: dict[tuple[int, int], dict[Category, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for line in lines:
        delivered[(line.tutor_id, line.course_id)][Category(line.category)] += Decimal(line.hours)
    result: list[CourseProgress] = []
    for item in load:
        done = delivered.get((item.tutor_id, item.course_id), {})
        point = next_control_point(item, today)
        categories: list[CategoryProgress] = []
        for category in Category:
            got = done.get(category, ZERO)
            norm = item.norms.get(category)
            due = ZERO if norm is None else (due_by(item, category, point) if point else norm)
            categories.append(
                CategoryProgress(
                    category=category,
                    delivered=got,
                    norm=norm,
                    remaining=max(norm - got, ZERO) if norm is not None else ZERO,
                    over=max(got - norm, ZERO) if norm is not None else ZERO,
                    due_by_next=due,
                    missing_before_next=max(due - got, ZERO),
                )
            )
        result.append(
            CourseProgress(
                item=item,
                categories=tuple(categories),
                delivered_total=sum((c.delivered for c in categories), ZERO),
                norm_total=total_norm(dict(item.norms)),
                gap_total=sum((c.remaining for c in categories), ZERO),
                next_control=point,
                missing_before_next=tuple(c for c in categories if c.missing_before_next > 0),
            )
        )
    return result


def _ceil_quarter(value: Decimal) -> Decimal:
    return (value / QUARTER).to_integral_value(rounding=ROUND_CEILING) * QUARTER
