"""The weekly summary: which channels receive it, and which posts were made (once per school, channel and week)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, ConversationRef, School, utcnow


class SummarySubscription(Base):
    __tablename__ = "summary_subscriptions"
    __table_args__ = (UniqueConstraint("school_id", "conversation_ref_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    conversation_ref_id: Mapped[int] = mapped_column(ForeignKey("conversation_refs.id"))
    subscribed_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    lang: Mapped[str] = mapped_column(String(8), default="ru")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SummaryPost(Base):
    """One row per channel, ISO week and edition; edition 0 is the regular post, `--force` adds 1, 2, …"""

    __tablename__ = "summary_posts"
    __table_args__ = (UniqueConstraint("subscription_id", "week", "edition"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("summary_subscriptions.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    week: Mapped[str] = mapped_column(String(10))  # ISO week, "2026-W48"
    edition: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SummaryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def subscribe(self, school_id: int, ref: ConversationRef, person_id: int, lang: str) -> bool:
        """True when this channel was not subscribed yet (or had unsubscribed)."""
        current = await self.session.scalar(
            select(SummarySubscription).where(
                SummarySubscription.school_id == school_id, SummarySubscription.conversation_ref_id == ref.id
            )
        )
        if current is None:
            self.session.add(SummarySubscription(school_id=school_id, conversation_ref_id=ref.id,
                                                 subscribed_by_id=person_id, lang=lang, active=True))
            await self.session.flush()
            return True
        was_active = current.active
        current.active, current.lang, current.subscribed_by_id = True, lang, person_id
        return not was_active

    async def unsubscribe(self, school_id: int, ref: ConversationRef) -> bool:
        current = await self.session.scalar(
            select(SummarySubscription).where(
                SummarySubscription.school_id == school_id,
                SummarySubscription.conversation_ref_id == ref.id,
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
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        result = await self.session.execute(
            insert(SummaryPost).values(**values).on_conflict_do_nothing().returning(SummaryPost.id)
        )
        return edition if result.scalar() is not None else None

    async def ref(self, ref_id: int) -> ConversationRef | None:
        return await self.session.get(ConversationRef, ref_id)
