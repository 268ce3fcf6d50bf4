"""The integration map's cards talking back: what each card action sends (a typed model per action), who may
act on a course's map; refusals are dialogs.router's `Refusal(key, **values)`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field

from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Submission
from storage.models import Course
from tutoring.integration_map import Step
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
    """The dean of the course's school, or any admin (tutoring.roles.MAP_REVIEWERS)."""
    if turn.role not in MAP_REVIEWERS:
        return False
    return turn.role is Role.ADMIN or turn.person.school_id == course.school_id


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
