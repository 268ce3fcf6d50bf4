"""Proctoring reports (CONTRACT §9): `POST /api/proctoring` with an API key, idempotent by session_id; the course's
tutor reviews those at or above 60 or with violations, once; a resend that changes the data reopens the review."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from storage import Database
from storage.outbox import OutboxMessage
from storage.proctoring import ProctoringReport
from tests.conftest import DEAN, STUDENT, TUTOR, RunningBot, make_settings, start_bot
from tests.support.cards import nodes
from tests.support.chat import Chat
from tests.support.connector import ConnectorStandIn
from tests.support.teams import BotClient
from tests.support.texts import ru
from tutoring.clock import ALMATY, FixedClock

KEY = "proctoring-test-key"
REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 12, 27, 12, 0, tzinfo=ALMATY)  # the day after MGT2101's exam


def report(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "session_id": "exam-0001", "student_email": STUDENT.email, "course": "MGT2101", "semester": "2026-fall",
        "exam": "exam", "started_at": "2026-12-26T10:00:00+05:00", "score": 75,
        "violations": [{"type": "phone", "at": "2026-12-26T10:40:00+05:00", "severity": "high"},
                       {"type": "avert_eyes", "at": "2026-12-26T10:05:00+05:00", "severity": "low"}],
        "video_url": "https://proctor.example.kz/archive/exam-0001",
    }
    return {**body, **changes}


@pytest.fixture
async def proctored(database_url: str, connector: ConnectorStandIn) -> AsyncIterator[RunningBot]:
    settings = make_settings(database_url, proctoring_api_key=KEY)
    database = Database(database_url)
    runner, url = await start_bot(settings, database, FixedClock(NOW))
    for user in (STUDENT, TUTOR, DEAN):
        connector.add_member(user.teams_id, name=user.name, email=user.email or "", aad_object_id=user.aad_object_id)
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, BotClient(url, session), connector, database, settings, runner.app)
    await runner.cleanup()


async def send(bot: RunningBot, body: object, key: str | None = KEY) -> tuple[int, dict[str, Any]]:
    headers = {"X-Api-Key": key} if key is not None else {}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with aiohttp.ClientSession() as session, session.post(
        f"{bot.url}/api/proctoring", data=data, headers={"Content-Type": "application/json", **headers}
    ) as response:
        return response.status, await response.json()


async def stored(bot: RunningBot) -> list[ProctoringReport]:
    async with bot.database.unit_of_work() as uow:
        return list((await uow.db.scalars(select(ProctoringReport))).unique().all())


async def review_cards(bot: RunningBot) -> list[OutboxMessage]:
    async with bot.database.unit_of_work() as uow:
        return list((await uow.db.scalars(select(OutboxMessage).where(
            OutboxMessage.key.like("proctoring:%")).order_by(OutboxMessage.id))).all())


async def test_without_a_key_configured_the_endpoint_does_not_exist(bot: RunningBot) -> None:
    status, _ = await send(bot, report())
    assert status == 404


async def test_a_wrong_or_missing_key_is_refused_and_nothing_stored(proctored: RunningBot) -> None:
    for key in (None, "", "wrong", KEY + "x"):
        status, _ = await send(proctored, report(), key)
        assert status == 401
    assert await stored(proctored) == []


@pytest.mark.parametrize(("body", "field"), [
    (b"{not json", "body"),
    ([1, 2], "body"),
    (report(score=150), "score"),
    (report(score="75"), "score"),
    (report(exam="final"), "exam"),
    (report(started_at="yesterday"), "started_at"),
    (report(violations=[{"type": "phone", "at": "soon"}]), "violations[0].at"),
    (report(video_url="javascript:alert(1)"), "video_url"),
    (report(course="NOPE101"), "course"),
    (report(student_email="ghost@demo.almau.edu.kz"), "student_email"),
])
async def test_a_malformed_report_is_400_naming_the_field(proctored: RunningBot, body: object, field: str) -> None:
    status, answer = await send(proctored, body)
    assert status == 400 and answer["error"].startswith(field)
    assert await stored(proctored) == []


async def test_the_tutor_reviews_once_and_a_changed_resend_reopens(proctored: RunningBot) -> None:
    status, _ = await send(proctored, report())
    assert status == 200
    [card_row] = await review_cards(proctored)
    card = json.loads(card_row.activity_json)["attachments"][0]["content"]
    shown = json.dumps(card, ensure_ascii=False)
    assert shown.index("avert_eyes") < shown.index("phone")  # violations in time order
    assert "https://proctor.example.kz/archive/exam-0001" in shown
    assert {n.get("id") for n in nodes(card)} >= {"verdict", "comment"}
    [submit] = [n["data"] for n in nodes(card) if n.get("type") == "Action.Submit"]

    tutor = Chat(proctored, TUTOR)
    listed = await tutor.say("reviews", expect=0)
    assert len(listed.cards) == 1
    no_comment = await tutor.submit({**submit, "verdict": "decline", "comment": ""}, expect=0)
    assert ru("proctoring.error.comment") in json.dumps(no_comment.cards, ensure_ascii=False)
    assert (await stored(proctored))[0].review_state == "pending"
    await tutor.submit({**submit, "verdict": "decline", "comment": "Телефон в кадре на 40-й минуте"}, expect=0)
    [row] = await stored(proctored)
    assert row.review_state == "declined" and row.comment == "Телефон в кадре на 40-й минуте"
    await tutor.submit({**submit, "verdict": "approve", "comment": ""}, expect=0)  # a second decision: nothing
    assert (await stored(proctored))[0].review_state == "declined"

    status, _ = await send(proctored, report(video_url="https://proctor.example.kz/archive/exam-0001?v=2"))
    assert status == 200 and (await stored(proctored))[0].review_state == "declined"  # same score, violations
    status, _ = await send(proctored, report(score=82))
    [row] = await stored(proctored)
    assert status == 200 and row.review_state == "pending" and row.version == 2 and row.comment is None
    assert len(await review_cards(proctored)) == 2
    assert ru("proctoring.none") not in (await tutor.say("reviews", expect=0)).text


async def test_a_clean_report_is_kept_without_a_review(proctored: RunningBot) -> None:
    status, _ = await send(proctored, report(session_id="rk1-0002", exam="rk1", score=12, violations=[]))
    assert status == 200
    [row] = await stored(proctored)
    assert row.review_state == "none"
    assert await review_cards(proctored) == []


async def run_import(bot: RunningBot, path: Path) -> tuple[int, str]:
    env = {**os.environ, "DATABASE_URL": bot.settings.database_url, "TUTORBOT_DEMO_ROSTER": "0"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "import-proctoring", str(path), cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode or 0, out.decode()


async def test_import_is_all_or_nothing_with_file_and_line(proctored: RunningBot, tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    good = json.dumps(report(session_id="a-1"))
    path.write_text("\n".join([good, json.dumps(report(session_id="a-2", score=-5)), "{oops"]) + "\n",
                    encoding="utf-8")
    code, out = await run_import(proctored, path)
    assert code == 1
    assert "reports.jsonl:2: score" in out and "reports.jsonl:3: not a JSON object" in out
    assert await stored(proctored) == []
    path.write_text(good + "\n" + json.dumps(report(session_id="a-2", score=30, violations=[])) + "\n",
                    encoding="utf-8")
    code, out = await run_import(proctored, path)
    assert code == 0, out
    async with proctored.database.unit_of_work() as uow:
        assert await uow.db.scalar(select(func.count()).select_from(ProctoringReport)) == 2
