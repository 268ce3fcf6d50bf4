"""`subscribe`, `unsubscribe`: a dean's channel receives the weekly summary of the dean's school."""

from __future__ import annotations

from cards.i18n import text
from cards.summary import summary_card
from dialogs.router import Reply, Router, Turn
from dialogs.semesters import semester_named
from storage.models import School
from tutoring.clock import ALMATY
from tutoring.roles import Command, Role
from tutoring.weekly import IsoWeek, compose

router = Router("summary")


async def _channel_and_school(turn: Turn) -> tuple[Reply | None, str]:
    if turn.conversation_type != "channel":
        return Reply(text=text(turn.lang, "summary.subscribe.only_channel")), ""
    school = turn.person.school
    if school is None:
        return Reply(text=text(turn.lang, "summary.subscribe.no_school")), ""
    return None, school.name


@router.command(Command.SUBSCRIBE, "подписаться", "жазылу")
async def subscribe(turn: Turn) -> list[Reply]:
    refusal, school_name = await _channel_and_school(turn)
    if refusal is not None:
        return [refusal]
    ref = await turn.uow.conversations.by_conversation_id(turn.conversation_id)
    assert ref is not None and turn.person.school_id is not None  # the bot stored it before routing
    created = await turn.uow.summary.subscribe(turn.person.school_id, ref, turn.person.id, turn.lang)
    key = "summary.subscribed" if created else "summary.already_subscribed"
    return [Reply(text=text(turn.lang, key, school=school_name))]


@router.command(Command.UNSUBSCRIBE, "отписаться", "жазылудан-шығу")
async def unsubscribe(turn: Turn) -> list[Reply]:
    refusal, school_name = await _channel_and_school(turn)
    if refusal is not None:
        return [refusal]
    ref = await turn.uow.conversations.by_conversation_id(turn.conversation_id)
    assert ref is not None and turn.person.school_id is not None
    removed = await turn.uow.summary.unsubscribe(turn.person.school_id, ref)
    key = "summary.unsubscribed" if removed else "summary.not_subscribed"
    return [Reply(text=text(turn.lang, key, school=school_name))]


async def summary_reply(turn: Turn, school: School, week: IsoWeek, semester: str | None = None) -> Reply:
    rows = await turn.uow.summary.rows(school.id, week, turn.now, semester)
    today = turn.now.astimezone(ALMATY).date()
    untutored = await turn.uow.summary.untutored(school.id, week, semester)
    summary = compose(school.name, week, rows, today, untutored)
    return Reply(card=summary_card(summary, turn.lang, today, export_command=f"export hours {school.code}"))


async def dean_report(turn: Turn) -> list[Reply]:
    """`report` said by a dean (their school) or an admin (every school): the summary of this week so far."""
    week = IsoWeek.of(turn.now.astimezone(ALMATY).date())
    semester = await semester_named(turn)
    if isinstance(semester, Reply):
        return [semester]
    if turn.role is Role.ADMIN:
        schools = await turn.uow.summary.schools()
        return [await summary_reply(turn, school, week, semester) for school in schools[:10]]
    if turn.person.school is None:
        return [Reply(text=text(turn.lang, "summary.subscribe.no_school"))]
    return [await summary_reply(turn, turn.person.school, week, semester)]
