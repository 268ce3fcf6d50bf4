"""Between turns: who a Teams sender is and what is stored for their chat, kept while the database is unchanged.

Half of a `help` turn's CPU went to asking the database these two things again (issue 13). The answers are kept
here and used only while nothing at all has been committed since they were read, in this process or another (a
roster import from the command line, a second bot process): the database's own version says so, and any change
empties the cache.

- SQLite: `PRAGMA data_version` on a connection of this cache's own, which changes whenever any other connection
  commits; read without a trip to the database thread.
- PostgreSQL: the current snapshot (`pg_current_snapshot()`: the oldest running transaction, the next
  transaction id, and those in progress). The set of committed transactions is the same exactly when the snapshot
  is; one small statement instead of the two lookups.

An entry is kept only after its own unit of work has committed, so nothing rolled back is ever remembered.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationRef, Person

MAX_ENTRIES = 50_000  # people and chats; past that it starts again empty rather than grow without end
_SNAPSHOT = text("SELECT pg_current_snapshot()::text")
Version = int | str


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

    def __init__(self, dialect: str, sqlite_file: Path | None) -> None:
        self._postgresql = dialect == "postgresql"
        self._file = sqlite_file
        self._watch: sqlite3.Connection | None = None
        self._version: Version | None = None
        self._people: dict[str, Person] = {}
        self._refs: dict[str, RefState] = {}

    async def version(self, session: AsyncSession | None) -> Version | None:
        """The database's version now (None: no caching); a change since the last call empties the cache."""
        value = await session.scalar(_SNAPSHOT) if self._postgresql and session is not None else self._sqlite()
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


@dataclass
class Seen:
    """What one unit of work read that the next turns may reuse: published only after its commit."""

    people: dict[str, Person] = field(default_factory=lambda: {})
    refs: dict[str, RefState] = field(default_factory=lambda: {})

    @property
    def empty(self) -> bool:
        return not self.people and not self.refs
