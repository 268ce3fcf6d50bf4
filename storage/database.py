"""The database façade: engine, migrations at start, and a unit of work per turn (one transaction)."""

from __future__ import annotations

import ast
import asyncio
import functools
import re
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cached_property
from pathlib import Path

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.appointments import AppointmentsRepository
from storage.conversations import ConversationRepository
from storage.deadlines import DeadlinesRepository
from storage.gradesheets import GradeSheetsRepository
from storage.hours import HoursRepository
from storage.integration_map import IntegrationMapRepository
from storage.models import Person
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.proctoring import ProctoringRepository
from storage.questions import QuestionsRepository
from storage.read_cache import ReadCache, RefState, Seen, Version
from storage.roster import RosterRepository
from storage.sessions import SessionsRepository
from storage.summary import SummaryRepository

MIGRATIONS = Path(__file__).parent / "migrations"
# Any constant works; it only has to be the same for every replica running migrations at start.
_MIGRATION_LOCK_KEY = 741_002


class UnitOfWork:
    """One transaction; repositories share it. Committed by `Database.unit_of_work` on a clean exit.

    Repositories are made when first used: a turn touches two or three of them, and building all twelve was a
    measurable part of a `help` turn (issue 13)."""

    def __init__(self, session: AsyncSession, cache: ReadCache | None = None) -> None:
        self.db = session  # the database session (`uow.sessions` are tutoring sessions)
        self._cache = cache
        self._cache_version: Version | None = None
        self._version_read = False
        self.seen = Seen()  # what later turns may reuse, once this unit of work has committed

    async def _version(self) -> Version | None:
        """The database's version, read once, before this unit of work's first lookup."""
        if not self._version_read and self._cache is not None:
            self._version_read = True
            self._cache_version = await self._cache.version(self.db)
        return self._cache_version

    async def cached_person(self, aad_object_id: str) -> Person | None:
        """The person a committed earlier turn found by this aadObjectId, if nothing was committed since; in this
        session (no SQL), so what the turn changes on it is written as usual."""
        cached = self._cache.person(aad_object_id, await self._version()) if self._cache is not None else None
        return await self.db.merge(cached, load=False) if cached is not None else None

    async def cached_ref(self, conversation_id: str) -> RefState | None:
        return self._cache.ref(conversation_id, await self._version()) if self._cache is not None else None

    def publish(self) -> None:
        """After the commit: what this unit of work read is there for the next turns (storage/read_cache.py)."""
        if self._cache is not None:
            self._cache.publish(self._cache_version, self.seen)

    @cached_property
    def people(self) -> PeopleRepository:
        return PeopleRepository(self.db)

    @cached_property
    def roster(self) -> RosterRepository:
        return RosterRepository(self.db)

    @cached_property
    def conversations(self) -> ConversationRepository:
        return ConversationRepository(self.db, self.cached_ref, self.seen)

    @cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.db)

    @cached_property
    def questions(self) -> QuestionsRepository:
        return QuestionsRepository(self.db)

    @cached_property
    def sessions(self) -> SessionsRepository:
        return SessionsRepository(self.db)

    @cached_property
    def hours(self) -> HoursRepository:
        return HoursRepository(self.db)

    @cached_property
    def summary(self) -> SummaryRepository:
        return SummaryRepository(self.db)

    @cached_property
    def maps(self) -> IntegrationMapRepository:
        return IntegrationMapRepository(self.db)

    @cached_property
    def appointments(self) -> AppointmentsRepository:
        return AppointmentsRepository(self.db)

    @cached_property
    def gradesheets(self) -> GradeSheetsRepository:
        return GradeSheetsRepository(self.db)

    @cached_property
    def proctoring(self) -> ProctoringRepository:
        return ProctoringRepository(self.db)

    @cached_property
    def deadlines(self) -> DeadlinesRepository:
        return DeadlinesRepository(self.db)


COMMAND_TIMEOUT_S = 60.0
POOL_SIZE = 32  # kept open once opened: as many as turns run at once at the load bench/turns.py measures
POOL_OVERFLOW = 32  # beyond that, opened for the moment and closed after
SQLITE_POOL_SIZE = 10  # (each SQLite connection is a thread of aiosqlite's)
SQLITE_POOL_OVERFLOW = 5  # at most 15 at once, as before issue 13: a write turn's p99 grew with 32


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite" and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # No statement may wait forever (a lock held by a stuck peer): it fails, the turn apologises, a sweep retries.
        connect_args = {"command_timeout": COMMAND_TIMEOUT_S} if self.dialect == "postgresql" else {}
        # PostgreSQL: a connection per concurrent turn, kept: with the default 5 (+10 overflow) 32 concurrent turns
        # opened and closed a connection (a login) for about every other turn (issue 13). SQLite: a read-only turn
        # needs none (storage/read_cache.py), and more writers at once only wait longer in SQLite's busy sleeps.
        sizes = (POOL_SIZE, POOL_OVERFLOW) if self.dialect == "postgresql" else (SQLITE_POOL_SIZE, SQLITE_POOL_OVERFLOW)
        pooled = {"pool_size": sizes[0], "max_overflow": sizes[1]} if parsed.database != ":memory:" else {}
        self.engine: AsyncEngine = create_async_engine(url, pool_pre_ping=self.dialect != "sqlite",
                                                       connect_args=connect_args, **pooled)
        # SQLite has one write lock for the file, and a writer that finds it taken sleeps in steps of up to 100 ms
        # (busy_timeout) while others keep taking it: at 32 concurrent turns some wait seconds. A turn whose writes
        # are all still pending at its end (most: a changed locale) writes them under this lock, first come first
        # served, and commits at once.
        self._sqlite_writes: asyncio.Lock | None = None
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "after_cursor_execute", _note_write)
            event.listen(self.engine.sync_engine, "commit", _end_of_writes)
            event.listen(self.engine.sync_engine, "rollback", _end_of_writes)
            self._sqlite_writes = asyncio.Lock()
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Graph can install the app for a person with no conversation (bot/reach.py): queue, do not refuse.
        self.reach_by_install = False
        # Who a sender is and what is stored for their chat, between turns (storage/read_cache.py).
        on_file = self.dialect == "sqlite" and parsed.database and parsed.database != ":memory:"
        self.cache = ReadCache(self.dialect, Path(parsed.database) if on_file and parsed.database else None,
                               url if self.dialect == "postgresql" else None)

    async def migrate(self) -> None:
        if await self.at_head():
            return  # the usual start: nothing to do, and Alembic (half a second of imports) is not loaded
        async with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            else:
                # SQLite rebuilds a table to change a constraint; with foreign keys on, dropping the old copy
                # would fail. pysqlite has not begun a transaction yet, so the pragma takes effect here.
                await conn.execute(text("PRAGMA foreign_keys=OFF"))
            await conn.run_sync(_upgrade_to_head)
            if self.dialect == "sqlite":
                broken = (await conn.execute(text("PRAGMA foreign_key_check"))).all()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} dangling reference(s): {broken[:5]}")
        if self.dialect == "sqlite":
            await self.engine.dispose()  # new connections get foreign_keys=ON from _sqlite_pragmas again

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        async with self._sessions() as session, session.begin():
            uow = UnitOfWork(session, self.cache)
            uow.outbox.reach_by_install = self.reach_by_install
            yield uow
            if self._sqlite_writes is not None and (session.new or session.dirty or session.deleted):
                connection = (await session.connection()).sync_connection
                if connection is not None and not connection.info.get(_WROTE):
                    # Nothing written yet, so no SQLite lock held: queue here, not in SQLite's sleeps.
                    async with self._sqlite_writes:
                        await session.commit()
        uow.publish()  # committed: only what is on disk is remembered

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[None]:
        """One process at a time across every process on this database (a PostgreSQL advisory lock)."""
        if self.dialect != "postgresql":
            yield  # SQLite serves one process
            return
        key = zlib.crc32(name.encode())
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            await conn.commit()
            try:
                yield
            finally:
                await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                await conn.commit()

    async def at_head(self) -> bool:
        """The database answers and carries every migration head this code knows (ready to serve)."""
        try:
            async with self.engine.connect() as conn:
                applied = set((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
        except Exception:
            return False
        return applied == migration_heads()

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def close(self) -> None:
        await self.cache.shutdown()
        await self.engine.dispose()


_WROTE = "tutorbot_wrote"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _note_write(conn: Connection, _cursor: object, statement: str, *_args: object) -> None:
    if statement.lstrip()[:7].upper().startswith(_WRITES):
        conn.info[_WROTE] = True


def _end_of_writes(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


@functools.cache
def migration_heads() -> frozenset[str]:
    """The revisions no other revision builds on, read from the files' `revision` / `down_revision` lines as
    Alembic writes them (tests/unit/test_migration_heads.py checks that Alembic finds the same): importing Alembic
    to learn this took a third of the start."""
    revisions: set[str] = set()
    below: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(str(ast.literal_eval(found["revision"])))
        down = ast.literal_eval(found.get("down_revision", "None"))
        below.update((down,) if isinstance(down, str) else tuple(down or ()))
    return frozenset(revisions - below)


def _upgrade_to_head(connection: Connection) -> None:
    from alembic import command  # only when there is something to upgrade
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "heads")  # one branch per feature, all applied


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL lets the CLI import while the bot serves; busy_timeout makes writers wait instead of failing.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


