"""The integration map's cards talking back: what each card action sends (a typed model per action), who may
act on a course's map, and a course's map loaded as the cards show it (shared by the tutor's dialog and the
reviewers'); refusals are dialogs.router's `Refusal(key, **values)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field

from cards.base import CARD_CONTENT_TYPE, Json
from cards.integration_map_pieces import MapView
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Submission
from storage.integration_map import IntegrationMap, course_facts
from storage.models import Course, Person
from storage.sessions import SessionState
from tutoring.clock import local_date
from tutoring.integration_map import CONSULTATIONS, MapState, Step, content_to_json, default_content
from tutoring.locale import Lang, lang_from_locale
from tutoring.norms import SessionKind
from tutoring.roles import MAP_REVIEWERS, Command, Role
from tutoring.text import parse_id

router = Router("integration_map")
ACTION = "integration_map."  # card actions and text keys: integration_map.<verb>


# --- typed submissions and the one refusal path --------------------------------------------------------------


def record_id(value: object) -> int:
    number = parse_id(value)
    if number is None:
        raise ValueError("not a record id")
    return number


def as_text(value: object) -> str:
    return "" if value is None else str(value)


RecordId = Annotated[int, BeforeValidator(record_id)]
Text = Annotated[str, BeforeValidator(as_text)]


class MapCourse(Submission):
    """`open`, `copy`, `submit`, `review`: the course the card is about (checked against the person below)."""

    course: RecordId


class MapStep(MapCourse):
    """`edit` and `save`: one part's card. `save` also carries the part's inputs, which `apply_step` reads
    through the field protocol (tutoring.integration_map.fields)."""

    step: Step
    then: Text = ""  # "next": go on to the next part's card


class MapSubmission(MapCourse):
    """`submit`: a new version of an approved map carries the tutor's note of what changed (7.4)."""

    note: Text = ""


class MapTopics(MapCourse):
    topics: Text = ""


class MapDecision(MapCourse):
    """`approve` and `return`: a submitted version, and the reviewer's comment."""

    version: RecordId
    comment: Text = ""


class MapFile(MapCourse):
    """`docx` and the file consent's answer (`file`): a version, 0 for the draft."""

    version: Annotated[int, BeforeValidator(lambda v: record_id(0 if v is None else v))] = 0
    consent: Text = ""
    upload: Annotated[dict[str, Any], BeforeValidator(lambda v: v or {})] = Field(default_factory=dict[str, Any])


M = TypeVar("M", bound=Submission)
MapHandler = Callable[[Turn, M], Awaitable[list[Reply]]]


def action(verb: str, command: Command, model: type[M]) -> Callable[[MapHandler[M]], MapHandler[M]]:
    """`router.action` for the map's verbs: the card's data read into `model`, refusals answered by the router."""

    def register(handler: MapHandler[M]) -> MapHandler[M]:
        router.action(ACTION + verb, command=command, model=model)(handler)
        return handler

    return register


# --- who may see / edit / review ---------------------------------------------------------------------------


def may_review(turn: Turn, course: Course) -> bool:
    """The dean of the course's school; an admin or a uoo person, any school's (tutoring.roles.MAP_REVIEWERS)."""
    if turn.role not in MAP_REVIEWERS:
        return False
    return turn.role is not Role.DEAN or turn.person.school_id == course.school_id


async def may_edit(turn: Turn, course: Course) -> bool:
    return turn.role is Role.TUTOR and await turn.uow.maps.is_tutor_of(turn.person, course.id)


async def course_of(turn: Turn, submission: MapCourse) -> Course:
    course = await turn.uow.maps.course(submission.course)
    if course is None:
        raise Refusal("bad_submission")
    return course


async def not_your_course(turn: Turn, course: Course) -> Refusal:
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    return Refusal(ACTION + "not_your_course", code=course.code, courses=courses_text(courses))


async def editable_course(turn: Turn, submission: MapCourse) -> Course:
    course = await course_of(turn, submission)
    if not await may_edit(turn, course):
        raise await not_your_course(turn, course)
    return course


async def reviewable_course(turn: Turn, submission: MapCourse) -> Course:
    course = await course_of(turn, submission)
    if not may_review(turn, course):
        raise Refusal(ACTION + "review.not_reviewer")
    return course



def courses_text(courses: list[Course]) -> str:
    return ", ".join(c.code for c in courses) or "—"


# --- loading a map -----------------------------------------------------------------------------------------


async def scheduled_consultations(turn: Turn, course: Course) -> dict[SessionKind, dt.date]:
    """Consultations already scheduled by the sessions feature: their local days pre-fill Part 4."""
    days: dict[SessionKind, dt.date] = {}
    for row in await turn.uow.sessions.of_courses([course.id]):
        session = row.session
        if session.state == SessionState.CANCELLED.value or session.kind not in CONSULTATIONS:
            continue
        days.setdefault(SessionKind(session.kind), local_date(session.start_at))
    return days


async def map_of(turn: Turn, course: Course, *, create: bool) -> IntegrationMap | None:
    map_ = await turn.uow.maps.of_course(course.id)
    if map_ is None and create:
        content = default_content(course_facts(course), await scheduled_consultations(turn, course))
        map_ = await turn.uow.maps.create(course, content, turn.person, turn.now)
    return map_


async def view_of(turn: Turn, course: Course, map_: IntegrationMap | None) -> MapView:
    facts = course_facts(course)
    if map_ is None:
        content = default_content(facts, await scheduled_consultations(turn, course))
        return MapView(course.id, facts, content, MapState.DRAFT, 0, False)
    content = turn.uow.maps.content(map_, course)
    latest = await turn.uow.maps.latest(map_)
    changed = latest is not None and latest.content_json != content_to_json(content)
    reviewer = await turn.uow.maps.person(latest.reviewed_by_id) if latest else None
    signer = await turn.uow.maps.person(latest.school_approved_by_id) if latest else None
    approved = await turn.uow.maps.latest_approved(map_.id)
    return MapView(
        course.id, facts, content, MapState(map_.state), map_.latest_version, changed,
        comment=latest.review_comment if latest else None,
        reviewer=reviewer.name if reviewer else None,
        controls_saved=await turn.uow.maps.controls_saved(map_),
        school_signer=signer.name if signer else None, approved_version=approved.number if approved else 0,
    )


def lang_of(person: Person) -> Lang:
    return lang_from_locale(person.locale)


def activity(line: str, card: Json | None = None) -> dict[str, Any]:
    """A proactive message for the outbox: a line, and a card under it."""
    message: dict[str, Any] = {"type": "message", "text": line}
    if card is not None:
        message["attachments"] = [{"contentType": CARD_CONTENT_TYPE, "content": card}]
    return message
