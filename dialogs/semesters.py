"""Semesters in typed commands: `report 2026-fall` names a past one (CONTRACT §4)."""

from __future__ import annotations

from cards.i18n import text
from dialogs.router import Reply, Turn


async def semester_named(turn: Turn) -> str | Reply | None:
    """`report <semester>`: the semester named after the command, None when none is, or why it is unknown."""
    wanted = turn.args.strip()
    if not wanted:
        return None
    known = await turn.uow.people.semesters()
    match = next((s for s in known if s.lower() == wanted.lower()), None)
    if match is None:
        return Reply(text=text(turn.lang, "hours.unknown_semester", semester=wanted[:40],
                               known=", ".join(known) or "—"))
    return match
