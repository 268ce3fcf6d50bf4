"""`subscribe`, `unsubscribe`: a dean's channel receives the weekly summary of the dean's school."""

from __future__ import annotations

import secrets

from cards.base import CARD_CONTENT_TYPE
from cards.i18n import text
from cards.summary import summary_card
from dialogs.deadlines import control_lines
from dialogs.gradesheets import overdue_lines
from dialogs.guards import own_school
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.semesters import semester_named
from storage.models import School
from storage.outbox import EnqueueOutcome
from tutoring.clock import local_date
from tutoring.roles import Command, Role
from tutoring.weekly import IsoWeek, compose

router = Router("summary")


def _channel_and_school(turn: Turn) -> str:
    """The name of the dean's school, said in a channel (where the summary goes); else a refusal."""
    if turn.conversation_type != "channel":
        raise Refusal("summary.subscribe.only_channel")
    return own_school(turn, "summary.subscribe.no_school").name


@router.command(Command.SUBSCRIBE, "подписаться", "жазылу")
async def subscribe(turn: Turn) -> list[Reply]:
    school_name = _channel_and_school(turn)
    ref = await turn.uow.conversations.by_conversation_id(turn.conversation_id)
    assert ref is not None and turn.person.school_id is not None  # the bot stored it before routing
    created = await turn.uow.summary.subscribe(turn.person.school_id, ref, turn.person.id, turn.lang)
    key = "summary.subscribed" if created else "summary.already_subscribed"
    return [Reply(text=text(turn.lang, key, school=school_name))]


@router.command(Command.UNSUBSCRIBE, "отписаться", "жазылудан-шығу")
async def unsubscribe(turn: Turn) -> list[Reply]:
    school_name = _channel_and_school(turn)
    ref = await turn.uow.conversations.by_conversation_id(turn.conversation_id)
    assert ref is not None and turn.person.school_id is not None
    removed = await turn.uow.summary.unsubscribe(turn.person.school_id, ref)
    key = "summary.unsubscribed" if removed else "summary.not_subscribed"
    return [Reply(text=text(turn.lang, key, school=school_name))]


async def summary_reply(turn: Turn, school: School, week: IsoWeek, semester: str | None = None) -> Reply:
    rows = await turn.uow.summary.rows(school.id, week, turn.now, semester)
    today = local_date(turn.now)
    untutored = await turn.uow.summary.untutored(school.id, week, semester)
    term = semester or await turn.uow.people.current_semester(week.sunday)
    sheets = await overdue_lines(turn.uow, school.id, term, today, turn.lang, turn.gradesheet_days)
    summary = compose(school.name, week, rows, today, untutored, sheets)
    control = await control_lines(turn.uow, school.id, term, turn.now, turn.lang)
    return Reply(card=summary_card(summary, turn.lang, today, export_command=f"export hours {school.code}",
                                   control=control))


async def _schools_named(turn: Turn) -> tuple[list[School], str]:
    """`report SOE [semester]`: the school named first (an admin or the УОО may read any), else every school (the
    first ten: one card each); and what is left of the words."""
    schools = await turn.uow.summary.schools()
    first, _, rest = turn.args.strip().partition(" ")
    named = next((s for s in schools if s.code.lower() == first.lower()), None) if first else None
    if named is not None:
        return [named], rest
    return schools[:10], turn.args


async def dean_report(turn: Turn) -> list[Reply]:
    """`report` said by a dean (their school) or an admin (every school): the summary of this week so far.

    The summary names tutors with their figures: said in a channel or a group chat, it goes to the person's
    personal chat, and the shared conversation only hears where it went.
    """
    week = IsoWeek.of(local_date(turn.now))
    if turn.role in (Role.ADMIN, Role.UOO):  # every school: the УОО reads them all (6.2), read-only
        schools, rest = await _schools_named(turn)
        semester = await semester_named(turn, rest)
    else:
        semester = await semester_named(turn)
        schools = [own_school(turn, "summary.subscribe.no_school")]
    if turn.conversation_type == "personal":
        return [await summary_reply(turn, school, week, semester) for school in schools]
    request = turn.activity_id or secrets.token_hex(8)  # Teams keeps the activity id on a retry: sent once
    for school in schools:
        card = (await summary_reply(turn, school, week, semester)).card
        assert card is not None
        outcome = await turn.uow.outbox.to_person(
            turn.person, f"report:{turn.person.id}:{request}:{school.id}",
            {"type": "message", "text": text(turn.lang, "summary.report.personal", school=school.name),
             "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}]},
        )
        if outcome is EnqueueOutcome.UNREACHABLE:
            return [Reply(text=text(turn.lang, "summary.report.unreachable"))]
    return [Reply(text=text(turn.lang, "summary.report.sent_personally"))]
