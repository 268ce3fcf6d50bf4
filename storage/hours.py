"""Models and queries of the hours feature: the append-only hours ledger and the per-semester norms.

The ledger (`hours_entries`) is never updated in place or deleted from. A correction or an undo is a new line that
reverses an old one (`reverses_entry_id`, negative hours, who and when); a correction adds the corrected line too
(`replaces_entry_id`). Every line has a unique `idempotency_key`, so the same submission twice records one line:

| where a line comes from | its key |
| --- | --- |
| the hours card | `card:{tutor id}:{submission id the card carries}` or `activity:{tutor id}:{activity id}` |
| a session marked held | `session:{session id}` (see `record_session_hours`) |
| a reversal | `reverse:{reversed entry id}` (an entry is reversed at most once; also a unique column) |

Norms (`hours_norms`) are configuration per semester. The defaults of CONTRACT §7 (`tutoring.norms.DEFAULT_NORMS`)
are copied into a semester's rows ("frozen") the first time the semester is used — its first ledger line or an
admin's change — so a later change of the defaults (a new revision of the regulation) does not rewrite a past
semester's figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import (
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Course, Person, School, TutorAssignment, active_assignment, utcnow
from storage.repository import Repository
from storage.types import UtcDateTime
from tutoring.norms import CATEGORY_OF_KIND, DEFAULT_NORMS, Category, SessionKind
from tutoring.progress import LedgerLine, TutorCourse

CENT = Decimal("0.01")


class HoursSource:
    CARD = "card"
    SESSION = "session"


class HoursEntry(Base):
    __tablename__ = "hours_entries"
    # Every column the summary's and the progress' sums read (migration 0013p): answered from the index alone.
    __table_args__ = (Index("ix_hours_entries_course_date", "course_id", "date", "tutor_id", "category", "hours"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tutor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    # Signed: a reversing line carries the negative of the line it reverses.
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2, asdecimal=True))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(16))  # card | session
    # The sessions feature's id; no foreign key: its table lives on another migration branch.
    session_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    reverses_entry_id: Mapped[int | None] = mapped_column(ForeignKey("hours_entries.id"), nullable=True, unique=True)
    replaces_entry_id: Mapped[int | None] = mapped_column(ForeignKey("hours_entries.id"), nullable=True)


class HoursNorm(Base):
    __tablename__ = "hours_norms"
    __table_args__ = (UniqueConstraint("semester", "category"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    semester: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2, asdecimal=True), nullable=True)  # None: no norm
    set_by: Mapped[str] = mapped_column(String(320))  # "default" when frozen from the defaults, else who
    set_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)


@dataclass(frozen=True)
class LedgerRow:
    """A ledger line with the names an export or a history shows."""

    entry: HoursEntry
    tutor: Person
    course: Course
    school_code: str
    entered_by: Person


class HoursRepository(Repository):
    # --- writing the ledger ----------------------------------------------
    async def by_key(self, key: str) -> HoursEntry | None:
        return await self.session.scalar(select(HoursEntry).where(HoursEntry.idempotency_key == key))

    async def by_id(self, entry_id: int) -> HoursEntry | None:
        return await self.session.get(HoursEntry, entry_id)

    async def add(
        self,
        *,
        key: str,
        tutor_id: int,
        course_id: int,
        category: Category,
        hours: Decimal,
        date: dt.date,
        entered_by_id: int,
        now: dt.datetime,
        note: str | None = None,
        source: str = HoursSource.CARD,
        session_id: int | None = None,
        reverses_entry_id: int | None = None,
        replaces_entry_id: int | None = None,
    ) -> tuple[HoursEntry, bool]:
        """Append a line unless its key is taken; (the line with that key, created?). The unique key decides, also
        against a concurrent twin: a taken key costs a rolled-back savepoint and a lookup, a new one (the usual case:
        the hours dialog has looked its key up already) no lookup at all."""
        course = await self.session.get(Course, course_id)
        if course is not None:
            await self.freeze_norms(course.semester, now)
        entry = HoursEntry(
            tutor_id=tutor_id,
            course_id=course_id,
            category=Category(category).value,
            hours=Decimal(hours).quantize(CENT, rounding=ROUND_HALF_UP),
            date=date,
            note=note,
            source=source,
            session_id=session_id,
            entered_by_id=entered_by_id,
            created_at=now,
            idempotency_key=key,
            reverses_entry_id=reverses_entry_id,
            replaces_entry_id=replaces_entry_id,
        )
        try:
            async with self.session.begin_nested():
                self.session.add(entry)
        except IntegrityError:
            existing = await self.by_key(key)
            if existing is None:
                raise
            return existing, False
        return entry, True

    async def reverse(
        self, entry: HoursEntry, *, by_id: int, now: dt.datetime, note: str | None = None
    ) -> tuple[HoursEntry, bool]:
        """The line that reverses `entry` (created now, or the one that already did): same tutor, course, category
        and date, the negative hours, who and when."""
        return await self.add(
            key=f"reverse:{entry.id}",
            tutor_id=entry.tutor_id,
            course_id=entry.course_id,
            category=Category(entry.category),
            hours=-entry.hours,
            date=entry.date,
            entered_by_id=by_id,
            now=now,
            note=note,
            source=entry.source,
            session_id=entry.session_id,
            reverses_entry_id=entry.id,
        )

    async def record_session_hours(
        self,
        session_id: int,
        tutor_id: int,
        course_id: int,
        kind: SessionKind | str,
        hours: Decimal | int | float | str,
        date: dt.date,
        *,
        entered_by_id: int | None = None,
        now: dt.datetime | None = None,
        note: str | None = None,
    ) -> tuple[HoursEntry, bool]:
        """A session marked held feeds the ledger: one line in the category of its kind, linked to the session.

        Idempotent per session: the second call for the same `session_id` (a replayed "held", a retry) returns the
        first line and writes nothing, even if that line was undone since. Call it inside the turn's unit of work
        (`turn.uow.hours`), so the line commits with the session's state. `hours` is the session's length in hours
        (e.g. `Decimal(minutes) / 60`), stored to 0.01 h; `date` is the session's local (Almaty) date. The 12-hours
        rule of the card does not apply: a held session is a fact. Returns (line, created?).
        """
        category = CATEGORY_OF_KIND[SessionKind(kind)]
        return await self.add(
            key=f"session:{session_id}",
            tutor_id=tutor_id,
            course_id=course_id,
            category=category,
            hours=Decimal(str(hours)),
            date=date,
            entered_by_id=entered_by_id if entered_by_id is not None else tutor_id,
            now=now or utcnow(),
            note=note,
            source=HoursSource.SESSION,
            session_id=session_id,
        )

    async def reverse_session_hours(
        self, session_id: int, *, by_id: int, now: dt.datetime | None = None
    ) -> HoursEntry | None:
        """Undo a session's line (the session turned out not held): the reversing line, or None if none was
        recorded. Idempotent."""
        entry = await self.by_key(f"session:{session_id}")
        if entry is None:
            return None
        reversal, _ = await self.reverse(entry, by_id=by_id, now=now or utcnow())
        return reversal

    # --- reading the ledger ----------------------------------------------
    async def reversal_of(self, entry_ids: list[int]) -> dict[int, HoursEntry]:
        if not entry_ids:
            return {}
        rows = await self.session.scalars(select(HoursEntry).where(HoursEntry.reverses_entry_id.in_(entry_ids)))
        return {r.reverses_entry_id: r for r in rows.all() if r.reverses_entry_id is not None}

    async def day_totals(self, tutor_id: int) -> dict[dt.date, Decimal]:
        """Net hours per date of this tutor, all courses (for the 12-hours-a-day rule)."""
        rows = await self.session.execute(
            select(HoursEntry.date, HoursEntry.hours).where(HoursEntry.tutor_id == tutor_id)
        )
        totals: dict[dt.date, Decimal] = defaultdict(Decimal)
        for date, hours in rows.all():
            totals[date] += Decimal(hours)
        return dict(totals)

    async def history(self, tutor_id: int, limit: int = 20) -> list[HoursEntry]:
        """The tutor's latest lines, newest first (reversals included)."""
        rows = await self.session.scalars(
            select(HoursEntry)
            .where(HoursEntry.tutor_id == tutor_id)
            .order_by(HoursEntry.created_at.desc(), HoursEntry.id.desc())
            .limit(limit)
        )
        return list(rows.all())

    async def people_by_id(self, ids: set[int]) -> dict[int, Person]:
        if not ids:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(ids)))
        return {p.id: p for p in rows.all()}

    async def courses_by_id(self, ids: set[int]) -> dict[int, Course]:
        if not ids:
            return {}
        rows = await self.session.scalars(select(Course).where(Course.id.in_(ids)))
        return {c.id: c for c in rows.all()}

    async def _courses_in_scope(self, conditions: list[ColumnElement[bool]], course_ids: list[int] | None, *,
                                only_ids: bool) -> list[int] | None:
        """The ids of the courses the conditions select (None: every course)."""
        if course_ids is not None and only_ids:
            return list(course_ids)
        if not conditions:
            return None
        return list((await self.session.scalars(select(Course.id).where(*conditions))).all())

    async def progress_inputs(
        self,
        *,
        tutor_id: int | None = None,
        course_ids: list[int] | None = None,
        school_id: int | None = None,
        semester: str | None = None,
    ) -> tuple[list[TutorCourse], list[LedgerLine]]:
        """The plain data `tutoring.progress.compute_progress` takes, for the (tutor, course) pairs in scope: every
        current assignment, plus any pair that has ledger lines without an assignment (a tutor since removed),
        so no logged hour is left out. Ordered by school, course code, tutor name."""
        assignments = select(TutorAssignment.tutor_id, TutorAssignment.course_id).join(
            Course, Course.id == TutorAssignment.course_id
        ).where(active_assignment())
        conditions: list[ColumnElement[bool]] = []
        if tutor_id is not None:
            assignments = assignments.where(TutorAssignment.tutor_id == tutor_id)
        if course_ids is not None:
            conditions.append(Course.id.in_(course_ids))
        if school_id is not None:
            conditions.append(Course.school_id == school_id)
        if semester is not None:
            conditions.append(Course.semester == semester)
        for condition in conditions:
            assignments = assignments.where(condition)
        # One pass over the ledger, driven from the courses in scope, summed in the database: one row per tutor,
        # course and category. Its pairs are the logged ones. The courses are named by id: driven from a subquery,
        # PostgreSQL scanned the whole ledger (30 ms a school) and SQLite without statistics would too.
        in_scope = await self._courses_in_scope(conditions, course_ids, only_ids=school_id is None and semester is None)
        sums = select(HoursEntry.tutor_id, HoursEntry.course_id, HoursEntry.category, func.sum(HoursEntry.hours))
        if in_scope is not None:
            sums = sums.where(HoursEntry.course_id.in_(in_scope))
        if tutor_id is not None:
            sums = sums.where(HoursEntry.tutor_id == tutor_id)
        sums = sums.group_by(HoursEntry.tutor_id, HoursEntry.course_id, HoursEntry.category)
        pairs = {(t, c) for t, c in (await self.session.execute(assignments)).all()}
        summed = (await self.session.execute(sums)).all()
        pairs |= {(t, c) for t, c, _cat, _h in summed}
        if not pairs:
            return [], []
        load = await self._tutor_courses(pairs)
        lines = [
            # SQLite sums NUMERIC as a float: go through str and back to quarter hours.
            LedgerLine(t, c, Category(cat), Decimal(str(h)).quantize(Decimal("0.01")))
            for t, c, cat, h in summed
        ]
        return load, lines

    async def _tutor_courses(self, pairs: set[tuple[int, int]]) -> list[TutorCourse]:
        """Each (tutor, course) pair with its dates, norms and names, ordered by school, course code, tutor."""
        people = await self.people_by_id({t for t, _ in pairs})
        courses = await self.courses_by_id({c for _, c in pairs})
        schools = {s.id: s.code for s in (await self.session.scalars(select(School))).all()}
        norms: dict[str, dict[Category, Decimal | None]] = {}
        for semester_name in sorted({c.semester for c in courses.values()}):
            norms[semester_name] = await self.norms_for(semester_name)
        load = [
            TutorCourse(
                tutor_id=t, course_id=c, start_date=courses[c].start_date, rk1_date=courses[c].rk1_date,
                rk2_date=courses[c].rk2_date, exam_date=courses[c].exam_date, norms=norms[courses[c].semester],
                tutor_name=people[t].name, tutor_email=people[t].email, course_code=courses[c].code,
                course_name=courses[c].name, semester=courses[c].semester,
                school=schools.get(courses[c].school_id, ""),
            )
            for t, c in pairs
        ]
        load.sort(key=lambda i: (i.school, i.semester, i.course_code, i.tutor_name, i.tutor_id))
        return load

    async def ledger(
        self, *, school_id: int | None = None, semester: str | None = None
    ) -> list[LedgerRow]:
        """Every line in scope, oldest first, with names: the raw ledger sheet of the export."""
        query = (
            select(HoursEntry, Course)
            .join(Course, Course.id == HoursEntry.course_id)
            .order_by(HoursEntry.created_at, HoursEntry.id)
        )
        if school_id is not None:
            query = query.where(Course.school_id == school_id)
        if semester is not None:
            query = query.where(Course.semester == semester)
        found = [(e, c) for e, c in (await self.session.execute(query)).all()]
        people = await self.people_by_id({e.tutor_id for e, _ in found} | {e.entered_by_id for e, _ in found})
        schools = {s.id: s.code for s in (await self.session.scalars(select(School))).all()}
        return [
            LedgerRow(e, people[e.tutor_id], c, schools.get(c.school_id, ""), people[e.entered_by_id])
            for e, c in found
        ]

    # --- norms -------------------------------------------------------------
    async def norms_for(self, semester: str) -> dict[Category, Decimal | None]:
        """The norms in force for a semester: its stored rows over the defaults."""
        norms = dict(DEFAULT_NORMS)
        rows = await self.session.scalars(select(HoursNorm).where(HoursNorm.semester == semester))
        for row in rows.all():
            try:
                norms[Category(row.category)] = row.hours
            except ValueError:
                continue  # a category a newer revision dropped
        return norms

    async def freeze_norms(self, semester: str, now: dt.datetime) -> None:
        """Copy the defaults into the semester's rows where it has none, so it keeps them whatever the defaults
        become. Concurrent twins are harmless (insert … on conflict do nothing)."""
        have = set(
            (await self.session.scalars(select(HoursNorm.category).where(HoursNorm.semester == semester))).all()
        )
        missing = [c for c in Category if c.value not in have]
        if not missing:
            return
        values = [
            {"semester": semester, "category": c.value, "hours": DEFAULT_NORMS[c], "set_by": "default", "set_at": now}
            for c in missing
        ]
        await self.session.execute(
            self.insert(HoursNorm).values(values).on_conflict_do_nothing(index_elements=["semester", "category"])
        )

    async def set_norm(
        self, semester: str, category: Category, hours: Decimal | None, *, by: str, now: dt.datetime
    ) -> Decimal | None:
        """Set one category's norm for a semester (None: no norm). Returns the previous value."""
        await self.freeze_norms(semester, now)
        row = await self.session.scalar(
            select(HoursNorm).where(HoursNorm.semester == semester, HoursNorm.category == category.value)
        )
        assert row is not None
        previous = row.hours
        row.hours = hours.quantize(CENT) if hours is not None else None
        row.set_by = by
        row.set_at = now
        return previous

    async def norms_with_source(self, semester: str) -> dict[Category, tuple[Decimal | None, str]]:
        """The norms in force for a semester and who set each ("default" when it is the default)."""
        norms: dict[Category, tuple[Decimal | None, str]] = {c: (DEFAULT_NORMS[c], "default") for c in Category}
        rows = await self.session.scalars(select(HoursNorm).where(HoursNorm.semester == semester))
        for row in rows.all():
            if row.category in {c.value for c in Category}:
                norms[Category(row.category)] = (row.hours, row.set_by)
        return norms

    async def schools(self) -> list[School]:
        return list((await self.session.scalars(select(School).order_by(School.code))).all())

    async def stored_norms(self) -> list[HoursNorm]:
        rows = await self.session.scalars(select(HoursNorm).order_by(HoursNorm.semester, HoursNorm.id))
        return list(rows.all())

    async def semester_ends(self) -> dict[str, dt.date]:
        """The last exam date of each semester the roster knows: a semester is past once that date has passed."""
        rows = await self.session.execute(select(Course.semester, func.max(Course.exam_date)).group_by(Course.semester))
        return {s: d for s, d in rows.all()}
