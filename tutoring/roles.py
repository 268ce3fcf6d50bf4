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
    EXPORT = "export"  # `export hours`: the XLSX of the hours ledger (dean, admin)
    APPOINT = "appoint"  # propose a tutor for an offering (8.2); the dean agrees, the council decides (8.3)


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
    Role.DEAN: (
        Command.REPORT,
        Command.SUBSCRIBE,
        Command.UNSUBSCRIBE,
        Command.SESSIONS,
        Command.EXPORT,
        Command.MAP,  # deans and admins review (approve / return) the integration maps
        Command.APPOINT,
        Command.HELP,
    ),
    Role.ADMIN: (Command.REPORT, Command.SESSIONS, Command.EXPORT, Command.MAP, Command.APPOINT, Command.HELP),
}

# Appendix 1, "Согласовано: Программ лидер школы, Директор УОО". The roster has no program leader: the dean of
# the course's school stands for the school, an admin for the Online Education Office (УОО). Either approves.
MAP_REVIEWERS: frozenset[Role] = frozenset({Role.DEAN, Role.ADMIN})


def may(role: Role, command: Command) -> bool:
    return command in COMMANDS_BY_ROLE[role]


def parse_role(text: str) -> Role | None:
    try:
        return Role(text.strip().lower())
    except ValueError:
        return None
