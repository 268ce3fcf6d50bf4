"""Between turns the bot keeps who a sender is and what is stored for their chat (storage/read_cache.py) while
nothing is committed: a repeated `help` asks the database nothing on SQLite and only its snapshot on PostgreSQL, a
roster import from another process is seen on the very next message, and what a rolled-back turn read is never
kept."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import event, select

from bot.demo import DEMO_ROSTER
from storage.models import ConversationRef
from storage.read_cache import ReadCache, RefState, Seen
from tests.conftest import STUDENT, RunningBot
from tests.support import teams
from tests.support.chat import Chat
from tests.support.postgres import PostgresServer

REPO = Path(__file__).resolve().parents[2]


def _import_in_another_process(database_url: str, roster: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "import-roster", str(roster)], cwd=REPO,
                            env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr


def _names_in(card: dict[str, object]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_a_repeated_help_asks_the_database_nothing_but_its_version(bot: RunningBot) -> None:
    chat = Chat(bot, STUDENT, locale="en-US")
    for _ in range(2):  # the first contact writes the chat's reference; the next turn reads what is stored
        await chat.say("help")
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    checkouts: list[object] = []

    def checked_out(*args: object) -> None:
        checkouts.append(args)

    engine = bot.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    event.listen(engine.pool, "checkout", checked_out)
    try:
        replies = [await chat.say("help") for _ in range(3)]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        event.remove(engine.pool, "checkout", checked_out)
    # The version is read on a connection of the cache's own (SQLite's data_version, PostgreSQL's snapshot):
    # the turn takes no connection from the pool, so no ping, no BEGIN and no COMMIT either.
    assert statements == [] and checkouts == []
    for reply in replies:  # each still the student's own help card
        assert STUDENT.name in _names_in(reply.card)


async def test_a_roster_import_in_another_process_is_seen_on_the_next_message(
        bot: RunningBot, database_url: str, tmp_path: Path) -> None:
    chat = Chat(bot, STUDENT, locale="en-US")
    replies = [await chat.say("help") for _ in range(3)]  # the last two from what the first ones read
    assert STUDENT.name in _names_in(replies[-1].card)
    roster = tmp_path / "roster"
    shutil.copytree(DEMO_ROSTER, roster)
    people = roster / "people.csv"
    renamed = "Ерлан Жумабаев-Сейткали"
    people.write_text(people.read_text(encoding="utf-8").replace(STUDENT.name, renamed), encoding="utf-8")
    _import_in_another_process(database_url, roster)
    reply = await chat.say("help")
    assert renamed in _names_in(reply.card)


async def test_what_a_rolled_back_turn_read_is_never_kept(bot: RunningBot) -> None:
    conversation = teams.personal_conversation(STUDENT)["id"] + "-rolled-back"
    values = {"conversation_id": conversation, "conversation_type": "personal", "service_url": "https://x.test/",
              "reference_json": "{}", "person_id": None, "teams_user_id": STUDENT.teams_id, "tenant_id": None,
              "team_id": None}
    with pytest.raises(RuntimeError):
        async with bot.database.unit_of_work() as uow:
            await uow.conversations.remember_if_changed(**values)
            raise RuntimeError("the turn failed after storing the reference")
    async with bot.database.unit_of_work() as uow:
        assert await uow.cached_ref(conversation) is None
        await uow.conversations.remember_if_changed(**values)  # so it is written now
    async with bot.database.unit_of_work() as uow:
        stored = await uow.db.scalar(select(ConversationRef).where(ConversationRef.conversation_id == conversation))
        assert stored is not None


async def test_any_commit_by_another_connection_empties_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "watched.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE t (x INTEGER)")
    cache = ReadCache("sqlite", path)
    state = RefState("personal", "https://x.test/", "{}", None, None, 1, "29:a")
    version = await cache.version(None)
    cache.publish(version, Seen(refs={"chat": state}))
    assert cache.ref("chat", await cache.version(None)) == state
    with sqlite3.connect(path) as other:  # another process's import, say
        other.execute("INSERT INTO t VALUES (1)")
    assert cache.ref("chat", await cache.version(None)) is None
    stale = version  # a unit of work that began before that commit publishes nothing
    cache.publish(stale, Seen(refs={"chat": state}))
    assert cache.ref("chat", await cache.version(None)) is None
    cache.close()


async def test_no_cache_without_a_database_file(tmp_path: Path) -> None:
    assert await ReadCache("sqlite", None).version(None) is None
    missing = ReadCache("sqlite", tmp_path / "not-there.db")  # watching never creates the file
    assert await missing.version(None) is None
    assert not (tmp_path / "not-there.db").exists()


async def test_turns_asking_together_share_one_snapshot_and_none_misses_an_earlier_commit(
        postgres_server: PostgresServer | None) -> None:
    if postgres_server is None:
        pytest.skip("PostgreSQL binaries not installed here (CI installs them)")
    other = await asyncpg.connect(postgres_server.admin_dsn)
    await other.execute("CREATE TABLE IF NOT EXISTS read_cache_probe (x integer)")
    cache = ReadCache("postgresql", None, postgres_server.url("postgres"))
    try:
        together = await asyncio.gather(*(cache.version(None) for _ in range(32)))
        assert len(set(together)) == 1 and together[0] is not None
        assert 1 <= cache.version_reads <= 2, "32 turns asking at once share a read (two when one was on the wire)"
        for _ in range(3):  # a commit before asking is always seen, even by callers of a shared read
            before = cache.version_reads
            await other.execute("INSERT INTO read_cache_probe VALUES (1)")
            after_commit = await asyncio.gather(*(cache.version(None) for _ in range(8)))
            assert set(after_commit).isdisjoint(together)
            assert cache.version_reads > before
            together = after_commit
    finally:
        await cache.shutdown()
        await other.execute("DROP TABLE read_cache_probe")
        await other.close()
