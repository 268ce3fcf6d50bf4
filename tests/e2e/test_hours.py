"""The hours ledger end to end (issue 5): real app, real HTTP, Connector stand-in, SQLite and PostgreSQL.

The bot runs on a fixed clock: Friday 20 November 2026, 10:00 in Almaty — between RK1 (24 Oct) and RK2 (12 Dec) of
the demo course MGT2101 (Айгерим Касымова tutors it; FIN2204 is Дмитрий Ковалёв's).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cards.hours_xlsx import load_columns
from storage import Database
from storage.hours import HoursEntry, HoursNorm
from storage.models import Course, School
from tests.conftest import ADMIN, DEAN, STUDENT, TUTOR, RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.cards import body_inputs, text_and_facts
from tests.support.chat import Chat, Said
from tests.support.connector import ConnectorStandIn
from tests.support.onedrive import UploadStandIn
from tests.support.texts import ru, shows
from tutoring.clock import ALMATY, FixedClock
from tutoring.locale import Lang
from tutoring.norms import Category, SessionKind, category_label

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ALMATY)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def bot(database_url: str, connector: ConnectorStandIn, clock: FixedClock) -> AsyncIterator[RunningBot]:
    """As conftest's `bot`, on the fixed clock."""
    settings = make_settings(database_url)
    database = Database(database_url)
    runner, url = await start_bot(settings, database, clock)
    for user in (STUDENT, TUTOR, DEAN, ADMIN):
        connector.add_member(user.teams_id, name=user.name, email=user.email or "", aad_object_id=user.aad_object_id)
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, teams.BotClient(url, session), connector, database, settings, runner.app)
    await runner.cleanup()


# --- helpers -----------------------------------------------------------------------------------------------------
async def course_id(bot: RunningBot, code: str) -> int:
    async with bot.database.unit_of_work() as uow:
        found = await uow.db.scalar(select(Course.id).where(Course.code == code))
        assert found is not None
        return found


async def ledger(bot: RunningBot) -> list[HoursEntry]:
    async with bot.database.unit_of_work() as uow:
        return list((await uow.db.scalars(select(HoursEntry).order_by(HoursEntry.id))).all())


def submit_data(card: dict[str, Any], **values: str) -> dict[str, Any]:
    """What Teams sends when the card's main button is pressed with these input values."""
    data = dict(card["actions"][0]["data"])
    for input_id, element in body_inputs(card).items():
        if "value" in element:
            data[input_id] = element["value"]
    data.update(values)
    return data


async def log_hours(chat: Chat, **values: str) -> Said:
    card = (await chat.say("hours")).card
    return await chat.submit(submit_data(card, **values))


def run_cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "TUTORBOT_DEMO_ROSTER": "0"}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def load_rows(path: Path, lang: Lang = "ru") -> dict[tuple[str, str], dict[str, Any]]:
    """The load sheet as {(tutor email, course): {column: value}}; category columns as 'category/done|norm'."""
    sheet = load_workbook(path).worksheets[0]
    header = load_columns(lang)
    names = list(header[:6])
    for category in Category:
        names += [f"{category.value}/done", f"{category.value}/norm"]
    names += header[6 + 2 * len(Category):]
    assert [c.value for c in sheet[3]] == header
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        record = dict(zip(names, row, strict=True))
        rows[(str(record[header[3]]), str(record[header[4]]))] = record
    return rows


def consent_card(said: Said) -> dict[str, Any]:
    [consent] = [a for s in said.activities for a in s.activity.get("attachments") or []
                 if a["contentType"] == "application/vnd.microsoft.teams.card.file.consent"]
    return consent


def upload_info(onedrive: UploadStandIn, name: str) -> dict[str, Any]:
    return onedrive.info(name, file_type="xlsx", unique_id="1D2F-0002")


def write_bytes(path: Path, content: bytes) -> None:
    path.write_bytes(content)


def write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")


def files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern))


def num(value: Any) -> Decimal:
    return Decimal(str(value)).normalize()


# --- the hours card ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("locale", "clause", "label"), [
    ("ru-RU", "вводное занятие об основных аспектах курса", "7.2 консультация перед РК1"),
    ("kk-KZ", "курстың негізгі аспектілері туралы кіріспе сабақ", "7.2 АБ1 алдындағы кеңес"),
    ("en-US", "an introductory session on the main aspects of the course", "7.2 consultation before RK1"),
])
async def test_hours_card_is_prefilled_and_shows_section_7(bot: RunningBot, locale: str, clause: str,
                                                           label: str) -> None:
    said = await Chat(bot, TUTOR, locale=locale).say("hours")
    card = said.card
    fields = body_inputs(card)
    assert list(fields) == ["course", "category", "hours", "date", "note"]
    assert fields["course"]["value"] == str(await course_id(bot, "MGT2101"))  # the tutor's only course
    assert [c["value"] for c in fields["course"]["choices"]] == [str(await course_id(bot, "MGT2101"))]
    assert fields["date"]["value"] == "2026-11-20"  # today in Almaty
    assert [c["value"] for c in fields["category"]["choices"]] == [c.value for c in Category]
    assert any(c["title"].startswith(label) for c in fields["category"]["choices"])
    shown = text_and_facts(said.card)
    assert clause in shown
    assert card["actions"][0]["data"]["action"] == "hours.submit"
    assert card["actions"][0]["data"]["submission"]


# --- Done when: three categories, a replay, a correction; card and export agree; a student is refused ------------
async def test_log_replay_correct_and_the_export_agrees(bot: RunningBot, database_url: str, tmp_path: Path,
                                                        onedrive: UploadStandIn) -> None:
    chat = Chat(bot, TUTOR)
    said = await log_hours(chat, category="intro", hours="1", date="2026-09-07", note="вводный вебинар")
    [update] = said.activities
    assert update.method == "PUT" and update.reply_to_id == "act-card-1"  # the submitted card is replaced
    shown = text_and_facts(said.card)
    assert shows(shown, "ru", "hours.recorded", hours="1", label=category_label(Category("intro"), "ru"), date="07.09.2026", course="MGT2101")
    await log_hours(chat, category="consultation_rk1", hours="1,25", date="2026-10-20")
    card = (await chat.say("hours")).card
    webinar = submit_data(card, category="sessions", hours="2.5", date="2026-11-18")
    activity = teams.card_submit(bot.connector.url, TUTOR, webinar)
    # Teams retries the same activity; then a double click sends the same card again as a new activity.
    await bot.client.post(activity)
    await bot.client.post(activity)
    again = await chat.submit(webinar)
    assert ru("hours.replay") in text_and_facts(again.card)
    await log_hours(chat, category="sessions", hours="1.5", date="2026-11-10")
    assert len(await ledger(bot)) == 4

    # Correct the 2.5 h webinar to 2 h: History -> Correct -> the pre-filled card -> Save.
    history = await chat.submit({"action": "hours.history"})
    [wrong] = [e for e in await ledger(bot) if e.hours == Decimal("2.5")]
    edit = await chat.submit({"action": "hours.edit", "entry": wrong.id})
    assert body_inputs(edit.card)["hours"]["value"] == "2,5"
    corrected = await chat.submit(submit_data(edit.card, hours="2"))
    assert shows(text_and_facts(corrected.card), "ru", "hours.corrected", id=wrong.id, old="2,5", new="2")

    entries = await ledger(bot)
    assert len(entries) == 6  # append-only: the old line, its reversal and the corrected line are all there
    reversal = next(e for e in entries if e.reverses_entry_id == wrong.id)
    fixed = next(e for e in entries if e.replaces_entry_id == wrong.id)
    assert (reversal.hours, reversal.category, reversal.date) == (Decimal("-2.5"), "sessions", wrong.date)
    assert fixed.hours == Decimal(2)
    tutor_id = wrong.tutor_id
    assert reversal.entered_by_id == tutor_id and reversal.created_at is not None
    history = await chat.submit({"action": "hours.history"})
    shown = text_and_facts(history.card)
    assert ru("hours.history.reverses", id=wrong.id) in shown
    assert ru("hours.history.reversed_by", id=reversal.id, who="Айгерим Касымова", when="20.11.2026 10:00") in shown
    assert ru("hours.history.replaces", id=wrong.id) in shown

    # The progress card (`report`: all the tutor's courses in one card).
    report = text_and_facts((await chat.say("report")).card)
    for expected in (
        "MGT2101 Основы менеджмента · 2026-fall",
        "7.1 введение в курс и поддержка студентов: 1 из 1 ч",
        "7.2 консультация перед РК1: 1,25 из 1 ч ⚠ сверх нормы на 0,25 ч",
        "7.2 консультация перед РК2: 0 из 1 ч",
        "7.2 занятия и поддержка по вопросам студентов: 3,5 из 6 ч",
        "7.3 контроль и оценивание: 0 из 1 ч",
        "Итого: 5,75 из 11 ч — до нормы не хватает 5,5 ч",
        "До РК2 (12.12.2026) не хватает:",
        "• 7.2 консультация перед РК2 — 1 ч",
        "• 7.2 занятия и поддержка по вопросам студентов — 2 ч",  # 5.5 of 6 h are due by RK2
    ):
        assert expected in report, f"{expected!r} not in:\n{report}"

    # A student sending the same card values is refused; nothing is stored.
    student = Chat(bot, STUDENT)
    refused = await student.submit({**webinar, "submission": "student-try"})
    assert ru("not_allowed", command="hours", role=ru("role.student")) in refused.text  # the central role rule, for cards too
    refused = await student.submit({**webinar, "action": "hours.undo", "entry": fixed.id})
    assert ru("not_allowed", command="hours", role=ru("role.student")) in refused.text
    assert len(await ledger(bot)) == 6

    # The export shows the same figures: the CLI ...
    out = tmp_path / "hours.xlsx"
    result = run_cli(database_url, "export", "hours", "--school", "SOM", "--semester", "2026-fall", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 tutor × course row(s), 6 ledger entr(ies)" in result.stdout
    rows = load_rows(out)
    row = rows[(TUTOR.email or "", "MGT2101")]
    assert (num(row["intro/done"]), num(row["intro/norm"])) == (1, 1)
    assert num(row["consultation_rk1/done"]) == Decimal("1.25")
    assert (num(row["consultation_rk2/done"]), num(row["consultation_rk2/norm"])) == (0, 1)
    assert (num(row["sessions/done"]), num(row["sessions/norm"])) == (Decimal("3.5"), 6)
    assert row["documentation/norm"] is None
    assert (num(row["Итого, ч"]), num(row["Норма, ч"]), num(row["Не хватает до нормы, ч"])) == (
        Decimal("5.75"), 11, Decimal("5.5"))
    assert "consultation_rk1 +0.25" in row["Сверх нормы"]
    assert num(row["Не хватает до контроля, ч"]) == 3
    other = rows[("d.kovalev@demo.almau.edu.kz", "FIN2204")]
    assert num(other["Итого, ч"]) == 0 and num(other["Не хватает до нормы, ч"]) == 11
    book = load_workbook(out)
    assert book.sheetnames == ["Нагрузка", "Журнал", "Нормы"]
    raw = [r for r in book["Журнал"].iter_rows(min_row=2, values_only=True)]
    assert len(raw) == 6
    assert sum(num(r[9]) for r in raw) == Decimal("5.75")
    assert [r[15] for r in raw if r[15] is not None] == [wrong.id]  # the reversal names what it reverses
    load = book["Нагрузка"]
    assert load.page_setup.orientation == "landscape" and load.print_title_rows == "$2:$3"

    # ... and a dean from Teams: the figures in a card, the same XLSX through Teams' file consent and OneDrive.
    dean = Chat(bot, DEAN)
    said = await dean.say("export hours")
    shown = text_and_facts(said.card)
    assert f"{ru('hours.export.rows')}: 2" in shown and f"{ru('hours.export.entries')}: 6" in shown
    consent = consent_card(said)
    assert consent["name"] == "hours-SOM-all-20261120.xlsx"
    done = await dean.file_consent(consent["content"]["acceptContext"], upload_info(onedrive, consent["name"]))
    assert ru("hours.export.sent", name="hours-SOM-all-20261120.xlsx") in done.text
    [file_card] = [a for a in done.activities[0].activity["attachments"]
                   if a["contentType"] == "application/vnd.microsoft.teams.card.file.info"]
    assert file_card["contentUrl"] == "https://onedrive.example/hours-SOM-all-20261120.xlsx"
    uploaded = tmp_path / "from-teams.xlsx"
    write_bytes(uploaded, onedrive.files[consent["name"]])
    assert load_rows(uploaded)[(TUTOR.email or "", "MGT2101")] == row


async def test_same_activity_twice_at_once_records_one_entry(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    card = (await chat.say("hours")).card
    activity = teams.card_submit(bot.connector.url, TUTOR, submit_data(card, category="sessions", hours="1"))
    statuses = await asyncio.gather(bot.client.post(activity), bot.client.post(activity))
    assert all(status in (200, 201, 202) for status, _ in statuses)
    assert [e.hours for e in await ledger(bot)] == [Decimal(1)]


async def test_a_taken_key_gives_back_the_first_line_and_writes_nothing(bot: RunningBot) -> None:
    """Grade sheets and reversals add with a key of their own: the unique key decides, with no lookup first."""
    async with bot.database.unit_of_work() as uow:
        tutor = await uow.people.by_email(TUTOR.email or "")
        course = (await uow.people.courses_of(tutor, dt.date(2026, 11, 20)))[0] if tutor else None
        assert tutor is not None and course is not None
        now = dt.datetime(2026, 11, 20, 5, tzinfo=dt.UTC)
        lines = [await uow.hours.add(key="same-key", tutor_id=tutor.id, course_id=course.id, category=Category.ASSESSMENT,
                                     hours=hours, date=dt.date(2026, 11, 20), entered_by_id=tutor.id, now=now)
                 for hours in (Decimal("0.5"), Decimal(2))]
    (first, created), (again, created_again) = lines
    assert created and not created_again and again.id == first.id and again.hours == Decimal("0.5")
    assert [e.hours for e in await ledger(bot)] == [Decimal("0.5")]


async def test_action_execute_gets_the_progress_card_back(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR, locale="en-US")
    card = (await chat.say("hours")).card
    data = submit_data(card, category="assessment", hours="0.75")
    said = await chat.execute(data.pop("action"), data)
    body = said.invoke_body
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    shown = str(body["value"])
    assert "Recorded: 0.75 h — 7.3 control and assessment, 2026-11-20, MGT2101." in shown
    assert "7.3 control and assessment: 0.75 of 1 h" in shown
    assert len(await ledger(bot)) == 1


# --- bad values -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("change", "message"), [
    ({"hours": "-1"}, "«Часы»: должно быть больше нуля."),
    ({"hours": "0"}, "«Часы»: должно быть больше нуля."),
    ({"hours": "0.1"}, "«Часы»: 0,1 — часы учитываются с шагом 0,25"),
    ({"hours": "30"}, "«Часы»: не больше 12 ч в день. За 20.11.2026 уже учтено 0 ч, можно добавить не больше 12 ч."),
    ({"hours": "abc"}, "«Часы»: «abc» — не число."),
    ({"date": "2027-11-20"}, "«Дата»: 20.11.2027 ещё не наступила"),
    ({"date": "2026-08-20"}, "«Дата»: 20.08.2026 — вне семестра курса (01.09.2026 — 26.12.2026)."),
    ({"course": "FIN2204"}, "«Курс»: это не ваш курс"),
    ({"category": "coffee"}, "«Вид работы»: выберите один из видов работ раздела 7."),
])
async def test_bad_values_are_named_and_nothing_is_stored(bot: RunningBot, change: dict[str, str],
                                                          message: str) -> None:
    chat = Chat(bot, TUTOR)
    card = (await chat.say("hours")).card
    if change.get("course") == "FIN2204":
        change = {"course": str(await course_id(bot, "FIN2204"))}  # a course of another tutor
    data = submit_data(card, **{"category": "sessions", "hours": "1", **change})
    said = await chat.submit(data)
    assert said.activities[0].method == "POST"  # an answer; the card stays so the tutor can fix it
    assert ru("hours.error.header") in said.text
    assert message in said.text, said.text
    assert await ledger(bot) == []
    # The same card, fixed, then goes through.
    fixed = {**data, **{k: v for k, v in {"hours": "1", "date": "2026-11-20", "category": "sessions",
                                          "course": str(await course_id(bot, "MGT2101"))}.items() if k in change}}
    assert shows(text_and_facts((await chat.submit(fixed)).card), "ru", "hours.recorded", hours="1")
    assert len(await ledger(bot)) == 1


async def test_bad_values_in_english_and_several_at_once(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR, locale="en-US")
    card = (await chat.say("hours")).card
    said = await chat.submit(submit_data(card, category="sessions", hours="abc", date="2027-01-05"))
    assert "“Hours”: “abc” is not a number." in said.text
    assert "“Date”: 2027-01-05 is in the future" in said.text
    assert await ledger(bot) == []


async def test_after_the_exam_assessment_and_documentation_for_a_grace_period(bot: RunningBot,
                                                                               clock: FixedClock) -> None:
    """The regulation calendar: MGT2101's exam is Saturday 26 December 2026, its AIS grade sheet is due Wednesday
    30 December (3 working days), and 7.3 / 7.4 work may be logged for a week after that, until 6 January 2027;
    other categories not after the exam."""
    chat = Chat(bot, TUTOR)
    await chat.say("hours")  # the demo roster is in, on its fall 2026 dates
    clock.advance(dt.datetime(2027, 1, 5, 10, 0, tzinfo=ALMATY) - NOW)

    said = await log_hours(chat, category="assessment", hours="2", date="2026-12-29", note="проверка экзамена")
    shown = text_and_facts(said.card)
    assert shows(shown, "ru", "hours.recorded", hours="2", label=category_label(Category("assessment"), "ru"), date="29.12.2026", course="MGT2101")
    assert ru("hours.progress.finished", date="26.12.2026", until="06.01.2027") in shown
    await log_hours(chat, category="documentation", hours="1", date="2027-01-04", note="ведомость АИС")

    refused = await log_hours(chat, category="sessions", hours="1", date="2026-12-29")
    assert ru("hours.error.header") in refused.text
    assert ru("hours.error.date.after_exam", date="29.12.2026", exam="26.12.2026", until="06.01.2027") in refused.text
    assert [(e.category, e.hours, e.date) for e in await ledger(bot)] == [
        ("assessment", Decimal(2), dt.date(2026, 12, 29)), ("documentation", Decimal(1), dt.date(2027, 1, 4))]

    clock.advance(dt.timedelta(days=3))  # 8 January: the grace period is over
    late = await Chat(bot, TUTOR, locale="en-US").submit(
        submit_data((await chat.say("hours")).card, category="assessment", hours="1", date="2027-01-07"))
    assert ("“Date”: 2027-01-07 is too late. 7.3 and 7.4 hours after the exam can be logged until 2027-01-06 "
            "(the exam's grade sheet is due by 2026-12-30, plus a week).") in late.text
    assert len(await ledger(bot)) == 2


async def test_twelve_hours_a_day_across_courses(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    await log_hours(chat, category="sessions", hours="6", date="2026-11-19")
    await log_hours(chat, category="documentation", hours="5", date="2026-11-19")
    said = await log_hours(chat, category="assessment", hours="1.25", date="2026-11-19")
    assert "За 19.11.2026 уже учтено 11 ч, можно добавить не больше 1 ч." in said.text
    await log_hours(chat, category="assessment", hours="1", date="2026-11-19")
    assert sum(e.hours for e in await ledger(bot)) == 12


# --- corrections ----------------------------------------------------------------------------------------------------
async def test_undo_is_a_reversing_entry_once(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR, locale="en-US")
    await log_hours(chat, category="sessions", hours="2", date="2026-11-19")
    [entry] = await ledger(bot)
    said = await chat.submit({"action": "hours.undo", "entry": entry.id})
    assert said.activities[0].method == "PUT"
    assert f"Entry #{entry.id} (2 h) was undone by the reversing entry" in text_and_facts(said.card)
    assert "7.2 sessions and support with students' questions: 0 of 6 h" in text_and_facts(said.card)
    again = await chat.submit({"action": "hours.undo", "entry": entry.id})
    assert f"Entry #{entry.id} was already undone or corrected" in text_and_facts(again.card)
    entries = await ledger(bot)
    assert [(e.hours, e.reverses_entry_id) for e in entries] == [(Decimal(2), None), (Decimal(-2), entry.id)]
    history = text_and_facts((await chat.say("hours history")).card)
    assert f"#{entry.id} · 2026-11-19 · MGT2101 · 7.2 sessions and support with students' questions: 2 h" in history
    assert f"undone by entry #{entries[1].id} (Айгерим Касымова, 2026-11-20 10:00)" in history
    # Neither can be changed any more: no buttons, and a crafted submission is refused.
    refused = await chat.submit({"action": "hours.edit", "entry": entry.id})
    assert "already undone" in refused.text
    refused = await chat.submit({"action": "hours.undo", "entry": entries[1].id})
    assert "cannot be changed" in refused.text
    assert len(await ledger(bot)) == 2


async def test_only_recent_own_entries_can_be_changed(bot: RunningBot, clock: FixedClock) -> None:
    chat = Chat(bot, TUTOR, locale="en-US")
    await log_hours(chat, category="sessions", hours="2", date="2026-11-19")
    [entry] = await ledger(bot)
    clock.advance(dt.timedelta(days=15))
    said = await chat.submit({"action": "hours.undo", "entry": entry.id})
    assert "only your own entries of the last 14 days" in said.text
    history = await chat.submit({"action": "hours.history"})
    assert "hours.undo" not in str(history.card)
    assert len(await ledger(bot)) == 1


# --- sessions feed the ledger -----------------------------------------------------------------------------------------
async def test_a_held_session_feeds_the_ledger_once(bot: RunningBot) -> None:
    await Chat(bot, TUTOR).say("help")  # the bot has loaded the demo roster by now
    mgt = await course_id(bot, "MGT2101")
    async with bot.database.unit_of_work() as uow:
        tutor = await uow.people.by_email(TUTOR.email or "")
        assert tutor is not None
        entry, created = await uow.hours.record_session_hours(
            41, tutor.id, mgt, SessionKind.WEBINAR, Decimal(90) / 60, dt.date(2026, 11, 17))
        assert created
    async with bot.database.unit_of_work() as uow:
        again, created = await uow.hours.record_session_hours(41, tutor.id, mgt, "webinar", Decimal("1.5"),
                                                              dt.date(2026, 11, 17))
        assert not created and again.id == entry.id
        await uow.hours.record_session_hours(42, tutor.id, mgt, "consultation_rk2", 1, dt.date(2026, 11, 18))
    entries = await ledger(bot)
    assert [(e.category, e.hours, e.source, e.session_id) for e in entries] == [
        ("sessions", Decimal("1.5"), "session", 41), ("consultation_rk2", Decimal(1), "session", 42)]
    chat = Chat(bot, TUTOR)
    report = text_and_facts((await chat.say("report")).card)
    assert ru("hours.progress.line", label=category_label(Category("sessions"), "ru"), delivered="1,5", norm="6") in report
    assert ru("hours.progress.line", label=category_label(Category("consultation_rk2"), "ru"), delivered="1", norm="1") in report
    history = text_and_facts((await chat.submit({"action": "hours.history"})).card)
    assert ru("hours.source.session", id=41) in history and "Айгерим Касымова" in history
    async with bot.database.unit_of_work() as uow:
        reversal = await uow.hours.reverse_session_hours(41, by_id=tutor.id)
        assert reversal is not None and reversal.hours == Decimal("-1.5")
        await uow.hours.reverse_session_hours(41, by_id=tutor.id)
        _, created = await uow.hours.record_session_hours(41, tutor.id, mgt, "webinar", 1, dt.date(2026, 11, 17))
        assert not created
    assert len(await ledger(bot)) == 3


# --- norms are configuration --------------------------------------------------------------------------------------------
async def test_norms_per_semester_and_past_semesters_keep_theirs(bot: RunningBot, database_url: str,
                                                                 tmp_path: Path) -> None:
    chat = Chat(bot, TUTOR)
    await log_hours(chat, category="sessions", hours="4", date="2026-11-18")
    async with bot.database.unit_of_work() as uow:
        frozen = (await uow.db.scalars(select(HoursNorm).where(HoursNorm.semester == "2026-fall"))).all()
        assert {n.category: (n.hours, n.set_by) for n in frozen}["sessions"] == (Decimal(6), "default")
        # A past semester of the same school.
        mgt = await uow.db.scalar(select(Course).where(Course.code == "MGT2101"))
        assert mgt is not None
        uow.db.add(Course(code="MGT1100", name="Введение в менеджмент", school_id=mgt.school_id,
                               semester="2026-spring", language="ru", start_date=dt.date(2026, 1, 12),
                               rk1_date=dt.date(2026, 3, 7), rk2_date=dt.date(2026, 5, 2),
                               exam_date=dt.date(2026, 5, 20)))

    result = run_cli(database_url, "norms", "set", "--semester", "2026-fall", "--category", "sessions",
                     "--hours", "8", "--by", "s.iskakova@demo.almau.edu.kz")
    assert result.returncode == 0, result.stderr
    assert "2026-fall sessions: 6 -> 8" in result.stdout
    report = text_and_facts((await chat.say("report")).card)
    assert ru("hours.progress.line", label=category_label(Category("sessions"), "ru"), delivered="4", norm="8") in report
    assert ru("hours.progress.total", delivered="4", norm="13") in report

    refused = run_cli(database_url, "norms", "set", "--semester", "2026-spring", "--category", "sessions",
                      "--hours", "8")
    assert refused.returncode == 1
    assert "2026-spring is a past semester" in refused.stderr
    bad = run_cli(database_url, "norms", "set", "--semester", "2026-fall", "--category", "sessions", "--hours", "0.1")
    assert bad.returncode == 1 and "steps of 0.25" in bad.stderr

    norms_file = tmp_path / "norms.csv"
    write(norms_file, "semester,category,hours\n2027-spring,documentation,2\n2027-spring,sessions,abc\n")
    bad = run_cli(database_url, "norms", "import", str(norms_file))
    assert bad.returncode == 1 and "norms.csv:3: 'abc' is not a number" in bad.stderr
    write(norms_file, "semester,category,hours\n2027-spring,documentation,2\n2027-spring,intro,none\n")
    assert run_cli(database_url, "norms", "import", str(norms_file)).returncode == 0
    shown = run_cli(database_url, "norms", "show")
    assert shown.returncode == 0
    assert "2026-fall" in shown.stdout and "2027-spring" in shown.stdout
    async with bot.database.unit_of_work() as uow:
        assert (await uow.hours.norms_for("2026-fall"))[Category.SESSIONS] == Decimal(8)
        assert (await uow.hours.norms_for("2027-spring"))[Category.DOCUMENTATION] == Decimal(2)
        assert (await uow.hours.norms_for("2027-spring"))[Category.INTRO] is None
        assert (await uow.hours.norms_for("2027-spring"))[Category.SESSIONS] == Decimal(6)
        assert (await uow.hours.norms_for("2026-spring"))[Category.SESSIONS] == Decimal(6)


# --- deans and admins ------------------------------------------------------------------------------------------------------
async def test_dean_report_and_admin_export(bot: RunningBot, tmp_path: Path, onedrive: UploadStandIn) -> None:
    await log_hours(Chat(bot, TUTOR), category="sessions", hours="2", date="2026-11-18")
    said = await Chat(bot, DEAN, locale="en-US").say("report")
    shown = text_and_facts(said.card)  # the school's summary names each tutor with the hours just logged
    assert "Айгерим Касымова" in shown and "Дмитрий Ковалёв" in shown and "MGT2101" in shown and "FIN2204" in shown

    admin = Chat(bot, ADMIN, locale="en-US")
    assert "I can export hours only" in (await admin.say("export questions")).text
    said = await admin.say("export hours som 2026-fall")
    assert "Rows (tutor × course): 2" in text_and_facts(said.card)
    consent = consent_card(said)
    assert consent["name"] == "hours-SOM-2026-fall-20261120.xlsx"
    declined = await admin.file_consent(consent["content"]["declineContext"], {}, accept=False)
    assert "the file was not sent" in declined.text and onedrive.files == {}
    await admin.file_consent(consent["content"]["acceptContext"], upload_info(onedrive, consent["name"]))
    uploaded = tmp_path / "admin.xlsx"
    write_bytes(uploaded, onedrive.files[consent["name"]])
    assert num(load_rows(uploaded, "en")[(TUTOR.email or "", "MGT2101")]["Total, h"]) == 2

    # A dean exports their own school only; files only in the personal chat; tutors not at all.
    async with bot.database.unit_of_work() as uow:
        uow.db.add(School(code="SOE", name="Школа экономики", dean_email="dean.soe@demo.almau.edu.kz"))
    assert "your own school only" in (await Chat(bot, DEAN, locale="en-US").say("export hours SOE")).text
    channel = Chat(bot, DEAN, locale="en-US", channel=True)
    assert "only in a personal chat" in (await channel.say("export hours")).text
    refused = await Chat(bot, TUTOR, locale="en-US").say("export hours")
    assert "not available to a tutor" in refused.text
    forged = await Chat(bot, TUTOR, locale="en-US").file_consent(
        consent["content"]["acceptContext"], upload_info(onedrive, "forged.xlsx"))
    assert "not available to a tutor" in forged.text and "forged.xlsx" not in onedrive.files


async def test_student_cannot_type_hours_or_report(bot: RunningBot) -> None:
    chat = Chat(bot, STUDENT, locale="en-US")
    assert "not available to a student" in (await chat.say("hours")).text
    assert "not available to a student" in (await chat.say("report")).text



async def test_after_the_demo_semester_the_demo_moves_and_today_can_be_logged(database_url: str,
                                                                               connector: ConnectorStandIn) -> None:
    """`make run` in February 2027: the fall 2026 demo has moved to a semester holding today."""
    today = dt.date(2027, 2, 17)
    settings = make_settings(database_url)
    database = Database(database_url)
    runner, url = await start_bot(settings, database, FixedClock(dt.datetime(2027, 2, 17, 10, 0, tzinfo=ALMATY)))
    connector.add_member(TUTOR.teams_id, name=TUTOR.name, email=TUTOR.email or "", aad_object_id=TUTOR.aad_object_id)
    try:
        async with aiohttp.ClientSession() as session:
            bot = RunningBot(url, teams.BotClient(url, session), connector, database, settings, runner.app)
            async with bot.database.unit_of_work() as uow:
                course = await uow.db.scalar(select(Course).where(Course.code == "MGT2101"))
                assert course is not None
                assert course.start_date <= today <= course.exam_date and course.semester == "2027-spring"
            chat = Chat(bot, TUTOR)
            card = (await chat.say("hours")).card
            assert body_inputs(card)["date"]["value"] == "2027-02-17"
            said = await chat.submit(submit_data(card, category="sessions", hours="1.5"))
            assert "Учтено: 1,5 ч" in text_and_facts(said.card), text_and_facts(said.card)
            [entry] = await ledger(bot)
            assert entry.date == today
    finally:
        await runner.cleanup()
