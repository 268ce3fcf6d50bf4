"""Absurd input is a field's message, never a crash (issue 10, part 6), end to end on SQLite and PostgreSQL.

1 and 40 zeros, 1e400, NaN, inf, -1 in the hours card, the schedule card's duration and the map's numbers; record
ids no database column can hold in a card's data; free text past its field's limit; a roster CSV field past the
csv module's limit. Each gets the field's localized message (or a `file:line: message`) and nothing is stored.
The bot runs on Friday 20 November 2026, inside the demo semester.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.demo import DEMO_ROSTER
from cards.i18n import text
from storage import Database
from storage.hours import HoursEntry
from storage.integration_map import IntegrationMap
from storage.models import Course, Person
from storage.questions import Question
from storage.sessions import Session
from tests.conftest import STUDENT, STUDENT_NO_AAD, TUTOR, RunningBot
from tests.support import teams
from tests.support.cards import body_inputs, input_values, submit_data, text_and_facts
from tests.support.chat import Chat
from tests.support.texts import ru, shows
from tutoring.clock import ALMATY, Clock, FixedClock

REPO = Path(__file__).resolve().parents[2]
ABSURD: list[Any] = ["1" + "0" * 40, "1" * 400, "1e400", "NaN", "inf", "-inf", "-1", 10**40]


@pytest.fixture
def bot_clock() -> Clock:
    return FixedClock(dt.datetime(2026, 11, 20, 10, 0, tzinfo=ALMATY))


async def count(database: Database, model: type[Any]) -> int:
    async with database.unit_of_work() as uow:
        return int(await uow.db.scalar(select(func.count()).select_from(model)) or 0)


def hours_data(card: dict[str, Any], **values: Any) -> dict[str, Any]:
    data = dict(card["actions"][0]["data"])
    data |= {k: v["value"] for k, v in body_inputs(card).items() if "value" in v}
    return data | {"category": "sessions", "date": "2026-11-19"} | values


async def test_absurd_hours_get_the_hours_message(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    card = (await chat.say("hours")).card
    for raw in ABSURD:
        said = await chat.submit(hours_data(card, hours=raw, submission=f"absurd-{ABSURD.index(raw)}"))
        assert ru("hours.error.header") in said.text and f"«{ru('hours.field.hours')}»" in said.text, (raw, said.text)
    # With no date to count the day against, the limit is said on its own.
    said = await chat.submit(hours_data(card, hours="1" + "0" * 40, date="", submission="no-date"))
    assert ru("hours.error.hours.too_large", max=12) in said.text
    said = await Chat(bot, TUTOR, locale="en-US").submit(hours_data(card, hours="1" * 400, date="",
                                                                    submission="no-date-en"))
    assert "“Hours”: at most 12 h a day." in said.text
    assert await count(bot.database, HoursEntry) == 0
    said = await chat.submit(hours_data(card, hours="1,5", submission="sane"))
    assert shows(text_and_facts(said.card), "ru", "hours.recorded", hours="1,5")
    assert await count(bot.database, HoursEntry) == 1


async def test_absurd_durations_get_the_duration_message(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    card = (await chat.say("schedule")).card
    base = submit_data(card, "sessions.schedule") | {
        "course": "MGT2101", "kind": "webinar", "date": "2026-11-25", "time": "18:00", "platform": "teams"}
    for raw in [*ABSURD, "90.5"]:
        said = await chat.submit(base | {"duration": raw})
        assert ru("sessions.bad.duration", min=15, max=480) in said.text, (raw, said.text)
    said = await Chat(bot, TUTOR, locale="kk-KZ").submit(base | {"duration": "1e400"})
    assert text("kk", "sessions.bad.duration", min=15, max=480) in said.text
    said = await chat.submit(base | {"duration": "60", "platform": "zoom", "link": "https://zoom.us/j/" + "1" * 2000})
    assert ru("sessions.bad.link.too_long", max=2000) in said.text
    assert await count(bot.database, Session) == 0


async def test_absurd_map_numbers_get_the_fields_message(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    overview = (await chat.say("map")).card
    edit = submit_data(overview, "integration_map.edit")
    said = await chat.submit(edit | {"step": "part2"})
    part2 = said.card
    save = submit_data(part2, "integration_map.save")
    for raw in ["1" + "0" * 400, "1" + "0" * 40, "1e400", "NaN", "-1"]:
        said = await chat.submit(input_values(part2) | save | {
            "mooc1_name": "Coursera", "mooc1_url": "https://www.coursera.org/learn/x", "mooc1_match": raw},
            expect=2)
        assert "«МООК 1: Соответствие, %»" in said.text, (raw, said.text)
    said = await chat.submit(edit | {"step": "weeks1"})
    weeks = said.card
    for raw, message in [("1" + "0" * 40, "— больше 999"), ("1e400", "не число"), ("-1", "не может быть")]:
        said = await chat.submit(input_values(weeks) | submit_data(weeks, "integration_map.save") | {
            "w1_hours": raw}, expect=2)
        assert "«Неделя 1: Кол-во часов»" in said.text and message in said.text, (raw, said.text)
    async with bot.database.unit_of_work() as uow:
        [map_] = (await uow.db.scalars(select(IntegrationMap))).all()
        assert '"match": null' not in map_.draft_json and '"moocs": []' in map_.draft_json


async def test_ids_no_record_can_have_are_refused_politely(bot: RunningBot) -> None:
    tutor = Chat(bot, TUTOR)
    for huge in ("9" * 40, 10**40, "9" * 5000):
        said = await tutor.submit({"action": "hours.undo", "entry": huge})
        assert shows(said.text, "ru", "hours.not_correctable")
        said = await tutor.submit({"action": "questions.answer", "question_id": huge, "sid": "x", "answer": "ok"})
        assert shows(said.text, "ru", "questions.error.unknown")
        said = await tutor.submit({"action": "sessions.cancel", "session": huge})
        assert ru("sessions.not_found") in said.text
        said = await tutor.submit({"action": "integration_map.edit", "course": huge, "step": "part1"})
        assert ru("bad_submission") in said.text
        said = await tutor.submit({"action": "integration_map.docx", "course": 1, "version": huge})
        assert ru("bad_submission") in said.text
    assert await count(bot.database, HoursEntry) == 0


async def test_free_text_past_its_limit_names_the_limit(bot: RunningBot) -> None:
    student = Chat(bot, STUDENT)
    said = await student.submit({"action": "questions.ask", "sid": "long", "course": "MGT2101",
                                 "question": "?" * 2001, "anonymous": "false"})
    assert "2000" in said.text
    assert await count(bot.database, Question) == 0
    tutor = Chat(bot, TUTOR)
    card = (await tutor.say("hours")).card
    said = await tutor.submit(hours_data(card, hours="1", note="н" * 501, submission="long-note"))
    assert ru("hours.error.note.long", max=500) in said.text
    said = await tutor.submit(submit_data((await tutor.say("schedule")).card, "sessions.schedule") | {
        "course": "MGT2101", "kind": "webinar", "date": "2026-11-25", "time": "18:00", "duration": "60",
        "platform": "teams", "title": "т" * 201})
    assert ru("sessions.bad.title", max=200) in said.text
    overview = (await tutor.say("map")).card
    said = await tutor.submit(submit_data(overview, "integration_map.edit") | {"step": "part1"})
    part1 = said.card
    said = await tutor.submit(input_values(part1) | submit_data(part1, "integration_map.save") | {
        "attestation": "э" * 1001}, expect=2)
    assert "«Форма аттестации»: слишком длинный текст (не больше 1000 знаков)." in said.text
    said = await tutor.submit(submit_data(overview, "integration_map.topics") | {"topics": "1. тема\n" * 2000},
                              expect=2)
    assert "(не больше 15000 знаков)" in said.text
    assert await count(bot.database, HoursEntry) == 0 and await count(bot.database, Session) == 0


# --- the roster CSV ---------------------------------------------------------------------------------------------


def import_roster(database_url: str, directory: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "bot", "import-roster", str(directory)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


async def test_a_roster_field_past_the_csv_limit_is_a_line_problem(database_url: str, database: Database,
                                                                   tmp_path: Path) -> None:
    roster = tmp_path / "roster"
    shutil.copytree(DEMO_ROSTER, roster)
    people = roster / "people.csv"
    lines = people.read_text(encoding="utf-8").splitlines()
    lines += [f"x.one@demo.almau.edu.kz,{'Ж' * 140_000},student,SOM",
              f"x.two@demo.almau.edu.kz,{'Ж' * 301},student,SOM",
              "x.three@demo.almau.edu.kz,Третий,nobody,SOM"]
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = len(lines) - 2
    result = import_roster(database_url, roster)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert f"people.csv:{first}: a field is longer than 131072 characters" in result.stderr
    assert f"people.csv:{first + 1}: name is longer than 300 characters" in result.stderr
    assert f"people.csv:{first + 2}: role 'nobody'" in result.stderr  # every bad row, not just the first
    assert await count(database, Person) == 0 and await count(database, Course) == 0


async def test_control_characters_in_a_roster_are_cleaned(database_url: str, database: Database,
                                                          tmp_path: Path) -> None:
    roster = tmp_path / "roster"
    shutil.copytree(DEMO_ROSTER, roster)
    people = roster / "people.csv"
    people.write_text(people.read_text(encoding="utf-8")
                      + "x.four@demo.almau.edu.kz,Асем\x0bНурланова\x01,student,SOM\n", encoding="utf-8")
    result = import_roster(database_url, roster)
    assert result.returncode == 0, result.stderr
    async with database.unit_of_work() as uow:
        person = await uow.people.by_email("x.four@demo.almau.edu.kz")
        assert person is not None and person.name == "Асем Нурланова"


async def test_an_absurdly_long_activity_id_still_makes_a_key_that_fits(bot: RunningBot) -> None:
    # Idempotency keys are built from the activity id; a 400-character one must not fail the turn (PostgreSQL
    # refuses a value longer than its column), and a replay of it must still change nothing.
    activity = teams.message(bot.connector.url, STUDENT_NO_AAD, "ask Когда будет РК2 по менеджменту?")
    activity["id"] = "x" * 400
    for _ in range(2):
        status, _ = await bot.client.post(activity)
        assert status in (200, 202)
    async with bot.database.unit_of_work() as uow:
        asked = (await uow.db.scalars(select(Question).where(Question.text.like("Когда будет РК2%")))).all()
    assert len(asked) == 1
    assert not [s for s in bot.connector.sent if s.text and "Извините" in s.text]
