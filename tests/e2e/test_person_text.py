"""A person's text cannot be turned against its readers (issue 10, part 3), end to end on SQLite and PostgreSQL.

Control characters (a note or a map topic pasted from Word: Shift+Enter is a vertical tab) are cleaned where the
text comes in, so they never break an export; markdown a person typed is shown as typed in the cards others get
(no hidden links in a tutor's or a dean's card); a note that starts like a formula is text in the XLSX; the DOCX
carries the bot's author, title, language and time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from storage.hours import HoursEntry
from storage.questions import Answer, Question
from tests.conftest import DEAN, STUDENT_NO_AAD, TUTOR, RunningBot
from tests.e2e.test_integration_map import button, fill_whole_map, press, stored_map, wait_for_text
from tests.e2e.test_questions import answer_latest, ask_by_card, delivered, say
from tests.support.cards import body_inputs, facts, text_and_facts
from tests.support.chat import Chat
from tests.support.onedrive import UploadStandIn
from tutoring.clock import ALMATY, Clock, FixedClock
from tutoring.integration_map import content_from_json

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ALMATY)  # inside the demo semester
HIDDEN_LINK = "**Срочно** [ответ здесь](https://evil.example/steal)"
SHOWN_AS_TYPED = r"\*\*Срочно\*\* \[ответ здесь\](https://evil.example/steal)"


@pytest.fixture
def bot_clock() -> Clock:
    return FixedClock(NOW)


def rendered(card: dict[str, Any]) -> str:
    """Every TextBlock and fact of a card, as Teams renders them (markdown included)."""
    return text_and_facts(card)


def no_markdown_of(typed: str, card: dict[str, Any]) -> None:
    """Nothing in the card renders the person's markdown: the link and the emphasis are escaped."""
    shown = rendered(card)
    assert "[ответ здесь](" not in shown and "**Срочно**" not in shown, shown
    assert typed in shown, shown


async def test_question_and_answer_are_shown_as_typed_and_stored_clean(bot: RunningBot) -> None:
    await say(bot, TUTOR, "help")
    await ask_by_card(bot, STUDENT_NO_AAD, f"{HIDDEN_LINK}\x0bвторая строка\x00\x01")
    [to_tutor] = await delivered(bot, TUTOR, 1)
    no_markdown_of(f"{SHOWN_AS_TYPED}\nвторая строка", to_tutor.cards[0])
    async with bot.database.unit_of_work() as uow:
        [question] = (await uow.db.scalars(select(Question))).all()
        assert question.text == f"{HIDDEN_LINK}\nвторая строка"

    await answer_latest(bot, TUTOR, "1. Откройте LMS\n- раздел [РК1](https://evil.example)\x0c_готово_")
    [to_student] = await delivered(bot, STUDENT_NO_AAD, 1)
    shown = rendered(to_student.cards[0])
    assert "1\\. Откройте LMS\n\\- раздел \\[РК1\\](https://evil.example)\n\\_готово\\_" in shown
    no_markdown_of(SHOWN_AS_TYPED, to_student.cards[0])  # the question quoted back to the student
    async with bot.database.unit_of_work() as uow:
        [answer] = (await uow.db.scalars(select(Answer))).all()
        assert answer.text == "1. Откройте LMS\n- раздел [РК1](https://evil.example)\n_готово_"


NOTES = ['=HYPERLINK("https://evil.example","Подробнее")', "+7 701 000 00 00", "-1 час по ошибке", "@SUM(A1)",
         "вебинар\x0bвторая строка\x01"]


async def test_hours_notes_are_text_in_the_xlsx(bot: RunningBot, tmp_path: Path, onedrive: UploadStandIn) -> None:
    tutor = Chat(bot, TUTOR)
    for i, note in enumerate(NOTES):
        card = (await tutor.say("hours")).card
        data = dict(card["actions"][0]["data"]) | {k: v["value"] for k, v in body_inputs(card).items()
                                                   if "value" in v}
        said = await tutor.submit(data | {"category": "sessions", "hours": "0,5", "date": f"2026-11-{10 + i}",
                                          "note": note})
        assert "Учтено" in rendered(said.card), said.text
    async with bot.database.unit_of_work() as uow:
        stored = [e.note for e in (await uow.db.scalars(select(HoursEntry).order_by(HoursEntry.id))).all()]
    expected = [*NOTES[:4], "вебинар\nвторая строка"]
    assert stored == expected

    out = tmp_path / "hours.xlsx"
    env = {**os.environ, "DATABASE_URL": bot.settings.database_url, "TUTORBOT_DEMO_ROSTER": "0"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "export", "hours", "--school", "SOM", "-o", str(out), cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()

    # The same file through Teams (the dean's export): both are checked the same way.
    dean = Chat(bot, DEAN)
    said = await dean.say("export hours")
    [consent] = [a for s in said.activities for a in s.activity.get("attachments") or []
                 if a["contentType"] == "application/vnd.microsoft.teams.card.file.consent"]
    info = onedrive.info(consent["name"], file_type="xlsx", unique_id="1D2F-0003")
    await dean.file_consent(consent["content"]["acceptContext"], info)
    for data in (out.read_bytes(), onedrive.files[consent["name"]]):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any("<f>" in xml for xml in sheets)  # not one formula in the whole workbook
        journal = load_workbook(io.BytesIO(data)).worksheets[1]
        cells = [row[11] for row in journal.iter_rows(min_row=2)]
        assert [c.value for c in cells] == expected
        assert [c.data_type for c in cells] == ["s"] * 5
        assert [c.quotePrefix for c in cells] == [True, True, True, True, False]


async def test_the_dean_reads_the_map_as_typed_and_the_docx_is_the_bots(bot: RunningBot,
                                                                        onedrive: UploadStandIn) -> None:
    dean = Chat(bot, DEAN)
    await dean.say("help")
    tutor = Chat(bot, TUTOR)
    overview = await fill_whole_map(tutor)
    part1 = (await press(tutor, overview, "integration_map.edit", step="part1")).card
    await press(tutor, part1, "integration_map.save", {"discipline": HIDDEN_LINK,
                                                       "attestation": "экзамен\x0bс прокторингом\x02"},
                then="overview")
    weeks = (await press(tutor, overview, "integration_map.edit", step="weeks1")).card
    said = await press(tutor, weeks, "integration_map.save", {"w1_topic": "Введение\x0bв менеджмент\x00",
                                                              "w2_topic": "# Тема 2 [видео](https://evil.example)"},
                       then="overview")
    map_, _ = await stored_map(bot)
    assert map_ is not None
    draft = content_from_json(map_.draft_json)
    assert draft.course.discipline == HIDDEN_LINK and draft.course.attestation == "экзамен\nс прокторингом"
    assert draft.weeks[0].topic == "Введение\nв менеджмент"

    await press(tutor, said.card, "integration_map.submit", expect=2)
    delivered_review = await wait_for_text(bot, dean.conversation_id, "на согласование (версия 1)")
    review = delivered_review["attachments"][0]["content"]
    no_markdown_of(SHOWN_AS_TYPED, review)
    shown = rendered(review)
    assert "\\# Тема 2 \\[видео\\](https://evil.example)" in shown and "[видео](" not in shown

    # A return comment has a limit, and is shown as typed on the tutor's card.
    said = await press(dean, review, "integration_map.return", {"comment": "я" * 2001}, expect=1)
    assert "«Комментарий»: слишком длинный текст (не больше 2000 знаков)." in said.text
    assert (await stored_map(bot))[1][0].state == "submitted"
    await press(dean, review, "integration_map.return", {"comment": "См. [регламент](https://evil.example)"},
                expect=2)
    overview = (await tutor.say("map")).card
    assert facts(overview)["Комментарий (Гульнара Сапарова)"] == "См. \\[регламент\\](https://evil.example)"

    # The DOCX: pasted line breaks are line breaks, and the file says it is the bot's, of now, in Russian.
    said = await press(tutor, overview, "integration_map.docx")
    assert button(overview, "integration_map.docx")
    [consent] = [a for a in said.activities[-1].activity["attachments"]
                 if a["contentType"] == "application/vnd.microsoft.teams.card.file.consent"]
    info = onedrive.info(consent["name"], file_type="docx", unique_id="1D2F-0004")
    said = await tutor.file_consent(consent["content"]["acceptContext"], info)
    assert "OneDrive" in said.text
    document = Document(io.BytesIO(onedrive.files[consent["name"]]))
    part1_table, _, plan = document.tables
    assert part1_table.rows[0].cells[1].text == HIDDEN_LINK  # a document shows text, markdown means nothing there
    assert part1_table.rows[8].cells[1].text == "экзамен\nс прокторингом"
    assert plan.rows[1].cells[1].text == "Введение\nв менеджмент"
    properties = document.core_properties
    assert (properties.author, properties.last_modified_by) == ("Tutorbot", "Tutorbot")
    assert properties.title == "MGT2101 — Основы менеджмента" and properties.language == "ru-RU"
    assert properties.created == properties.modified == NOW.astimezone(dt.UTC)
    with zipfile.ZipFile(io.BytesIO(onedrive.files[consent["name"]])) as archive:
        assert '<w:lang w:val="ru-RU"' in archive.read("word/styles.xml").decode()
    assert json.dumps(review, ensure_ascii=False).count("\\u000b") == 0
