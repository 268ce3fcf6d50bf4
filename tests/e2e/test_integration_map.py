"""The integration map of Appendix 1 end to end (issue 7): real app, real HTTP, Connector stand-in, SQLite and
PostgreSQL. A tutor fills the whole map card by card, submits it, the dean approves it, the DOCX comes through
Teams' file consent flow (a OneDrive upload stand-in) and through the CLI, and is read back with python-docx.

Demo roster: Айгерим Касымова tutors MGT2101 (ru; start 2026-09-01, RK1 24.10, RK2 12.12, exam 26.12);
the dean of SOM is Гульнара Сапарова; Сауле Искакова is an admin.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy import select

from cards.i18n import text
from cards.integration_map_pieces import problem_text
from storage.integration_map import IntegrationMap, IntegrationMapEdit, IntegrationMapVersion
from storage.models import Course, Person
from tests.conftest import ADMIN, DEAN, STUDENT, TUTOR, RunningBot
from tests.support import teams
from tests.support.cards import actions, facts, input_values, text_and_facts
from tests.support.chat import Chat, Said
from tests.support.onedrive import UploadStandIn
from tests.support.waiting import until
from tutoring.clock import ALMATY, Clock, FixedClock
from tutoring.integration_map import MapProblem, MapState, Rule, content_from_json
from tutoring.norms import SessionKind
from tutoring.regulation_calendar import ControlKind
from tutoring.roles import Role

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ALMATY)
KOVALEV = teams.TeamsUser("29:tutor-dmitry", "Дмитрий Ковалёв", "0a1d0000-0000-4000-8000-000000000003",
                          "d.kovalev@demo.almau.edu.kz")


# --- reading cards like Teams does ------------------------------------------------------------------------------


def button(card: dict[str, Any], action: str, **match: Any) -> dict[str, Any]:
    for candidate in actions(card):
        data = candidate.get("data") or {}
        if data.get("action") == action and all(data.get(k) == v for k, v in match.items()):
            return candidate
    raise AssertionError(f"no {action} {match} button on the card: {[a.get('data') for a in actions(card)]}")


async def press(chat: Chat, card: dict[str, Any], action: str, values: dict[str, Any] | None = None, *,
                expect: int = 1, **match: Any) -> Said:
    """Press a button the way Teams does: the card's inputs (unless the action takes none) plus its data."""
    pressed = button(card, action, **match)
    data: dict[str, Any] = {}
    if pressed.get("associatedInputs") != "none":
        data |= input_values(card) | (values or {})
    data |= pressed["data"]
    return await chat.submit(data, expect=expect)


async def stored_map(bot: RunningBot, code: str = "MGT2101") -> tuple[IntegrationMap | None, list[IntegrationMapVersion]]:
    async with bot.database.unit_of_work() as uow:
        course = await uow.db.scalar(select(Course).where(Course.code == code))
        assert course is not None
        map_ = await uow.maps.of_course(course.id)
        versions = await uow.maps.versions(map_.id) if map_ else []
        return map_, versions


async def wait_for_text(bot: RunningBot, conversation: str, needle: str, timeout: float = 10) -> dict[str, Any]:
    """The first activity delivered into a conversation (proactively, by the outbox) whose text has `needle`."""

    def found() -> list[dict[str, Any]]:
        return [s.activity for s in bot.connector.sent if s.conversation_id == conversation and needle in s.text]

    await until(lambda: bool(found()), lambda: f"{needle!r} in {conversation}: {[s.text for s in bot.connector.sent]}",
                timeout)
    return found()[0]


@pytest.fixture
def bot_clock() -> Clock:
    """A day inside the demo semester: these tests name its dates, which the demo keeps only on such days."""
    return FixedClock(NOW)


def upload_info(onedrive: UploadStandIn, name: str) -> dict[str, Any]:
    return onedrive.info(name, file_type="docx", unique_id="1D2F-0001")


# --- filling the map through the bot ---------------------------------------------------------------------------

WEEK_TOPICS = {n: f"Л {n}. Тема {n}: управление командой" for n in range(1, 16)}


async def fill_whole_map(chat: Chat) -> dict[str, Any]:
    """Everything a tutor does to fill the map, card by card; returns the last (overview) card."""
    said = await chat.say("map")
    overview = said.card
    assert "MGT2101" in json.dumps(overview, ensure_ascii=False)

    said = await press(chat, overview, "integration_map.edit", step="part1")
    part1 = said.card
    prefilled = input_values(part1)
    assert prefilled["discipline"] == "Основы менеджмента"
    assert prefilled["platform_url"] == "https://www.coursera.org/learn/managing-as-a-coach"
    assert prefilled["language"] == "ru" and prefilled["semester"] == "2026-fall"
    assert prefilled["study_form"] == "full_time" and prefilled["attestation"] == "экзамен"
    said = await press(chat, part1, "integration_map.save", {
        "spoc_name": "Managing as a Coach (Coursera)", "hours": "150", "credits": "5", "level": "bachelor",
    }, then="next")
    assert said.activities[-1].method == "PUT", "the saved card is replaced by the next one"
    part2 = said.card
    assert input_values(part2)["mooc1_name"] == "Managing as a Coach (Coursera)"  # pre-filled from Part 1
    said = await press(chat, part2, "integration_map.save", {
        "mooc1_match": "80", "mooc2_name": "Leading People and Teams",
        "mooc2_url": "https://www.coursera.org/specializations/leading-teams", "mooc2_match": "60",
    }, then="next")
    part3 = said.card
    card_text = json.dumps(part3, ensure_ascii=False)
    for model in ("Модель 1. МООК-поддержка", "Модель 2. Смешанное обучение «+МООК»",
                  "Модель 3. Смешанное обучение «МООК+»", "перевернутый класс"):
        assert model in card_text
    said = await press(chat, part3, "integration_map.save", {"model": "3"}, then="next")
    for first in (1, 6, 11):
        weeks = said.card
        values: dict[str, str] = {}
        for n in range(first, first + 5):
            assert f"w{n}_topic" in input_values(weeks)
            values |= {f"w{n}_topic": WEEK_TOPICS[n], f"w{n}_hours": "2", f"w{n}_assignments": "Видеолекции модуля",
                       f"w{n}_assessment": "Онлайн тест", f"w{n}_form": "async,offline"}
        said = await press(chat, weeks, "integration_map.save", values, then="next")
    controls = said.card
    control_inputs = input_values(controls)
    assert control_inputs["consultation_rk1_date"] == "2026-10-22"  # two days before RK1 (Saturday 24.10)
    assert control_inputs["consultation_exam_date"] == "2026-12-24"
    assert control_inputs["consultation_rk1_hours"] == "1"  # the norm of 7.2
    said = await press(chat, controls, "integration_map.save", {
        "rk1_assessment": "Тест в LMS", "rk2_assessment": "Кейс-стади", "exam_assessment": "Экзамен (прокторинг OES)",
        "consultation_rk2_date": "2026-12-10",
    }, then="overview")
    overview = said.card
    summary = facts(overview)
    assert summary["Часть 1. Курс и SPOC/МООС"] == "заполнена ✓"
    assert summary["Часть 4. Недели"] == "заполнено 15 из 15"
    assert summary["Часть 4. Консультации"] == "запланировано 3 из 3"
    return overview


async def test_a_whole_map_filled_submitted_approved_and_exported(
    bot: RunningBot, onedrive: UploadStandIn, tmp_path: Path
) -> None:
    dean = Chat(bot, DEAN)
    await dean.say("help")  # the dean has a chat with the bot: the submission reaches them
    tutor = Chat(bot, TUTOR)
    overview = await fill_whole_map(tutor)

    map_, versions = await stored_map(bot)
    assert map_ is not None and versions == [] and map_.state == MapState.DRAFT
    draft = content_from_json(map_.draft_json)
    assert [w.topic for w in draft.weeks] == [WEEK_TOPICS[n] for n in range(1, 16)]
    assert [m.match for m in draft.moocs] == [80, 60]

    # Submit: version 1, the dean is told with a card to approve it.
    said = await press(tutor, overview, "integration_map.submit", expect=2)
    assert T("submitted", code="MGT2101", n=1) in said.text
    assert T("submitted.notified", who="Гульнара Сапарова") in said.text
    delivered = await wait_for_text(bot, dean.conversation_id, "на согласование (версия 1)")
    review = delivered["attachments"][0]["content"]
    assert "Managing as a Coach" in json.dumps(review, ensure_ascii=False)

    # The tutor cannot approve their own map: signing belongs to the signers' card-only command.
    said = await press(tutor, review, "integration_map.approve")
    assert text("ru", "not_allowed", command="map sign", role=text("ru", "role.tutor")) in said.text

    # Two signatures: the school's dean, then the Office of Online Education, who gets the card once the school
    # has signed.
    uoo = await uoo_chat(bot)
    said = await press(uoo, review, "integration_map.approve")  # the УОО does not sign before the school
    assert T("review.not_reviewer") in said.text
    said = await press(dean, review, "integration_map.approve", expect=2)
    assert T("review.school_approved", code="MGT2101", n=1) in said.text
    said = await press(dean, review, "integration_map.approve", expect=2)  # a second click changes nothing
    assert T("review.stale", n=1, state=T("state.school_approved")) in said.text
    delivered = await wait_for_text(bot, uoo.conversation_id, T("notify.school_approved", code="MGT2101",
                                    name="Основы менеджмента", n=1, who="Гульнара Сапарова"))
    review = delivered["attachments"][0]["content"]
    said = await press(uoo, review, "integration_map.approve", expect=2)
    assert T("review.approved", code="MGT2101", n=1) in said.text
    await wait_for_text(bot, tutor.conversation_id, T("notify.approved", code="MGT2101", n=1, who=UOO.name))
    map_, versions = await stored_map(bot)
    assert map_ is not None and map_.state == MapState.APPROVED
    assert [(v.number, v.state, v.reviewer_role) for v in versions] == [(1, "approved", "uoo")]

    # The DOCX in Teams: the file consent card, then the upload to OneDrive once the tutor allows it.
    said = await tutor.say("map")
    docx_button = button(said.card, "integration_map.docx")
    assert docx_button["data"]["version"] == 1  # the approved version
    said = await press(tutor, said.card, "integration_map.docx")
    [consent] = [a for a in said.activities[-1].activity["attachments"]
                 if a["contentType"] == "application/vnd.microsoft.teams.card.file.consent"]
    name = consent["name"]
    assert name == "integration-map-MGT2101-v1.docx"
    said = await tutor.file_consent(consent["content"]["acceptContext"], upload_info(onedrive, name))
    assert T("docx.sent", name=name) in said.text
    [info] = said.activities[-1].activity["attachments"]
    assert info["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert info["contentUrl"] == f"https://onedrive.example/{name}"
    uploaded = onedrive.files[name]
    size = len(uploaded)
    assert onedrive.headers[name]["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    assert consent["content"]["sizeInBytes"] == size
    check_document(uploaded)

    # The same document from the command line.
    out = tmp_path / "map.docx"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "export", "map", "MGT2101", "-o", str(out), cwd=REPO,
        env={**os.environ, "DATABASE_URL": bot.settings.database_url, "TUTORBOT_DEMO_ROSTER": "0"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    assert "version 1 (approved)" in stdout.decode()
    check_document(out.read_bytes())


def check_document(data: bytes) -> None:
    """Every part of Appendix 1, the chosen model, all 15 weeks with the control rows, the signatures."""
    document = Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    for heading in ("Карта интеграции SPOC/МООС на дисциплину: Основы менеджмента",
                    "Цель: интеграция SPOC/МООС или его элементов для обучения по дисциплине",
                    "Часть 1. Подбор SPOC/МООС",
                    "Часть 2. Подбор SPOC/МООС на основе анализа содержания и формируемых компетенций",
                    "Часть 3. Выбор модели интеграции МООС", "3.1. Выбор модели:",
                    "Часть 4. План интеграции SPOC/МООС на преподаваемую дисциплину",
                    "4.1 Название модели (см. 3.1)", "4.2. График реализации содержания учебного курса",
                    "Версия 1: согласована"):
        assert heading in paragraphs, heading
    assert paragraphs.count("Модель 3. Смешанное обучение «МООК+»: использование МООК с частичным сохранением") == 2
    assert "Модель 1" not in paragraphs and "Модель 2" not in paragraphs  # the others are left out
    part1, part2, plan = document.tables
    assert [row.cells[1].text for row in part1.rows] == [
        "Основы менеджмента", "Managing as a Coach (Coursera)", "https://www.coursera.org/learn/managing-as-a-coach",
        "150 / 5", "очная", "бакалавриат", "русский", "2026-fall", "экзамен",
    ]
    assert [[c.text for c in row.cells] for row in part2.rows][1:] == [
        ["1", "Managing as a Coach (Coursera)", "https://www.coursera.org/learn/managing-as-a-coach", "80%"],
        ["2", "Leading People and Teams", "https://www.coursera.org/specializations/leading-teams", "60%"],
    ]
    header = [c.text for c in plan.rows[0].cells]
    assert header == ["Неделя", "Название темы", "Кол-во часов", "Задания", "Оценка знаний",
                      "Форма проведения занятия", "Платформа и ссылка"]
    labels = [row.cells[1].text.split("\n")[0] for row in plan.rows[1:]]
    weeks = [row.cells[0].text.split("\n")[0] for row in plan.rows[1:]]
    expected = [*[WEEK_TOPICS[n] for n in range(1, 9)], "Консультация по РК 1", "Рубежный контроль 1",  # date order
                *[WEEK_TOPICS[n] for n in range(9, 16)], "Консультация по РК 2", "Рубежный контроль 2",
                "Консультация по экзамену", "Итоговый контроль"]
    assert labels == expected
    assert [w for w in weeks if w.isdigit()] == [str(n) for n in range(1, 16)]
    rows = {row.cells[1].text.split("\n")[0]: [c.text for c in row.cells] for row in plan.rows[1:]}
    assert rows["Консультация по РК 1"][1:3] == ["Консультация по РК 1\n22.10.2026", "1"]
    assert rows["Консультация по РК 2"][1] == "Консультация по РК 2\n10.12.2026"
    assert rows["Рубежный контроль 1"][0] == "Рубежный контроль 1\n24.10.2026"  # merged over two columns
    assert rows["Рубежный контроль 1"][4] == "Тест в LMS"
    assert rows["Итоговый контроль"][0] == "Итоговый контроль\n26.12.2026"
    assert rows[WEEK_TOPICS[3]][2:6] == ["2", "Видеолекции модуля", "Онлайн тест", "Асинхронно\nОффлайн"]
    assert rows[WEEK_TOPICS[1]][0] == "1\n01.09–07.09"
    for line in ("Составлено:", "Преподаватель", "Айгерим Касымова", "Согласовано:"):
        assert line in paragraphs, line
    day = "25.11.2026"  # both signed today (the test's clock)
    assert f"{T('doc.program_leader')}\t{'_' * 22}\tГульнара Сапарова\t{day}" in paragraphs
    assert f"{T('doc.director')}\t{'_' * 22}\t{UOO.name}\t{day}" in paragraphs


UOO = teams.TeamsUser("29:uoo-aliya", "Алия Бекова", "0a1d0000-0000-4000-8000-000000000104",
                      "a.bekova@demo.almau.edu.kz")


async def uoo_chat(bot: RunningBot) -> Chat:
    """A person of the Office of Online Education (role `uoo`, no school) who has talked to the bot."""
    async with bot.database.unit_of_work() as uow:
        uow.db.add(Person(email=UOO.email or "", name=UOO.name, role=Role.UOO.value, school_id=None,
                          aad_object_id=UOO.aad_object_id))
    bot.connector.add_member(UOO.teams_id, name=UOO.name, email=UOO.email or "", aad_object_id=UOO.aad_object_id)
    chat = Chat(bot, UOO)
    await chat.say("help")
    return chat


def T(key: str, **values: object) -> str:
    """The map's Russian text from the catalogue: a copy edit changes the test's expectation with it."""
    return text("ru", "integration_map." + key, **values)


# --- refusals: field by field, nothing stored -------------------------------------------------------------------


async def draft_of(bot: RunningBot) -> str:
    map_, _ = await stored_map(bot)
    assert map_ is not None
    return map_.draft_json


# Per step of the map: where the card goes next, and each refused save's values with the problems the refusal names
# (field id, rule, the value quoted, the bounds); the wording comes from the text catalogue through `problem_text`.
REFUSED_SAVES: list[tuple[str, str, list[tuple[dict[str, str], list[MapProblem]]]]] = [
    ("part2", "next", [(
        {"mooc1_name": "MOOC", "mooc1_match": "120", "mooc2_name": "", "mooc2_url": "ftp://x.org", "mooc2_match": ""},
        [MapProblem("mooc1_match", Rule.PERCENT, "120", "0", "100"), MapProblem("mooc2_url", Rule.URL, "ftp://x.org"),
         MapProblem("mooc2_name", Rule.REQUIRED)],
    )]),
    ("part3", "next", [
        ({"model": chosen}, [MapProblem("model", Rule.ONE_MODEL, chosen)]) for chosen in ("", "1,3", "4")
    ]),
    ("weeks11", "next", [(
        {"w12_hours": "-1", "w13_link": "www.coursera.org", "w16_topic": "Лишняя неделя", "w14_form": "async,online"},
        [MapProblem("w12_hours", Rule.NOT_NEGATIVE, "-1"), MapProblem("w13_link", Rule.URL, "www.coursera.org"),
         MapProblem("w16_topic", Rule.WEEK_RANGE, "16", "11", "15"), MapProblem("w14_form", Rule.CHOICE, "online")],
    )]),
    ("controls", "overview", [(
        {"consultation_rk1_date": "2026-10-24", "consultation_exam_date": "26.12.2026"},
        # A date refused for its range is shown as the UI shows dates: 24.10.2026, within 01.09.2026–23.10.2026.
        [MapProblem("consultation_rk1_date", Rule.DATE_RANGE, dt.date(2026, 10, 24), dt.date(2026, 9, 1),
                 dt.date(2026, 10, 23)),
         MapProblem("consultation_exam_date", Rule.DATE, "26.12.2026")],
    )]),
]


async def test_bad_values_are_refused_field_by_field_and_the_draft_is_unchanged(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    overview = (await chat.say("map")).card
    part1 = (await press(chat, overview, "integration_map.edit", step="part1")).card
    before = await draft_of(bot)

    said = await press(chat, part1, "integration_map.save", {
        "platform_url": "coursera learn managing", "hours": "-5", "credits": "пять", "level": "doctor",
    }, expect=2, then="next")
    assert said.text.startswith(T("problems.save"))
    for problem in (MapProblem("platform_url", Rule.URL, "coursera learn managing"),
                    MapProblem("hours", Rule.NOT_NEGATIVE, "-5"), MapProblem("credits", Rule.NUMBER, "пять"),
                    MapProblem("level", Rule.CHOICE, "doctor")):
        assert problem_text("ru", problem) in said.text, problem
    again = said.card  # the same card comes back with what was typed, to correct
    assert input_values(again)["platform_url"] == "coursera learn managing"
    assert problem_text("ru", MapProblem("hours", Rule.NOT_NEGATIVE, "-5")) in text_and_facts(again)
    assert await draft_of(bot) == before

    for step, then, attempts in REFUSED_SAVES:
        card = (await press(chat, overview, "integration_map.edit", step=step)).card
        for values, named in attempts:
            said = await press(chat, card, "integration_map.save", values, expect=2, then=then)
            for problem in named:
                assert problem_text("ru", problem) in said.text, (step, problem)
        assert await draft_of(bot) == before

    said = await press(chat, overview, "integration_map.topics", {"topics": "1. Введение\n15. Итоги\n16. Лишняя"},
                       expect=2)
    assert problem_text("ru", MapProblem("topics", Rule.WEEK_RANGE, "16", "1", "15")) in said.text
    assert await draft_of(bot) == before

    # Submitting an incomplete map: refused with what is missing, no version.
    said = await press(chat, overview, "integration_map.submit", expect=2)
    assert said.text.startswith(T("problems.submit"))
    assert problem_text("ru", MapProblem("spoc_name", Rule.REQUIRED)) in said.text
    _, versions = await stored_map(bot)
    assert versions == [] and await draft_of(bot) == before


async def test_messages_follow_the_teams_language(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR, locale="en-US")
    overview = (await chat.say("map")).card
    weeks = (await press(chat, overview, "integration_map.edit", step="weeks1")).card
    said = await press(chat, weeks, "integration_map.save", {"w3_hours": "-2", "w4_link": "nope"}, expect=2,
                       then="next")
    assert "“Week 3: Hours”: “-2” cannot be negative." in said.text
    assert "“Week 4: Link”: “nope” is not a link" in said.text
    chat = Chat(bot, TUTOR, locale="kk-KZ")
    said = await press(chat, weeks, "integration_map.save", {"w3_hours": "-2"}, expect=2, then="next")
    assert "«3-апта: Сағат саны»: «-2» — теріс болмауы керек." in said.text


async def test_topics_pasted_from_the_syllabus(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    overview = (await chat.say("map")).card
    pasted = "Введение в менеджмент\nПланирование\n8. Мотивация\nКонтроль"
    said = await press(chat, overview, "integration_map.topics", {"topics": pasted})
    assert T("topics_saved", n=4) in text_and_facts(said.card)
    map_, _ = await stored_map(bot)
    assert map_ is not None
    weeks = content_from_json(map_.draft_json).weeks
    assert [weeks[i].topic for i in (0, 1, 7, 8)] == ["Введение в менеджмент", "Планирование", "Мотивация", "Контроль"]
    assert weeks[2].topic == ""


async def test_a_replayed_save_and_submission_change_nothing(bot: RunningBot) -> None:
    chat = Chat(bot, TUTOR)
    overview = await fill_whole_map(chat)
    card_submit = teams.card_submit(bot.connector.url, TUTOR, button(overview, "integration_map.submit")["data"])
    for _ in range(2):  # Teams retries with the same activity id
        status, _ = await bot.client.post(card_submit)
        assert status in (200, 201, 202)
    _, versions = await stored_map(bot)
    assert [v.number for v in versions] == [1]
    assert T("already_submitted", n=1) in bot.connector.sent[-1].text

    part3 = (await press(chat, overview, "integration_map.edit", step="part3")).card
    replay = teams.card_submit(bot.connector.url, TUTOR,
                               {**button(part3, "integration_map.save", then="next")["data"], "model": "1"})
    await bot.client.post(replay)
    first = await draft_of(bot)
    async with bot.database.unit_of_work() as uow:
        edits = (await uow.db.scalars(select(IntegrationMapEdit))).all()
    await bot.client.post({**replay, "value": {**replay["value"], "model": "2"}})  # same id, other value
    assert await draft_of(bot) == first
    async with bot.database.unit_of_work() as uow:
        assert len((await uow.db.scalars(select(IntegrationMapEdit))).all()) == len(edits)


async def test_returned_at_either_step_then_resubmitted_every_version_kept(bot: RunningBot) -> None:
    """A return by the school's dean or by the УОО goes back to the tutor with the comment; an admin reads the
    maps of every school but signs none."""
    admin, dean, tutor = Chat(bot, ADMIN), Chat(bot, DEAN), Chat(bot, TUTOR)
    await dean.say("help")
    uoo = await uoo_chat(bot)
    overview = await fill_whole_map(tutor)
    await press(tutor, overview, "integration_map.submit", expect=2)

    said = await admin.say("map")  # an admin sees every school's maps, those awaiting approval first
    listing = said.card
    assert "MGT2101" in json.dumps(listing, ensure_ascii=False)
    review = (await press(admin, listing, "integration_map.review")).card
    assert not [a for a in actions(review) if a.get("data", {}).get("action") == "integration_map.approve"]
    said = await admin.submit({"action": "integration_map.approve", "course": button(review, "integration_map.docx")
                               ["data"]["course"], "version": 1})
    assert text("ru", "not_allowed", command="map sign", role=text("ru", "role.admin")) in said.text

    # The school returns version 1.
    review = (await dean.say("map MGT2101")).card
    said = await press(dean, review, "integration_map.return", {"comment": ""}, expect=1)
    assert problem_text("ru", MapProblem("comment", Rule.REQUIRED)) in said.text
    said = await press(dean, review, "integration_map.return", {"comment": "Уточните задания недель 8–10"},
                       expect=2)
    assert T("review.returned", code="MGT2101", n=1) in said.text
    note = await wait_for_text(bot, tutor.conversation_id, "Уточните задания недель 8–10")
    assert DEAN.name in note["text"]

    overview = (await tutor.say("map")).card
    summary = facts(overview)
    assert summary[T("fact.state")] == T("fact.version", n=1, state=T("state.returned"))
    assert summary[T("fact.returned", who=DEAN.name)] == "Уточните задания недель 8–10"
    weeks = (await press(tutor, overview, "integration_map.edit", step="weeks6")).card
    said = await press(tutor, weeks, "integration_map.save", {"w8_assignments": "Кейс: мотивация команды"},
                       then="overview")
    assert T("fact.changed", n=1) in facts(said.card)[T("fact.state")]
    said = await press(tutor, said.card, "integration_map.submit", expect=2)
    assert T("submitted", code="MGT2101", n=2) in said.text

    # The school signs version 2, the УОО returns it.
    review = (await dean.say("map MGT2101")).card
    await press(dean, review, "integration_map.approve", expect=2)
    review = (await uoo.say("map MGT2101")).card
    said = await press(uoo, review, "integration_map.return", {"comment": "Добавьте ссылки на недели 1–3"},
                       expect=2)
    assert T("review.returned", code="MGT2101", n=2) in said.text
    await wait_for_text(bot, tutor.conversation_id, T("notify.returned", code="MGT2101", n=2, who=UOO.name,
                                                      comment="Добавьте ссылки на недели 1–3"))

    map_, versions = await stored_map(bot)
    assert map_ is not None and map_.state == MapState.RETURNED and map_.latest_version == 2
    assert [(v.number, v.state, v.reviewer_role) for v in versions] == [(1, "returned", "dean"),
                                                                        (2, "returned", "uoo")]
    assert versions[0].review_comment == "Уточните задания недель 8–10"
    assert "Кейс: мотивация команды" not in versions[0].content_json
    assert "Кейс: мотивация команды" in versions[1].content_json
    async with bot.database.unit_of_work() as uow:
        course = (await uow.maps.offerings_of("mgt2101"))[0]
        returned = await uow.maps.document(course, 2)
        assert returned is not None and (returned.state, returned.program_leader, returned.director) == (
            MapState.RETURNED, DEAN.name, None)


async def test_only_the_courses_own_tutor_edits_and_the_school_reviews(bot: RunningBot) -> None:
    said = await Chat(bot, STUDENT).say("map")
    assert "недоступна для роли «студент»" in said.text
    tutor = Chat(bot, TUTOR)
    said = await tutor.say("map FIN2204")
    assert T("not_your_course", code="FIN2204", courses="MGT2101") in said.text
    async with bot.database.unit_of_work() as uow:
        fin = (await uow.maps.offerings_of("FIN2204"))[0]
        assert fin is not None
    said = await tutor.submit({"action": "integration_map.save", "course": fin.id, "step": "part3", "model": "1"})
    assert "не закреплён за вами" in said.text
    said = await tutor.submit({"action": "integration_map.edit", "course": "not a number", "step": "part1"})
    assert text("ru", "bad_submission") in said.text
    map_, _ = await stored_map(bot, "FIN2204")
    assert map_ is None
    said = await Chat(bot, DEAN, locale="en-US").say("map")
    listing = json.dumps(said.card, ensure_ascii=False)
    assert "**FIN2204** Қаржылық есеп" in listing and "**MGT2101** Основы менеджмента" in listing
    assert listing.count("no map started") == 2


async def test_kazakh_course_and_sessions_feed(bot: RunningBot) -> None:
    """Дмитрий Ковалёв's FIN2204 is taught in Kazakh: the map's DOCX is in Kazakh whatever the Teams language;
    the consultation dates planned in Part 4 are what the sessions feature takes as its defaults."""
    bot.connector.add_member(KOVALEV.teams_id, name=KOVALEV.name, email=KOVALEV.email or "",
                             aad_object_id=KOVALEV.aad_object_id)
    chat = Chat(bot, KOVALEV, locale="en-US")
    overview = (await chat.say("map")).card
    controls = (await press(chat, overview, "integration_map.edit", step="controls")).card
    assert input_values(controls)["consultation_exam_date"] == "2026-12-26"  # exam Monday 28.12: Saturday before
    await press(chat, controls, "integration_map.save", {"consultation_rk1_date": "2026-10-19"}, then="overview")
    async with bot.database.unit_of_work() as uow:
        course = (await uow.maps.offerings_of("FIN2204"))[0]
        assert course is not None
        points = await uow.maps.consultation_points(course.id)
        document = await uow.maps.document(course)
    assert points is not None
    assert [(p.kind, p.after_week, p.week, p.date.isoformat() if p.date else None) for p in points] == [
        (SessionKind.CONSULTATION_RK1, 7, 7, "2026-10-19"),
        (SessionKind.CONSULTATION_RK2, 14, 15, "2026-12-10"),
        (SessionKind.CONSULTATION_EXAM, 15, 15, "2026-12-26"),
    ]
    assert document is not None and document.lang == "kk" and document.version == 0
    assert document.content.control(ControlKind.EXAM).date is not None
    from cards.integration_map_docx import render_map_docx

    text_of = "\n".join(p.text for p in Document(io.BytesIO(render_map_docx(document, now=NOW))).paragraphs)
    assert "Пәнге арналған SPOC/МООС интеграция картасы: Қаржылық есеп" in text_of
    assert "Жоба: келісуге жіберілмеген" in text_of


async def test_declining_the_docx_uploads_nothing(bot: RunningBot, onedrive: UploadStandIn) -> None:
    chat = Chat(bot, TUTOR)
    overview = (await chat.say("map")).card
    said = await press(chat, overview, "integration_map.docx")
    consent = said.activities[-1].activity["attachments"][0]
    assert consent["name"] == "integration-map-MGT2101-draft.docx"
    said = await chat.file_consent(consent["content"]["declineContext"], {}, accept=False)
    assert "файл не отправлен" in said.text
    assert onedrive.files == {}


async def test_consultations_already_scheduled_prefill_part_4(bot: RunningBot) -> None:
    """A consultation the sessions feature already has (here: a row as it stores one) gives Part 4 its date."""
    from storage.sessions import Session

    async with bot.database.unit_of_work() as uow:
        course = (await uow.maps.offerings_of("MGT2101"))[0]
        tutor = await uow.people.by_email(TUTOR.email or "")
        assert course is not None and tutor is not None
        start = dt.datetime(2026, 12, 9, 16, 0, tzinfo=ALMATY).astimezone(dt.UTC)
        uow.db.add(Session(course_id=course.id, tutor_id=tutor.id, kind=SessionKind.CONSULTATION_RK2.value,
                                start_at=start, duration_min=60, platform="teams", transaction_id="map-test-1",
                                created_by_id=tutor.id))
    chat = Chat(bot, TUTOR)
    overview = (await chat.say("map")).card
    controls = (await press(chat, overview, "integration_map.edit", step="controls")).card
    assert input_values(controls)["consultation_rk2_date"] == "2026-12-09"
    assert input_values(controls)["consultation_rk1_date"] == "2026-10-22"
