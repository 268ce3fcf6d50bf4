"""Who may do what (CONTRACT §5, §6). The one place that decides it."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STUDENT = "student"
    TUTOR = "tutor"
    DEAN = "dean"
    ADMIN = "admin"


class Command(StrEnum):
    HELP = "help"
    ASK = "ask"
    QUESTIONS = "questions"
    SCHEDULE = "schedule"
    SESSIONS = "sessions"
    HOURS = "hours"
    REPORT = "report"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    MAP = "map"


# Order matters: it is the order the help card lists them in.
COMMANDS_BY_ROLE: dict[Role, tuple[Command, ...]] = {
    Role.STUDENT: (Command.ASK, Command.SESSIONS, Command.HELP),
    Role.TUTOR: (
        Command.QUESTIONS,
        Command.SCHEDULE,
        Command.SESSIONS,
        Command.HOURS,
        Command.REPORT,
        Command.MAP,
        Command.HELP,
    ),
    Role.DEAN: (Command.REPORT, Command.SUBSCRIBE, Command.UNSUBSCRIBE, Command.SESSIONS, Command.HELP),
    Role.ADMIN: (Command.REPORT, Command.SESSIONS, Command.HELP),
}


def may(role: Role, command: Command) -> bool:
    return command in COMMANDS_BY_ROLE[role]


def parse_role(text: str) -> Role | None:
    try:
        return Role(text.strip().lower())
    except ValueError:
        return None
