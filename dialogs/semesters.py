"""Semesters in typed commands: `report 2026-fall` names a past one (CONTRACT §4)."""

from __future__ import annotations

from dialogs.router import Refusal, Turn


async def semester_named(turn: Turn, words: str | None = None) -> str | None:
    """`report <semester>`: the semester named after the command (or in `words`), None when none is; refused when
    unknown."""
    wanted = (turn.args if words is None else words).strip()
    if not wanted:
        return None
    known = await turn.uow.people.semesters()
    match = next((s for s in known if s.lower() == wanted.lower()), None)
    if match is None:
        raise Refusal("hours.unknown_semester", semester=wanted[:40], known=", ".join(known) or "—")
    return match
