"""`help`: what this person can do, by role and in their language."""

from __future__ import annotations

from cards.help import help_card
from dialogs.router import Reply, Router, Turn
from tutoring.roles import Command

router = Router("help")


@router.command(Command.HELP, "помощь", "справка", "меню", "көмек", "?")
async def show_help(turn: Turn) -> list[Reply]:
    return [Reply(card=help_card(turn.lang, turn.person.name, turn.role))]
