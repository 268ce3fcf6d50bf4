"""Between turns: who a Teams sender is and what is stored for their chat, kept while the database is unchanged.

Half of a `help` turn's CPU went to asking the database these two things again (issue 13). The answers are kept
here and used only while nothing at all has been committed since they were read, in this process or another (a
roster import from the command line, a second bot process): the database's own version says so, and any change
empties the cache.

- SQLite: `PRAGMA data_version` on a connection of this cache's own, which changes whenever any other connection
  commits; read without a trip to the database thread.
- PostgreSQL: the current snapshot (`pg_current_snapshot()`: the oldest running transaction, the next
  transaction id, and those in progress). The set of committed transactions is the same exactly when the snapshot
  is; one small statement instead of the two lookups, on a connection of this cache's own, outside any transaction:
  a turn that finds what it needs here takes no connection from the pool at all (no ping, no BEGIN, no COMMIT).

An entry is kept only after its own unit of work has committed, so nothing rolled back is ever remembered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationRef, Person

MAX_ENTRIES = 50_000  # people and chats; past that it starts again empty rather than grow without end
_SNAPSHOT = "SELECT pg_current_snapshot()::text"
_RECONNECT_AFTER_S = 5.0  # a refused connection is not tried again by every turn: they go uncached meanwhile
Version = int | str
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefState:
    """What `ConversationRepository.remember` compares with what a turn brings: equal means nothing to write."""

    conversation_type: str
    service_url: str
    reference_json: str
    tenant_id: str | None
    team_id: str | None
    person_id: int | None
    teams_user_id: str | None

    @classmethod
    def of(cls, ref: ConversationRef) -> RefState:
        return cls(ref.conversation_type, ref.service_url, ref.reference_json, ref.tenant_id, ref.team_id,
                   ref.person_id, ref.teams_user_id)


class ReadCache:
    """One per `Database`. `version()` before a unit of work's first lookup; `publish` after its commit."""

    def __init__(self, dialect: str, sqlite_file: Path | None, postgresql_url: str | None = None) -> None:
        self._file = sqlite_file
        self._watch: sqlite3.Connection | None = None
        self._snapshots = _Snapshots(postgresql_url) if dialect == "postgresql" and postgresql_url else None
        self._version: Version | None = None
        self._people: dict[str, Person] = {}
        self._refs: dict[str, RefState] = {}

    async def version(self, session: AsyncSession | None) -> Version | None:
        """The database's version now (None: no caching); a change since the last call empties the cache."""
        del session  # the version is read on the cache's own connection, never inside the turn's transaction
        value = await self._snapshots.read() if self._snapshots is not None else self._sqlite()
        if value is not None and value != self._version:
            self._people.clear()
            self._refs.clear()
            self._version = value
        return value

    def _sqlite(self) -> int | None:
        if self._file is None:
            return None
        try:
            if self._watch is None:
                # Read-only and never creating the file: it only watches the one the engine uses.
                self._watch = sqlite3.connect(f"file:{self._file}?mode=ro", uri=True, check_same_thread=False)
            row = self._watch.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            self.close()
            return None
        return int(row[0])

    @property
    def version_reads(self) -> int:
        """Statements that read PostgreSQL's snapshot so far (turns that asked together share one)."""
        return self._snapshots.statements if self._snapshots is not None else 0

    def person(self, aad_object_id: str, version: Version | None) -> Person | None:
        return self._people.get(aad_object_id) if version is not None and version == self._version else None

    def ref(self, conversation_id: str, version: Version | None) -> RefState | None:
        return self._refs.get(conversation_id) if version is not None and version == self._version else None

    def publish(self, version: Version | None, seen: Seen) -> None:
        """What a committed unit of work read, if nothing was committed since it began (else it may be stale)."""
        if version is None or version != self._version or seen.empty:
            return
        if len(self._people) + len(self._refs) > MAX_ENTRIES:
            self._people.clear()
            self._refs.clear()
        self._people.update(seen.people)
        self._refs.update(seen.refs)

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self._version = None

    async def shutdown(self) -> None:
        self.close()
        if self._snapshots is not None:
            await self._snapshots.close()


class _Snapshots:
    """PostgreSQL's current snapshot, read on one connection of its own in autocommit: one round trip.

    Turns that ask at the same time share one read, and every read is a statement begun after each of its callers
    asked: whoever asks while a read is on the wire waits for the next one, which starts as soon as that one ends.
    At 32 busy chats this is a few turns per statement, not one statement per turn."""

    def __init__(self, url: str) -> None:
        self._dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection: asyncpg.Connection | None = None
        self._next: asyncio.Future[str | None] | None = None  # the read not yet begun, that new callers join
        self._reader: asyncio.Task[None] | None = None
        self._retry_at = 0.0
        self.statements = 0  # snapshots read: how many turns share one is `turns / statements`

    async def read(self) -> str | None:
        """The snapshot as text, or None (no caching for this turn) while the database cannot be asked."""
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        waiting = self._next
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_while_asked())
        # shield: a caller given up (a cancelled turn) must not cancel the read the others wait for
        return await asyncio.shield(waiting)

    async def _read_while_asked(self) -> None:
        while self._next is not None:
            waiting, self._next = self._next, None  # from here on, new callers wait for the next read
            value: str | None = None
            try:
                value = await self._fetch()
            finally:  # even when cancelled at shutdown: nobody is left waiting
                if not waiting.done():
                    waiting.set_result(value)

    async def _fetch(self) -> str | None:
        try:
            connection = self._connection
            if connection is None or connection.is_closed():
                if time.monotonic() < self._retry_at:
                    return None
                connection = self._connection = await asyncpg.connect(self._dsn, timeout=5, command_timeout=5)
            self.statements += 1
            value = await connection.fetchval(_SNAPSHOT)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.info("read cache: no database version (%s); turns read the database meanwhile", error)
            self._drop()
            self._retry_at = time.monotonic() + _RECONNECT_AFTER_S
            return None
        return str(value)

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.terminate()
            self._connection = None

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        if self._next is not None and not self._next.done():
            self._next.set_result(None)
        self._next = None
        if self._connection is not None:
            await self._connection.close(timeout=5)
            self._connection = None


@dataclass
class Seen:
    """What one unit of work read that the next turns may reuse: published only after its commit."""

    people: dict[str, Person] = field(default_factory=lambda: {})
    refs: dict[str, RefState] = field(default_factory=lambda: {})

    @property
    def empty(self) -> bool:
        return not self.people and not self.refs
