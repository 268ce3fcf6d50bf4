"""bench/turns.py's roster and turn scenarios: who speaks in each chat, what they send, what must come back.

    help    students type `help` (read-only turn; one card back)
    hours   tutors submit the hours card (a ledger line written; the card replaced with their progress)
    answer  tutors answer a question (an answer written, an outbox row queued; the tutor's card replaced and a
            text sent; the student told proactively, which is timed separately as the fan-out)

The roster is one student and one tutor per chat, one course per tutor with its student enrolled, imported with
`python -m bot import-roster` before the bot starts (so the demo roster is not imported): a chat is one person, as
in Teams, and a person keeps one locale (the chats alternate ru-RU / en-US).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SCENARIOS = ("help", "hours", "answer")
LOCALES = ("ru-RU", "en-US")
TENANT = "tenant-almau"
BOT_ID = "28:tutorbot-app-id"
BOT_NAME = "Tutorbot"
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
SCHOOL = "BEN"
QUESTIONS_PER_STUDENT = 4  # the answer scenario answers them in turn, again and again


@dataclass(frozen=True)
class Member:
    teams_id: str
    name: str
    aad_object_id: str
    email: str
    role: str


def student(index: int) -> Member:
    return Member(f"29:bench-student-{index}", f"Студент Бенчмарков {index}",
                  f"0b1d0000-0000-4000-8000-{index:012d}", f"s{index}@bench.almau.edu.kz", "student")


def tutor(index: int) -> Member:
    return Member(f"29:bench-tutor-{index}", f"Тьютор Бенчмарков {index}",
                  f"0c1d0000-0000-4000-8000-{index:012d}", f"t{index}@bench.almau.edu.kz", "tutor")


def members(chats: int) -> list[Member]:
    return [p for i in range(chats) for p in (student(i), tutor(i))]


def locale_of(index: int) -> str:
    return LOCALES[index % len(LOCALES)]


def local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Almaty")).date()


def write_roster(folder: Path, chats: int, today: dt.date) -> Path:
    """The AIS CSV files (CONTRACT §4): a school, `chats` students and tutors, one course each, running today."""
    folder.mkdir(parents=True, exist_ok=True)
    semester = f"{today.year}-fall" if today.month >= 8 else f"{today.year}-spring"
    start, rk1, rk2, exam = (today + dt.timedelta(days=d) for d in (-70, -30, 10, 25))
    dean = f"dean@{SCHOOL.lower()}.almau.edu.kz"
    (folder / "schools.csv").write_text(f"code,name,dean_email\n{SCHOOL},Школа бенчмарков,{dean}\n")
    people = ["email,name,role,school,aad_object_id", f"{dean},Декан Бенчмарков,dean,{SCHOOL},"]
    people += [f"{p.email},{p.name},{p.role},{SCHOOL},{p.aad_object_id}" for p in members(chats)]
    (folder / "people.csv").write_text("\n".join(people) + "\n")
    courses = ["code,name,school,semester,language,start_date,rk1_date,rk2_date,exam_date"]
    courses += [f"{course_code(i)},Курс {i},{SCHOOL},{semester},ru,{start},{rk1},{rk2},{exam}" for i in range(chats)]
    (folder / "courses.csv").write_text("\n".join(courses) + "\n")
    enrollments = ["course,student_email"] + [f"{course_code(i)},{student(i).email}" for i in range(chats)]
    (folder / "enrollments.csv").write_text("\n".join(enrollments) + "\n")
    tutors = ["course,tutor_email,approved_by,council_decision"]
    tutors += [f"{course_code(i)},{tutor(i).email},Декан Бенчмарков,Протокол №1" for i in range(chats)]
    (folder / "tutors.csv").write_text("\n".join(tutors) + "\n")
    return folder


def course_code(index: int) -> str:
    return f"{SCHOOL}{index:03d}"


def chat_of(who: Member) -> str:
    return f"a:bench-{who.teams_id.split(':', 1)[1]}"


def activity(service_url: str, who: Member, locale: str, *, text: str = "",
             value: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Teams personal-chat message: typed text, or an Action.Submit's values (with the card's replyToId)."""
    body: dict[str, Any] = {
        "id": f"act-in-{uuid.uuid4().hex[:12]}",
        "type": "message",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": "2026-11-28T10:00:00.000Z",
        "locale": locale,
        "from": {"id": who.teams_id, "name": who.name, "aadObjectId": who.aad_object_id},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": {"id": chat_of(who), "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
        "entities": [{"type": "clientInfo", "locale": locale, "platform": "Web"}],
    }
    if value is None:
        body |= {"text": text, "textFormat": "plain"}
    else:
        body |= {"value": value, "replyToId": f"act-card-{uuid.uuid4().hex[:8]}"}
    return body


def cards_of(arrived: dict[str, Any]) -> list[dict[str, Any]]:
    return [a.get("content") or {} for a in arrived.get("attachments") or []
            if isinstance(a, dict) and a.get("contentType") == CARD_TYPE]


Check = Callable[[list[dict[str, Any]]], str | None]


@dataclass(frozen=True)
class Expect:
    """What one turn must bring to a conversation: `count` activities (posts or card updates), then `check`."""

    conversation_id: str
    count: int
    check: Check


@dataclass(frozen=True)
class Step:
    activity: dict[str, Any]
    expects: tuple[Expect, ...]  # the first is the speaker's reply (the turn); any other is a fan-out


def card_naming(name: str) -> Check:
    def check(arrived: list[dict[str, Any]]) -> str | None:
        cards = [c for a in arrived for c in cards_of(a)]
        if not cards:
            return f"reply without a card: {str(arrived[0].get('text'))[:60]!r}"
        return None if name in json.dumps(cards, ensure_ascii=False) else "card does not name the person"
    return check


def has_card(arrived: list[dict[str, Any]]) -> str | None:
    if any(cards_of(a) for a in arrived):
        return None
    return f"reply without a card: {' / '.join(str(a.get('text'))[:60] for a in arrived)!r}"


def has_text(arrived: list[dict[str, Any]]) -> str | None:
    return None if any(a.get("text") or cards_of(a) for a in arrived) else "empty reply"


@dataclass
class Plan:
    """Each scenario's turns; `course_ids` and `question_ids` are filled by the set-up turns."""

    scenario: str
    service_url: str
    course_ids: dict[int, str]
    question_ids: dict[int, list[int]]
    today: dt.date

    def speaker(self, index: int) -> Member:
        return student(index) if self.scenario == "help" else tutor(index)

    def step(self, index: int, number: int) -> Step:
        who, locale = self.speaker(index), locale_of(index)
        chat = chat_of(who)
        if self.scenario == "help":
            return Step(activity(self.service_url, who, locale, text="help"), (Expect(chat, 1, card_naming(who.name)),))
        if self.scenario == "hours":
            # A quarter hour a turn: 48 fit in a day (12 h), so the date moves back a day every 40 turns.
            day = self.today - dt.timedelta(days=number // 40)
            value = {"action": "hours.submit", "course": self.course_ids[index], "category": "documentation",
                     "hours": "0.25", "date": day.isoformat(), "note": "", "submission": uuid.uuid4().hex}
            return Step(activity(self.service_url, who, locale, value=value), (Expect(chat, 1, has_card),))
        questions = self.question_ids[index]
        value = {"action": "questions.answer", "question_id": questions[number % len(questions)],
                 "answer": f"Ответ номер {number}: смотрите лекцию {number % 12 + 1}.", "sid": uuid.uuid4().hex}
        # The tutor's card is replaced and a text says the answer went out; the student gets it proactively.
        return Step(activity(self.service_url, who, locale, value=value),
                    (Expect(chat, 2, has_text), Expect(chat_of(student(index)), 1, has_card)))

    def setup(self, chats: int) -> list[list[Step]]:
        """Rounds of set-up turns, every chat in a round at once, before the warm-up."""
        say = self.service_url
        if self.scenario == "hours":
            return [[Step(activity(say, tutor(i), locale_of(i), text="hours"),
                          (Expect(chat_of(tutor(i)), 1, has_card),)) for i in range(chats)]]
        if self.scenario == "answer":
            rounds = [[Step(activity(say, student(i), locale_of(i), text="help"),
                            (Expect(chat_of(student(i)), 1, has_card),)) for i in range(chats)]]
            for n in range(QUESTIONS_PER_STUDENT):
                rounds.append([Step(activity(say, student(i), locale_of(i), value={
                    "action": "questions.ask", "course": course_code(i), "sid": uuid.uuid4().hex,
                    "question": f"Вопрос {n} студента {i} {uuid.uuid4().hex[:10]}: как сдать задание {n}?"}),
                    (Expect(chat_of(student(i)), 1, has_card),)) for i in range(chats)])
            # The tutors open their chats only now, so the questions' cards to them were never queued.
            rounds.append([Step(activity(say, tutor(i), locale_of(i), text="help"),
                                (Expect(chat_of(tutor(i)), 1, has_card),)) for i in range(chats)])
            return rounds
        return []

    def note_setup(self, index: int, arrived: list[dict[str, Any]]) -> None:
        """The hours card's course choice (its value is the course id the submission carries)."""
        if self.scenario != "hours":
            return
        for card in (c for a in arrived for c in cards_of(a)):
            for element in _elements(card):
                if element.get("id") == "course" and element.get("choices"):
                    self.course_ids[index] = str(element["choices"][0]["value"])
                    return


def _elements(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_elements(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_elements(value))
    return found


_QUESTIONS = ("SELECT p.email, q.id FROM questions q JOIN people p ON p.id = q.student_id "
              "WHERE p.email LIKE '%@bench.almau.edu.kz' ORDER BY q.id")


async def question_ids(database_url: str, chats: int) -> dict[int, list[int]]:
    """The questions the set-up asked, by chat (read from the database: their ids are the answer cards' data)."""
    rows: list[tuple[str, int]]
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1]
        with sqlite3.connect(path) as conn:
            rows = [(str(e), int(i)) for e, i in conn.execute(_QUESTIONS)]
    else:
        import asyncpg  # pyright: ignore[reportMissingTypeStubs]

        conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
        try:
            rows = [(str(r[0]), int(r[1])) for r in await conn.fetch(_QUESTIONS)]
        finally:
            await conn.close()
    by_email = {student(i).email: i for i in range(chats)}
    found: dict[int, list[int]] = {i: [] for i in range(chats)}
    for email, question in rows:
        found[by_email[email]].append(question)
    return found
