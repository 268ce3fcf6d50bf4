"""The weekly summary: which channels receive it, and which posts were made (once per school, channel and week)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.appointments import AppointmentsRepository
from storage.hours import HoursEntry, HoursRepository
from storage.models import Base, ConversationRef, School, course_of, utcnow
from storage.people import semester_of_day
from storage.questions import Question, QuestionState
from storage.repository import Repository
from storage.sessions import Session, SessionState
from storage.types import UtcDateTime
from tutoring.clock import local_date
from tutoring.norms import SessionKind
from tutoring.progress import compute_progress
from tutoring.response_time import QuestionTimes, is_overdue, response_figures
from tutoring.weekly import IsoWeek, QuestionFigures, Row, SessionFigures


class SummarySubscription(Base):
    __tablename__ = "summary_subscriptions"
    __table_args__ = (UniqueConstraint("school_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    # A channel, not a thread: "19:…@thread.tacv2" without the ";messageid=…" of the post that subscribed it.
    channel_id: Mapped[str] = mapped_column(String(500))
    conversation_ref_id: Mapped[int] = mapped_column(ForeignKey("conversation_refs.id"))  # how to reach it
    subscribed_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    lang: Mapped[str] = mapped_column(String(8), default="ru")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)


class SummaryPost(Base):
    """One row per channel, ISO week and edition; edition 0 is the regular post, `--force` adds 1, 2, …"""

    __tablename__ = "summary_posts"
    __table_args__ = (UniqueConstraint("subscription_id", "week", "edition"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("summary_subscriptions.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    week: Mapped[str] = mapped_column(String(10))  # ISO week, "2026-W48"
    edition: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)


class SummaryRepository(Repository):
    async def subscribe(self, school_id: int, ref: ConversationRef, person_id: int, lang: str) -> bool:
        """True when this channel was not subscribed yet (or had unsubscribed)."""
        channel = channel_of(ref)
        current = await self.session.scalar(
            select(SummarySubscription).where(
                SummarySubscription.school_id == school_id, SummarySubscription.channel_id == channel
            )
        )
        if current is None:
            self.session.add(SummarySubscription(school_id=school_id, channel_id=channel, conversation_ref_id=ref.id,
                                                 subscribed_by_id=person_id, lang=lang, active=True))
            await self.session.flush()
            return True
        was_active = current.active
        current.active, current.lang, current.subscribed_by_id = True, lang, person_id
        current.conversation_ref_id = ref.id
        return not was_active

    async def unsubscribe(self, school_id: int, ref: ConversationRef) -> bool:
        current = await self.session.scalar(
            select(SummarySubscription).where(
                SummarySubscription.school_id == school_id,
                SummarySubscription.channel_id == channel_of(ref),
                SummarySubscription.active.is_(True),
            )
        )
        if current is None:
            return False
        current.active = False
        return True

    async def active_subscriptions(self, school_code: str | None = None) -> list[SummarySubscription]:
        query = select(SummarySubscription).where(SummarySubscription.active.is_(True))
        if school_code is not None:
            query = query.join(School, School.id == SummarySubscription.school_id).where(School.code == school_code)
        return list((await self.session.scalars(query.order_by(SummarySubscription.id))).all())

    async def claim_post(self, subscription: SummarySubscription, week: str, force: bool) -> int | None:
        """Record the post of this week; None when it was already made (the unique key decides, not luck)."""
        edition = 0
        if force:
            last = await self.session.scalar(
                select(func.max(SummaryPost.edition)).where(
                    SummaryPost.subscription_id == subscription.id, SummaryPost.week == week
                )
            )
            edition = 0 if last is None else last + 1
        values = {"subscription_id": subscription.id, "school_id": subscription.school_id, "week": week,
                  "edition": edition, "created_at": utcnow()}
        result = await self.session.execute(
            self.insert(SummaryPost).values(**values).on_conflict_do_nothing().returning(SummaryPost.id)
        )
        return edition if result.scalar() is not None else None

    async def ref(self, ref_id: int) -> ConversationRef | None:
        return await self.session.get(ConversationRef, ref_id)

    async def school(self, school_id: int) -> School | None:
        return await self.session.get(School, school_id)

    async def schools(self) -> list[School]:
        return list((await self.session.scalars(select(School).order_by(School.code))).all())

    async def untutored(self, school_id: int, week: IsoWeek, semester: str | None = None) -> list[str]:
        """Offerings of the school in the semester (current at the week's end unless named) with no active tutor."""
        semester = semester or await semester_of_day(self.session, week.sunday) or ""
        courses = await AppointmentsRepository(self.session).untutored(semester, school_id)
        return [f"{c.code} {c.name}" for c in courses]

    async def rows(self, school_id: int, week: IsoWeek, now: dt.datetime, semester: str | None = None) -> list[Row]:
        """The school's figures for `week` over one semester: the one current at the week's end unless named."""
        semester = semester or await semester_of_day(self.session, week.sunday) or ""
        return await school_rows(self.session, school_id, week, now, semester)


def channel_of(ref: ConversationRef) -> str:
    return ref.conversation_id.split(";")[0]


# --- the figures: a few aggregate queries per school, whatever its size ----------------------------------
async def school_rows(session: AsyncSession, school_id: int, week: IsoWeek, now: dt.datetime,
                      semester: str) -> list[Row]:
    """Per (tutor, course) of the school's offerings in `semester`: hours (via the ledger's progress), sessions
    and questions of `week`."""
    load, lines = await HoursRepository(session).progress_inputs(school_id=school_id, semester=semester)
    if not load:
        return []
    progress = compute_progress(load, lines, local_date(now))
    course_ids = sorted({item.course_id for item in load})
    week_hours = await _week_hours(session, course_ids, week)
    sessions = await _session_figures(session, course_ids, week)
    questions = await _question_figures(session, course_ids, week, now)
    rows: list[Row] = []
    for item in progress:
        pair = (item.item.tutor_id, item.item.course_id)
        rows.append(Row(progress=item, sessions=sessions.get(pair, SessionFigures()),
                        questions=questions.get(item.item.course_id, QuestionFigures()),
                        hours_this_week=week_hours.get(pair, Decimal(0))))
    return rows


async def _week_hours(session: AsyncSession, course_ids: list[int], week: IsoWeek) -> dict[tuple[int, int], Decimal]:
    """Net hours logged per (tutor, course) on the days of `week`."""
    found: dict[tuple[int, int], Decimal] = {}
    for tutor_id, course_id, hours in (await session.execute(
        select(HoursEntry.tutor_id, HoursEntry.course_id, func.sum(HoursEntry.hours))
        .where(HoursEntry.course_id.in_(course_ids), HoursEntry.date >= week.monday, HoursEntry.date <= week.sunday)
        .group_by(HoursEntry.tutor_id, HoursEntry.course_id)
    )).all():
        found[(tutor_id, course_id)] = Decimal(str(hours or 0)).quantize(Decimal("0.01"))
    return found


async def _session_figures(session: AsyncSession, course_ids: list[int],
                           week: IsoWeek) -> dict[tuple[int, int], SessionFigures]:
    """Per (tutor, course): the kinds scheduled and held this semester, and how many were held in `week`."""
    start, end = week.bounds_utc()
    scheduled: dict[tuple[int, int], set[SessionKind]] = defaultdict(set)
    held: dict[tuple[int, int], set[SessionKind]] = defaultdict(set)
    held_week: dict[tuple[int, int], int] = defaultdict(int)
    for tutor_id, course_id, kind, state, start_at in (await session.execute(
        select(Session.tutor_id, course_of(Session), Session.kind, Session.state, Session.start_at)
        .where(Session.course_id.in_(course_ids), Session.state != SessionState.CANCELLED.value)
    )).all():
        pair = (tutor_id, course_id)
        scheduled[pair].add(SessionKind(kind))
        if state == SessionState.HELD.value:
            held[pair].add(SessionKind(kind))
            if start <= start_at < end:
                held_week[pair] += 1
    return {pair: SessionFigures(held_week[pair], frozenset(kinds), frozenset(held[pair]))
            for pair, kinds in scheduled.items()}


async def _question_figures(session: AsyncSession, course_ids: list[int], week: IsoWeek,
                            now: dt.datetime) -> dict[int, QuestionFigures]:
    """Per course (its tutors answer for them together): questions asked in `week`, how they were answered, and
    the open ones overdue now."""
    start, end = week.bounds_utc()
    asked: dict[int, list[QuestionTimes]] = defaultdict(list)
    for course_id, asked_at, answered_at in (await session.execute(
        select(course_of(Question), Question.asked_at, Question.first_answered_at)
        .where(Question.course_id.in_(course_ids), Question.asked_at >= start, Question.asked_at < end)
    )).all():
        asked[course_id].append(QuestionTimes(course_id, asked_at, answered_at))
    open_overdue: dict[int, int] = defaultdict(int)
    for course_id, asked_at in (await session.execute(
        select(course_of(Question), Question.asked_at)
        .where(Question.course_id.in_(course_ids), Question.state == QuestionState.ASKED.value,
               Question.asked_at < now - dt.timedelta(hours=48))
    )).all():
        if is_overdue(asked_at, None, now):
            open_overdue[course_id] += 1
    found: dict[int, QuestionFigures] = {}
    for course_id in set(asked) | set(open_overdue):
        times = asked.get(course_id, [])
        figures = response_figures(times, now)
        found[course_id] = QuestionFigures(
            received=figures.received, answered=figures.answered, overdue=figures.overdue,
            open_overdue=open_overdue.get(course_id, 0), answered_in_time=figures.answered_in_time,
            response_times=tuple(q.first_answered_at - q.asked_at for q in times if q.first_answered_at))
    return found

