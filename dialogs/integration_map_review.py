"""The map signed by both (Appendix 1, "Согласовано"): the school's dean signs first, then a person of the Office
of Online Education (role `uoo`); a return at either step sends the version back to the tutor with the comment.

* Reviewers (`map`): a dean lists the school's courses, an admin or a uoo person every school's, those waiting for
  them first; a course's review card shows the whole version (each week as the DOCX prints it).
* `integration_map.approve` / `integration_map.return` belong to `Command.MAP_SIGN` (the dean and the УОО): the
  dean signs a version awaiting the school, the УОО one the school has signed. Each step is told on: the УОО gets
  the review card once the school has signed, the tutor the outcome (outbox, once per version and step).
* Syllabus updates (7.4): a version after an approved one shows its note and the weeks' changes against that one;
  once the УОО signs it, the course's students are told about the changed weeks not over yet (once per version).
"""

from __future__ import annotations

from cards.base import Json, plain
from cards.i18n import text
from cards.integration_map import ListItem, review_card, review_list_card
from cards.integration_map_changes import changes_blocks, students_message
from cards.integration_map_pieces import MapView, problems_message, state_name
from dialogs.integration_map_access import (
    ACTION,
    MapCourse,
    MapDecision,
    Refusal,
    action,
    activity,
    lang_of,
    map_of,
    may_review,
    reviewable_course,
    view_of,
)
from dialogs.router import Reply, Turn
from storage.integration_map import IntegrationMap, IntegrationMapVersion, course_facts
from storage.models import Course, Person
from storage.outbox import EnqueueOutcome
from tutoring.clock import local_date
from tutoring.integration_map import (
    MapContent,
    MapState,
    WeekChange,
    ahead,
    check_review,
    content_from_json,
    week_changes,
    with_course_dates,
)
from tutoring.locale import Lang
from tutoring.roles import Command, Role

# Which state of a version each signer signs: the school's first, then the УОО's.
SIGNS: dict[Role, MapState] = {Role.DEAN: MapState.SUBMITTED, Role.UOO: MapState.SCHOOL_APPROVED}


def signs_now(role: Role, state: MapState) -> bool:
    return SIGNS.get(role) is state


# --- telling the signers ---------------------------------------------------------------------------------------


async def notify_school(turn: Turn, course: Course, version: IntegrationMapVersion) -> str:
    """A new version goes to the dean of the course's school (the first signature); the tutor's line says so."""
    dean = await turn.uow.maps.dean_of(course)
    if dean is None:
        return text(turn.lang, ACTION + "submitted.no_dean")
    line = text(lang_of(dean), ACTION + "notify.submitted", tutor=turn.person.name, code=course.code,
                name=course.name, n=version.number)
    outcome = await _send_card(turn, course, version, dean, line, key="review")
    if outcome is EnqueueOutcome.UNREACHABLE:
        return text(turn.lang, ACTION + "submitted.unreachable", who=dean.name)
    return text(turn.lang, ACTION + "submitted.notified", who=dean.name)


async def _notify_uoo(turn: Turn, course: Course, version: IntegrationMapVersion) -> str:
    """The school has signed: every uoo person gets the review card (any of them signs second)."""
    people = await turn.uow.maps.uoo_people()
    if not people:
        return text(turn.lang, ACTION + "submitted.no_uoo")
    for person in people:
        line = text(lang_of(person), ACTION + "notify.school_approved", code=course.code, name=course.name,
                    n=version.number, who=turn.person.name)
        await _send_card(turn, course, version, person, line, key=f"uoo:{person.id}")
    return ""


async def _send_card(turn: Turn, course: Course, version: IntegrationMapVersion, person: Person, line: str, *,
                     key: str) -> EnqueueOutcome:
    map_ = await turn.uow.maps.of_course(course.id)
    assert map_ is not None  # a version belongs to a map
    card = await _review_card(turn, course, map_, version, lang=lang_of(person), can_review=True)
    return await turn.uow.outbox.to_person(person, f"map:{map_.id}:v{version.number}:{key}", activity(line, card))


# --- the review card and list ----------------------------------------------------------------------------------


async def _review_card(turn: Turn, course: Course, map_: IntegrationMap, version: IntegrationMapVersion | None,
                       *, lang: Lang, can_review: bool, notice: str | None = None) -> Json:
    view = await view_of(turn, course, map_)
    if version is None:
        return review_card(lang, view, version=0, state=MapState.DRAFT, content=view.content, submitted_on=None,
                           tutor="—", can_review=False, notice=notice)
    facts = course_facts(course)
    content: MapContent = with_course_dates(content_from_json(version.content_json), facts)
    tutor = await turn.uow.maps.person(version.submitted_by_id)
    reviewer = await turn.uow.maps.person(version.reviewed_by_id)
    signer = await turn.uow.maps.person(version.school_approved_by_id)
    view = MapView(view.course_id, facts, content, MapState(version.state), version.number, False,
                   comment=version.review_comment, reviewer=reviewer.name if reviewer else None,
                   school_signer=signer.name if signer else None)
    return review_card(lang, view, version=version.number, state=MapState(version.state), content=content,
                       submitted_on=local_date(version.submitted_at), tutor=tutor.name if tutor else "—",
                       can_review=can_review, notice=notice, changes=await _changes(turn, course, version, lang))


async def _update_of(turn: Turn, version: IntegrationMapVersion) -> tuple[int, list[WeekChange]] | None:
    """For a new version of an approved map: that approved version's number and the weeks changed since."""
    earlier = await turn.uow.maps.approved_before(version.map_id, version.number)
    if earlier is None:
        return None
    return earlier.number, week_changes(content_from_json(earlier.content_json),
                                        content_from_json(version.content_json))


async def _changes(turn: Turn, course: Course, version: IntegrationMapVersion, lang: Lang) -> list[Json]:
    update = await _update_of(turn, version)
    if update is None:
        return []
    since, changes = update
    return changes_blocks(lang, since=since, note=version.change_note, changes=changes, start=course.start_date)


async def _tell_students(turn: Turn, course: Course, version: IntegrationMapVersion) -> str:
    """An approved syllabus update: the course's students hear of the weeks still ahead that changed, once per
    version (the outbox key); nothing when no such week changed."""
    update = await _update_of(turn, version)
    changes = ahead(update[1], course.start_date, turn.today) if update else []
    if not changes:
        return ""
    students = await turn.uow.sessions.students_of(course.id)
    for student in students:
        lang = lang_of(student)
        line = students_message(lang, code=course.code, name=course.name, note=version.change_note or "",
                                changes=changes, start=course.start_date)
        await turn.uow.outbox.to_person(student, f"map:{version.map_id}:v{version.number}:students:{student.id}",
                                        activity(line))
    return text(turn.lang, ACTION + "notify.syllabus_told", n=len(students))


async def reviewer_command(turn: Turn) -> list[Reply]:
    """`map [COURSE]` of a reviewer: one course's review card, or the list, those waiting for this person first."""
    wanted = turn.args.split()[0].lower() if turn.args.split() else ""
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    if wanted:
        course = next((c for c in courses if c.code.lower() == wanted), None)
        if course is None:
            return [Reply(text=text(turn.lang, ACTION + "no_such_course", code=turn.args.split()[0]))]
        return await review(turn, course, update=False)
    school = turn.person.school_id if turn.role is Role.DEAN else None
    if turn.role is Role.DEAN and school is None:  # a dean without a school in the roster
        return [Reply(card=review_list_card(turn.lang, []))]
    # Every course of the school (all for an admin and the УОО): maps waiting for this person first, then the
    # others, then the courses whose tutor has not started one, so the reviewer sees what is missing too.
    maps = {s.course.id: s for s in await turn.uow.maps.for_review(school)}
    items = [
        ListItem(c.id, c.code, c.name, MapState(maps[c.id].map.state), maps[c.id].map.latest_version)
        if c.id in maps else ListItem(c.id, c.code, c.name, None, 0)
        for c in courses
    ]
    waiting = SIGNS.get(turn.role, MapState.SUBMITTED)
    items.sort(key=lambda i: (0 if i.state is waiting else 2 if i.state is None else 1, i.code))
    return [Reply(card=review_list_card(turn.lang, items))]


async def review(turn: Turn, course: Course, *, notice: str | None = None, update: bool = True) -> list[Reply]:
    map_ = await map_of(turn, course, create=False)
    latest = await turn.uow.maps.latest(map_) if map_ else None
    if map_ is None:
        view = await view_of(turn, course, None)
        card = review_card(turn.lang, view, version=0, state=MapState.DRAFT, content=view.content,
                           submitted_on=None, tutor="—", can_review=False, notice=notice)
        return [Reply(card=card, update=update)]
    can_sign = latest is not None and may_review(turn, course) and signs_now(turn.role, MapState(latest.state))
    card = await _review_card(turn, course, map_, latest, lang=turn.lang, can_review=can_sign, notice=notice)
    return [Reply(card=card, update=update)]


@action("review", Command.MAP_REVIEW, MapCourse)
async def open_review(turn: Turn, submission: MapCourse) -> list[Reply]:
    return await review(turn, await reviewable_course(turn, submission))


# --- the two signatures ----------------------------------------------------------------------------------------


async def _version_to_sign(turn: Turn, submission: MapDecision) -> tuple[Course, IntegrationMap,
                                                                         IntegrationMapVersion]:
    course = await reviewable_course(turn, submission)
    map_ = await map_of(turn, course, create=False)
    version = await turn.uow.maps.version(map_.id, submission.version) if map_ else None
    if map_ is None or version is None:
        raise Refusal("bad_submission")
    if MapState(version.state) is MapState.SUBMITTED and turn.role is not Role.DEAN:
        raise Refusal(ACTION + "review.not_reviewer")  # the school signs first
    return course, map_, version


@action("approve", Command.MAP_SIGN, MapDecision)
async def approve(turn: Turn, submission: MapDecision) -> list[Reply]:
    return await _decide(turn, submission, approve=True)


@action("return", Command.MAP_SIGN, MapDecision)
async def send_back(turn: Turn, submission: MapDecision) -> list[Reply]:
    return await _decide(turn, submission, approve=False)


async def _decide(turn: Turn, submission: MapDecision, *, approve: bool) -> list[Reply]:
    course, map_, version = await _version_to_sign(turn, submission)
    state = MapState(version.state)
    if not signs_now(turn.role, state):
        # Already decided (a double click, or another УОО person was quicker), superseded, or the dean's step
        # done: change nothing.
        line = text(turn.lang, ACTION + "review.stale", n=version.number, state=state_name(turn.lang, state))
        return [Reply(text=line), *await review(turn, course)]
    comment = submission.comment.strip()
    refused = check_review(comment, approve=approve)
    if refused:
        return [Reply(text=problems_message(turn.lang, "problems.save", refused))]
    if approve and state is MapState.SUBMITTED:
        await turn.uow.maps.sign_for_school(map_, version, person=turn.person, now=turn.now)
        line = text(turn.lang, ACTION + "review.school_approved", code=course.code, n=version.number)
        told = await _notify_uoo(turn, course, version)
        return [Reply(text="\n".join(x for x in (line, told) if x)), *await review(turn, course, notice=line)]
    await turn.uow.maps.review(map_, version, approve=approve, comment=comment or None, person=turn.person,
                               now=turn.now)
    line = text(turn.lang, ACTION + ("review.approved" if approve else "review.returned"), code=course.code,
                n=version.number)
    await _tell_tutor(turn, course, map_, version, approve=approve, comment=comment)
    told = await _tell_students(turn, course, version) if approve else ""
    return [Reply(text="\n".join(x for x in (line, told) if x)), *await review(turn, course, notice=line)]


async def _tell_tutor(turn: Turn, course: Course, map_: IntegrationMap, version: IntegrationMapVersion, *,
                      approve: bool, comment: str) -> None:
    tutor = await turn.uow.maps.person(version.submitted_by_id)
    if tutor is None:
        return
    lang = lang_of(tutor)
    if approve:
        note = text(lang, ACTION + "notify.approved", code=course.code, n=version.number, who=turn.person.name)
    else:
        note = text(lang, ACTION + "notify.returned", code=course.code, n=version.number, who=turn.person.name,
                    comment=plain(comment))  # a chat message renders markdown too
    await turn.uow.outbox.to_person(tutor, f"map:{map_.id}:v{version.number}:reviewed", activity(note))
