"""The role-aware help card and the welcome card sent on install."""

from __future__ import annotations

from cards.base import Json, adaptive_card, command_button, paragraph, plain, title
from cards.i18n import text
from tutoring.locale import Lang
from tutoring.roles import COMMANDS_BY_ROLE, Command, Role


def _describe(lang: Lang, role: Role, command: Command) -> str:
    if command is Command.REPORT:
        return text(lang, {Role.TUTOR: "cmd.report.tutor", Role.UOO: "cmd.report.uoo"}.get(role, "cmd.report.dean"))
    if command is Command.QUESTIONS and role is Role.UOO:
        return text(lang, "cmd.questions.uoo")
    return text(lang, f"cmd.{command.value}")


def help_card(lang: Lang, name: str, role: Role) -> Json:
    commands = COMMANDS_BY_ROLE[role]
    facts = [{"title": c.value, "value": _describe(lang, role, c)} for c in commands]
    body: list[Json] = [
        title(text(lang, "help.title")),
        paragraph(text(lang, "help.greeting", name=plain(name), role=text(lang, f"role.{role.value}"))),
        {"type": "FactSet", "facts": facts},
        paragraph(text(lang, "help.hint"), subtle=True),
    ]
    # Buttons for the commands that need no channel; a phone user taps instead of typing.
    buttons = [
        command_button(c.value, c.value)
        for c in commands
        if c not in (Command.HELP, Command.SUBSCRIBE, Command.UNSUBSCRIBE)
    ][:5]
    return adaptive_card(body, buttons)


def welcome_card(lang: Lang) -> Json:
    return adaptive_card(
        [title(text(lang, "welcome.title")), paragraph(text(lang, "welcome.text")), paragraph(text(lang, "welcome.start"))],
        [command_button("help", "help")],
    )
