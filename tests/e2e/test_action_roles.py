"""Every card action, every role, values copied from someone else's card: refused, nothing stored (CONTRACT §7).

The walk discovers the actions from the bot's own dispatch (`dialogs.build_dispatch().by_action`), so a new card
action fails here until it has a case in `CASES`. For each action and each role (the demo roster's student, tutor,
dean and admin) it submits values of another person's card: another tutor's course, session, hours entry or map;
another school's course and map; another student's question. A role that may not use the action's command gets the
central refusal (exactly `not_allowed`, before any handler runs); a role that may gets the handler's ownership
refusal. Either way no card comes back, no file is uploaded, nothing of the other person's shows, and every table
of the database (the outbox among them) holds exactly what it held before: rows counted and compared whole.

Who owns what (bot/demo_roster plus a second school added here): Айгерим Касымова (TUTOR) tutors MGT2101,
Дмитрий Ковалёв tutors FIN2204; both courses are of SOM, whose dean is Гульнара Сапарова (DEAN); Ерлан (STUDENT)
studies both, Анна only MGT2101, Мадина only FIN2204. SOE is another school with its own dean, tutor, student and
course SOE1001. Сауле Искакова (ADMIN) sees every school: nothing of a school is foreign to her.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from cards.i18n import TEXTS
from cards.i18n import text as bot_text
from dialogs import build_dispatch
from storage import Database
from storage.integration_map import course_facts
from storage.models import Course, Enrollment, Person, School, TutorAssignment
from storage.sessions import Session, SessionState, SyncState
from tests.conftest import ADMIN, DEAN, STUDENT, STUDENT_NO_AAD, TUTOR, RunningBot
from tests.support.chat import Chat, Said
from tests.support.onedrive import UploadStandIn
from tests.support.teams import TeamsUser
from tutoring.clock import ALMATY, Clock, FixedClock
from tutoring.integration_map import default_content
from tutoring.norms import Category
from tutoring.proctoring import parse_record
from tutoring.roles import Role, may

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ALMATY)  # a Wednesday of the demo semester, between RK1 and RK2
MARK = "FOREIGN-"  # in every text another person stored: it must never show in a reply to someone else

KOVALEV = TeamsUser("29:tutor-dmitry", "Дмитрий Ковалёв", "0a1d0000-0000-4000-8000-000000000003",
                    "d.kovalev@demo.almau.edu.kz")
MADINA = TeamsUser("29:student-madina", "Мадина Оспанова", "0a1d0000-0000-4000-8000-000000000007",
                   "m.ospanova@demo.almau.edu.kz")
SOE_DEAN = TeamsUser("29:dean-soe", "Арман Нурланов", "0a1d0000-0000-4000-8000-000000000101", "a.nurlanov@soe.kz")
SOE_TUTOR = TeamsUser("29:tutor-soe", "Жанна Серикова", "0a1d0000-0000-4000-8000-000000000102", "z.serikova@soe.kz")
SOE_STUDENT = TeamsUser("29:student-soe", "Тимур Алиев", "0a1d0000-0000-4000-8000-000000000103", "t.aliev@soe.kz")
UOO = TeamsUser("29:uoo-aliya", "Алия Бекова", "0a1d0000-0000-4000-8000-000000000104", "a.bekova@demo.almau.edu.kz")

# The person who walks for each role; each role of the bot must have one.
ACTING: dict[Role, TeamsUser] = {Role.STUDENT: STUDENT, Role.TUTOR: TUTOR, Role.DEAN: DEAN, Role.ADMIN: ADMIN,
                                 Role.UOO: UOO}
OTHERS = (STUDENT_NO_AAD, KOVALEV, MADINA, SOE_DEAN, SOE_TUTOR, SOE_STUDENT)


@pytest.fixture
def bot_clock() -> Clock:
    return FixedClock(NOW)


# --- the other people's things -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """Ids and codes of what other people own, as their cards carry them."""

    mgt: int  # MGT2101, Айгерим's course (SOM)
    fin: int  # FIN2204, Дмитрий Ковалёв's course (SOM)
    soe: int  # SOE1001, another school's course
    madina_question: int  # FIN2204, Мадина's, unanswered
    anna_question: int  # MGT2101 (Ерлан's own course), Анна's, unanswered
    soe_question: int  # SOE1001, answered
    kovalev_entry: int  # Дмитрий's hours entry of yesterday
    own_entry: int  # Айгерим's own hours entry of yesterday
    kovalev_upcoming: int  # Дмитрий's webinar next week
    kovalev_ended: int  # Дмитрий's webinar of last Friday
    soe_proposal: int  # a tutor candidate for SOE1001, waiting for the other school's dean
    fin_report: int  # a proctoring report of Мадина's FIN2204 exam, waiting for Дмитрий's review
    support_question: int  # Дмитрий's question to the УОО (6.2), unanswered: only the УОО answers it
    other_training: int  # a training for tutors another УОО person organizes: only they may cancel it
    madina: int = 0  # Мадина, behind on FIN2204's syllabus work (Дмитрий's Remind button carries her id)


async def build_world(bot: RunningBot) -> World:
    yesterday = NOW - dt.timedelta(days=1)
    async with bot.database.unit_of_work() as uow:
        people = uow.people
        fin = (await uow.maps.offerings_of("FIN2204"))[0]
        mgt = (await uow.maps.offerings_of("MGT2101"))[0]
        kovalev = await people.by_email(KOVALEV.email or "")
        aigerim = await people.by_email(TUTOR.email or "")
        anna = await people.by_email(STUDENT_NO_AAD.email or "")
        madina = await people.by_email(MADINA.email or "")
        assert fin and mgt and kovalev and aigerim and anna and madina

        school = School(code="SOE", name="Школа экономики", dean_email=SOE_DEAN.email or "")
        uow.db.add(school)
        await uow.db.flush()
        soe_people = [
            Person(email=user.email or "", name=user.name, role=role.value, school_id=school.id,
                   aad_object_id=user.aad_object_id)
            for user, role in ((SOE_DEAN, Role.DEAN), (SOE_TUTOR, Role.TUTOR), (SOE_STUDENT, Role.STUDENT))
        ]
        uow.db.add_all(soe_people)
        uow.db.add(Person(email=UOO.email or "", name=UOO.name, role=Role.UOO.value, school_id=None,
                          aad_object_id=UOO.aad_object_id))
        soe = Course(code="SOE1001", name="Микроэкономика", school_id=school.id, semester=mgt.semester,
                     language="ru", start_date=mgt.start_date, rk1_date=mgt.rk1_date, rk2_date=mgt.rk2_date,
                     exam_date=mgt.exam_date)
        uow.db.add(soe)
        await uow.db.flush()
        _, soe_tutor, soe_student = soe_people
        uow.db.add_all([Enrollment(course_id=soe.id, student_id=soe_student.id),
                             TutorAssignment(course_id=soe.id, tutor_id=soe_tutor.id)])
        await uow.db.flush()

        def ask(course: Course, student: Person, key: str) -> Any:
            return uow.questions.ask(course=course, student=student, text=f"{MARK}question {key}", anonymous=False,
                                     key=f"world:{key}", now=NOW - dt.timedelta(hours=2))

        madina_question = await ask(fin, madina, "madina")
        anna_question = await ask(mgt, anna, "anna")
        soe_question = await ask(soe, soe_student, "soe")
        await uow.questions.answer(question=soe_question, tutor=soe_tutor, text=f"{MARK}answer", key="world:answer",
                                   now=NOW - dt.timedelta(hours=1))
        support_question = await uow.questions.ask(course=None, student=kovalev, text=f"{MARK}support", anonymous=False,
                                                   key="world:support", now=NOW - dt.timedelta(hours=2))

        async def entry(tutor: Person, course: Course, key: str) -> int:
            row, _ = await uow.hours.add(key=f"world:{key}", tutor_id=tutor.id, course_id=course.id,
                                         category=Category.SESSIONS, hours=Decimal(1), date=yesterday.date(),
                                         entered_by_id=tutor.id, now=yesterday, note=f"{MARK}note {key}")
            return row.id

        kovalev_entry = await entry(kovalev, fin, "kovalev")
        own_entry = await entry(aigerim, mgt, "aigerim")

        def webinar(start: dt.datetime, key: str) -> Session:
            # Synced and announced, Zoom, the "held?" question asked: the sessions worker has nothing to do with it.
            return Session(course_id=fin.id, tutor_id=kovalev.id, kind="webinar", title=f"{MARK}webinar {key}",
                           start_at=start.astimezone(dt.UTC), duration_min=60, platform="zoom",
                           join_url="https://zoom.us/j/100200300", link_kind="external",
                           transaction_id=f"world-{key}", state=SessionState.SCHEDULED.value, version=1,
                           synced_version=1, announced_version=1, sync_state=SyncState.SYNCED.value,
                           sync_attempts=0, sync_round=0, sync_next_at=NOW, announced_at=NOW - dt.timedelta(days=7),
                           held_asked_at=start + dt.timedelta(hours=1) if start < NOW else None,
                           attendance_state="settled", hours_recorded=False, created_by_id=kovalev.id,
                           created_at=NOW - dt.timedelta(days=7))

        upcoming = webinar(dt.datetime(2026, 12, 3, 15, 0, tzinfo=ALMATY), "upcoming")
        ended = webinar(dt.datetime(2026, 11, 20, 15, 0, tzinfo=ALMATY), "ended")
        other_uoo = Person(email="y.omarov@demo.almau.edu.kz", name="Ержан Омаров", role=Role.UOO.value)
        uow.db.add(other_uoo)
        await uow.db.flush()
        training = webinar(dt.datetime(2026, 12, 4, 15, 0, tzinfo=ALMATY), "training")
        training.course_id, training.kind, training.tutor_id = None, "training", other_uoo.id
        uow.db.add_all([upcoming, ended, training])

        for course, tutor in ((fin, kovalev), (soe, soe_tutor)):  # each map submitted, awaiting approval
            map_ = await uow.maps.create(course, default_content(course_facts(course), {}), tutor, yesterday)
            await uow.maps.submit(map_, key=f"world:map:{course.code}", person=tutor, now=yesterday)
        await uow.db.flush()
        proposal = await uow.appointments.propose(key="world:proposal", course=soe, tutor=soe_tutor,
                                                  by=soe_people[0], now=yesterday)
        record, _ = parse_record({
            "session_id": "world-exam", "student_email": madina.email, "course": "FIN2204", "semester": fin.semester,
            "exam": "rk1", "started_at": "2026-10-24T10:00:00+05:00", "score": 70, "violations": [],
            "video_url": "https://proctor.example.kz/world"})
        assert record is not None
        received = await uow.proctoring.receive(record, course=fin, student=madina, now=yesterday)
        await uow.deadlines.put_assignment(fin.id, "fin-essay", {"title": f"{MARK}essay", "due": yesterday,
                                                                 "cutoff": None, "week": 12}, moodle=False)
        return World(mgt.id, fin.id, soe.id, madina_question.id, anna_question.id, soe_question.id, kovalev_entry,
                     own_entry, upcoming.id, ended.id, proposal.id, received.report.id, support_question.id,
                     training.id, madina.id)


# --- the cases ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forged:
    """Values copied from someone else's card. `foreign_to`: the roles whose walking person does not own them
    (their course, their school; nothing is foreign to an admin). `consent`: the values come back through Teams'
    file consent card (`fileConsent/invoke`, accepted, with an upload URL)."""

    values: Callable[[World], dict[str, Any]]
    foreign_to: frozenset[Role]
    consent: bool = False


@dataclass(frozen=True)
class Case:
    roles: frozenset[Role]  # exactly the roles whose command covers the action
    forged: tuple[Forged, ...]


STUDENTS = frozenset({Role.STUDENT})
TUTORS = frozenset({Role.TUTOR})
DEANS = frozenset({Role.DEAN})
TUTORS_AND_DEANS = frozenset({Role.TUTOR, Role.DEAN})
REVIEWERS = frozenset({Role.DEAN, Role.ADMIN})
MAP_ROLES = frozenset({Role.TUTOR, Role.DEAN, Role.ADMIN, Role.UOO})
MAP_READERS = frozenset({Role.DEAN, Role.ADMIN, Role.UOO})  # open a map to review it (MAP_REVIEW)
MAP_SIGNERS = frozenset({Role.DEAN, Role.UOO})  # the school signs first, then the УОО (MAP_SIGN)
UOOS = frozenset({Role.UOO})


def sid() -> str:
    return uuid.uuid4().hex


def webinar_form(course: str) -> dict[str, Any]:
    return {"course": course, "kind": "webinar", "date": "2026-12-10", "time": "15:00", "duration": "60",
            "platform": "teams", "title": "Разбор кейса", "submission": sid()}


def hours_form(course: int) -> dict[str, Any]:
    return {"course": str(course), "category": "sessions", "hours": "1", "date": "2026-11-24", "note": "",
            "submission": sid()}


def map_of(course: Callable[[World], int], foreign_to: frozenset[Role], **values: Any) -> Forged:
    return Forged(lambda w: {"course": course(w), **values}, foreign_to)


def fin(w: World) -> int:
    return w.fin


def soe(w: World) -> int:
    return w.soe


CASES: dict[str, Case] = {
    # A student's question card, and what follows it.
    "questions.ask": Case(STUDENTS, (
        Forged(lambda w: {"course": "SOE1001", "question": "Когда РК2?", "anonymous": "false", "sid": sid()},
               STUDENTS),
    )),
    "questions.send": Case(STUDENTS, (
        Forged(lambda w: {"course": "SOE1001", "question": "Когда РК2?", "anonymous": "false", "sid": sid()},
               STUDENTS),
    )),
    "questions.similar_answers": Case(STUDENTS, (
        # Another school's similar-answers card, as it was.
        Forged(lambda w: {"course": "SOE1001", "similar": w.soe_question, "question": "Когда РК2?", "sid": sid()},
               STUDENTS),
        # The student's own course, another student's question that nobody answered (not a "similar answer").
        Forged(lambda w: {"course": "MGT2101", "similar": w.anna_question, "question": "Когда РК2?", "sid": sid()},
               STUDENTS),
    )),
    "questions.resolve": Case(STUDENTS, (
        Forged(lambda w: {"question_id": w.madina_question}, STUDENTS),
        Forged(lambda w: {"question_id": w.anna_question}, STUDENTS),
    )),
    "questions.followup": Case(STUDENTS, (
        Forged(lambda w: {"question_id": w.madina_question, "question": "А ещё?", "sid": sid()}, STUDENTS),
        Forged(lambda w: {"question_id": w.soe_question, "question": "А ещё?", "sid": sid()}, STUDENTS),
    )),
    # The tutor's answer card (and the УОО's, for tutors' questions to it: never a course's).
    "questions.answer": Case(TUTORS | {Role.UOO}, (
        Forged(lambda w: {"question_id": w.madina_question, "answer": "Ответ", "sid": sid()}, TUTORS | {Role.UOO}),
        Forged(lambda w: {"question_id": w.soe_question, "answer": "Ответ", "sid": sid()}, TUTORS | {Role.UOO}),
        Forged(lambda w: {"question_id": w.support_question, "answer": "Ответ", "sid": sid()}, TUTORS),
    )),
    # A tutor's question to the УОО: nothing of it is anyone else's (a tutor may ask only as themself).
    "support.ask": Case(TUTORS, (Forged(lambda w: {"question": "Как?", "sid": sid()}, frozenset()),)),
    # Trainings for tutors (6.2): the УОО schedules; only the organizer cancels.
    "training.schedule": Case(UOOS, (Forged(lambda w: {**webinar_form(""), "school": "SOE"}, frozenset()),)),
    "training.cancel": Case(UOOS, (Forged(lambda w: {"session": w.other_training}, UOOS),
                                       Forged(lambda w: {"session": w.kovalev_upcoming}, UOOS))),
    # Sessions: the schedule card, a session's card, the "was it held?" card.
    "sessions.schedule": Case(TUTORS, (
        Forged(lambda w: webinar_form("FIN2204"), TUTORS),
        Forged(lambda w: webinar_form("SOE1001"), TUTORS),
    )),
    "sessions.change": Case(TUTORS, (
        Forged(lambda w: {"session": w.kovalev_upcoming, "date": "2026-12-04", "time": "16:00", "duration": "90",
                          "title": "Перенос", "submission": sid()}, TUTORS),
    )),
    "sessions.cancel": Case(TUTORS, (
        Forged(lambda w: {"session": w.kovalev_upcoming, "submission": sid()}, TUTORS),
    )),
    "sessions.retry": Case(TUTORS, (Forged(lambda w: {"session": w.kovalev_upcoming}, TUTORS),)),
    "sessions.open": Case(TUTORS, (Forged(lambda w: {"session": w.kovalev_upcoming}, TUTORS),)),
    "sessions.held": Case(TUTORS, (Forged(lambda w: {"session": w.kovalev_ended, "held": "yes"}, TUTORS),)),
    # Hours: the hours card, the history's Correct / Undo, the export's file consent.
    "hours.submit": Case(TUTORS, (
        Forged(lambda w: hours_form(w.fin), TUTORS),
        Forged(lambda w: hours_form(w.soe), TUTORS),
    )),
    "hours.edit": Case(TUTORS, (Forged(lambda w: {"entry": w.kovalev_entry}, TUTORS),)),
    "hours.correct": Case(TUTORS, (
        Forged(lambda w: {**hours_form(w.mgt), "entry": w.kovalev_entry}, TUTORS),  # into the tutor's own course
        Forged(lambda w: {**hours_form(w.fin), "entry": w.own_entry}, TUTORS),  # own entry into another's course
    )),
    "hours.undo": Case(TUTORS, (Forged(lambda w: {"entry": w.kovalev_entry}, TUTORS),)),
    "hours.history": Case(TUTORS, (Forged(lambda w: {}, frozenset()),)),  # shows the submitter's own only
    "hours.export_file": Case(REVIEWERS | {Role.UOO}, (
        Forged(lambda w: {"school": "SOE", "semester": "2026-fall"}, DEANS, consent=True),
    )),
    # The integration map: the tutor's cards, the reviewers' cards, the DOCX.
    # Tutor appointments (8.2, 8.3): a dean proposes and agrees only in her school.
    "appoint.propose": Case(REVIEWERS, (
        Forged(lambda w: {"course": str(w.soe), "tutor": SOE_TUTOR.email, "sid": sid()}, DEANS),
    )),
    "appoint.decide": Case(DEANS, (
        Forged(lambda w: {"proposal": w.soe_proposal, "verdict": "approve", "council_number": "7",
                          "council_date": "2026-11-20"}, DEANS),
        Forged(lambda w: {"proposal": w.soe_proposal, "verdict": "reject", "comment": "нет"}, DEANS),
    )),
    "integration_map.open": Case(MAP_ROLES, (map_of(fin, TUTORS), map_of(soe, TUTORS_AND_DEANS))),
    "integration_map.edit": Case(TUTORS, (map_of(fin, TUTORS, step="part1"), map_of(soe, TUTORS, step="part1"))),
    "integration_map.save": Case(TUTORS, (
        map_of(fin, TUTORS, step="part3", model="1", then="overview"),
        map_of(soe, TUTORS, step="part3", model="1", then="overview"),
    )),
    "integration_map.topics": Case(TUTORS, (
        map_of(fin, TUTORS, topics="Тема 1\nТема 2"), map_of(soe, TUTORS, topics="Тема 1\nТема 2"),
    )),
    "integration_map.submit": Case(TUTORS, (map_of(fin, TUTORS), map_of(soe, TUTORS))),
    "proctoring.review": Case(TUTORS, (Forged(lambda w: {"report": w.fin_report, "version": 1, "verdict": "approve",
                                                         "comment": ""}, TUTORS),)),
    "gradesheets.filled": Case(TUTORS, (Forged(lambda w: {"course": "FIN2204", "control": "rk1", "hours": "1"},
                                               TUTORS),)),
    # Syllabus deadlines (7.3): Дмитрий's FIN2204 card's Remind (Мадина) and Remind all.
    "deadlines.remind": Case(TUTORS, (Forged(lambda w: {"course": w.fin, "student": w.madina}, TUTORS),)),
    "deadlines.remind_all": Case(TUTORS, (Forged(lambda w: {"course": w.fin}, TUTORS),)),
    "integration_map.copy": Case(TUTORS, (map_of(fin, TUTORS), map_of(soe, TUTORS))),
    "integration_map.review": Case(MAP_READERS, (map_of(soe, DEANS),)),
    # Another school's map (the dean), and a version that still waits for its school's signature (the УОО
    # signs second: FIN2204's and SOE1001's maps are submitted, not yet signed by a dean).
    "integration_map.approve": Case(MAP_SIGNERS, (map_of(soe, DEANS | UOOS, version=1),
                                                  map_of(fin, UOOS, version=1))),
    "integration_map.return": Case(MAP_SIGNERS, (map_of(soe, DEANS | UOOS, version=1, comment="Доработать"),
                                                 map_of(fin, UOOS, version=1, comment="Доработать"))),
    "integration_map.docx": Case(MAP_ROLES, (map_of(fin, TUTORS, version=1), map_of(soe, TUTORS_AND_DEANS, version=1))),
    "integration_map.file": Case(MAP_ROLES, (
        Forged(lambda w: {"course": w.fin, "version": 1}, TUTORS, consent=True),
        Forged(lambda w: {"course": w.soe, "version": 1}, TUTORS_AND_DEANS, consent=True),
    )),
}


# --- what a refusal looks like ---------------------------------------------------------------------------------------

# The handlers' ownership refusals (English, the walking chats' language). A reply that is none of these (say, a
# validation message about a date) proves nothing about ownership, so it fails the walk too.
OWNERSHIP_REFUSALS = (
    "hours.not_correctable",
    "hours.error.course.not_yours",
    "hours.export.no_school",
    "questions.error.not_enrolled",
    "questions.error.not_your_course",
    "questions.error.not_yours",
    "training.not_found",
    "questions.error.unknown",
    "sessions.not_yours",
    "sessions.bad.course",
    "integration_map.not_your_course",
    "integration_map.review.not_reviewer",
    "appoint.error.course",
    "gradesheets.error.sheet",
    "proctoring.error.unknown",
    "appoint.error.not_dean",
    "deadlines.error.not_yours",
)


def pattern(key: str) -> re.Pattern[str]:
    """The English text of `key` with its placeholders as wildcards."""
    return re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(TEXTS[key]["en"])), re.DOTALL)


def central_refusal(command: str, role: Role) -> str:
    return bot_text("en", "not_allowed", command=command, role=bot_text("en", f"role.{role.value}"))


Snapshot = dict[str, list[str]]

# The bot's record of where it talks to whom: every turn refreshes it (the SDK's conversation reference carries
# a new requestId each time), so only its rows are counted; every other table is compared row by row.
COUNTED_ONLY = {"conversation_refs"}


async def snapshot(database: Database) -> Snapshot:
    """Every row of every table of the database (whatever migrations made them), as comparable text."""

    def tables(connection: Connection) -> list[str]:
        return sorted(inspect(connection).get_table_names())

    async with database.engine.connect() as connection:
        names = await connection.run_sync(tables)
        found: Snapshot = {}
        for name in names:
            rows = (await connection.execute(text(f'SELECT * FROM "{name}"'))).all()
            found[name] = ["" for _ in rows] if name in COUNTED_ONLY else sorted(repr(tuple(r)) for r in rows)
        return found


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    found: list[str] = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name, []), after.get(name, [])
        if old != new:
            added = [r[:160] for r in new if r not in old]
            gone = [r[:160] for r in old if r not in new]
            found.append(f"stored in {name}: {len(old)} -> {len(new)} rows; now {added[:2]}, was {gone[:2]}")
    return found


def shown(said: Said) -> str:
    return json.dumps([a.activity for a in said.activities], ensure_ascii=False)


def judged(said: Said, expected_central: str | None) -> list[str]:
    """What is wrong with this reply to a forged submission (nothing: a proper refusal)."""
    problems: list[str] = []
    attachments = [a for s in said.activities for a in s.activity.get("attachments") or []]
    if attachments:
        problems.append(f"answered with {len(attachments)} attachment(s) (a card or a file)")
    if MARK in shown(said):
        problems.append("showed another person's stored text")
    if expected_central is not None:
        if said.text != expected_central:
            problems.append(f"expected the central refusal {expected_central!r}, got {said.text!r}")
    elif not any(pattern(key).search(said.text) for key in OWNERSHIP_REFUSALS):
        problems.append(f"not an ownership refusal: {said.text!r}")
    return problems


# --- the tests -------------------------------------------------------------------------------------------------------


def test_every_card_action_has_a_case() -> None:
    registered = set(build_dispatch().by_action)
    missing = sorted(registered - CASES.keys())
    assert not missing, (
        f"card actions without a case: {missing}. Add each to CASES in tests/e2e/test_action_roles.py: the roles "
        "of its command and values copied from another person's card (another tutor's course, another school's, "
        "another student's question) that the handler must refuse."
    )
    stale = sorted(CASES.keys() - registered)
    assert not stale, f"CASES names actions the bot no longer has: {stale}; remove them"
    assert set(ACTING) == set(Role), f"give every role a walking person in ACTING: {sorted(set(Role) - set(ACTING))}"


def test_each_card_action_belongs_to_exactly_the_roles_that_use_it() -> None:
    """The action's one command decides who may submit it; the table says who that must be."""
    dispatch = build_dispatch()
    wrong = {
        name: (sorted(r.value for r in Role if may(r, route.command)), sorted(r.value for r in CASES[name].roles))
        for name, route in dispatch.by_action.items()
        if name in CASES and {r for r in Role if may(r, route.command)} != CASES[name].roles
    }
    assert wrong == {}, f"action: (roles of its command, roles in CASES): {wrong}"


async def test_no_card_action_takes_another_persons_values(bot: RunningBot, onedrive: UploadStandIn) -> None:
    for user in (*OTHERS[1:], UOO):
        bot.connector.add_member(user.teams_id, name=user.name, email=user.email or "",
                                 aad_object_id=user.aad_object_id)
    world = await build_world(bot)
    chats = {role: Chat(bot, user, locale="en-US") for role, user in ACTING.items()}
    # Everyone has talked to the bot once (so it remembers them and could write to them: a leaked notification
    # would be queued, not dropped as unreachable).
    for user in (*ACTING.values(), *OTHERS):
        await Chat(bot, user, locale="en-US").say("help")

    walked = 0
    failures: list[str] = []
    for name, route in build_dispatch().by_action.items():
        case = CASES[name]
        for number, forged in enumerate(case.forged, 1):
            for role, chat in chats.items():
                allowed = role in case.roles  # (and so, by the test above, the command's roles)
                if allowed and role not in forged.foreign_to:
                    continue  # the values are this person's own (or, for an admin, every school's)
                values = {"action": name, **forged.values(world)}
                before = await snapshot(bot.database)
                if forged.consent:
                    upload = onedrive.info(f"{name}-{role.value}-{number}", file_type="bin", unique_id="1D2F-0009")
                    said = await chat.file_consent(values, upload)
                else:
                    said = await chat.submit(values)
                problems = judged(said, None if allowed else central_refusal(route.command.value, role))
                problems += changes(before, await snapshot(bot.database))
                if onedrive.files:
                    problems.append(f"uploaded {sorted(onedrive.files)}")
                    onedrive.files.clear()
                failures += [f"{name} #{number} as {role.value}: {p}" for p in problems]
                walked += 1
    assert not failures, "\n".join(failures)
    assert walked >= 2 * len(CASES)
