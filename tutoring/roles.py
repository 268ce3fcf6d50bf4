"""Who may do what (CONTRACT §5, §6). The one place that decides it."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STUDENT = "student"
    TUTOR = "tutor"
    DEAN = "dean"
    ADMIN = "admin"
    UOO = "uoo"  # the Office of Online Education (6.2): every school's figures, read-only


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
    REVIEWS = "reviews"  # proctoring reports waiting for the tutor's decision (7.3)
    GRADESHEETS = "gradesheets"  # AIS grade sheets after each control point (7.4)
    DEADLINES = "deadlines"  # syllabus deadlines: a student's own, a tutor's students behind (7.3, §9)
    SUPPORT = "support"  # a tutor's question to the Office of Online Education (6.2)
    TRAINING = "training"  # the УОО schedules a training for tutors (6.2)
    APPOINT = "appoint"  # propose a tutor for an offering (8.2); the dean agrees, the council decides (8.3)
    # Card-only (no typed word: a value with a space is never a command word). A card action belongs to one
    # command; these exist where the typed command's roles are wider than who may press the card's button.
    MAP_EDIT = "map edit"  # fill and submit a course's integration map (`map` is also the reviewers')
    MAP_REVIEW = "map review"  # open a course's map as a reviewer (`map` is also the tutors')
    MAP_SIGN = "map sign"  # approve or return a submitted map: the school's dean, then the УОО (Appendix 1)
    APPOINT_DECIDE = "appoint decide"  # agree a tutor candidate (8.2): the dean only, though admins propose
    DEADLINES_REMIND = "deadlines remind"  # the tutor's Remind / Remind all (`deadlines` is also the students')


# Order matters: it is the order the help card lists them in.
COMMANDS_BY_ROLE: dict[Role, tuple[Command, ...]] = {
    Role.STUDENT: (Command.ASK, Command.SESSIONS, Command.DEADLINES, Command.HELP),
    Role.TUTOR: (
        Command.QUESTIONS,
        Command.SCHEDULE,
        Command.SESSIONS,
        Command.HOURS,
        Command.REPORT,
        Command.MAP,
        Command.REVIEWS,
        Command.GRADESHEETS,
        Command.DEADLINES,
        Command.SUPPORT,
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
    Role.UOO: (Command.QUESTIONS, Command.TRAINING, Command.REPORT, Command.SESSIONS, Command.EXPORT, Command.MAP,
               Command.HELP),
}

# The card-only commands; not on the help card. A role not named here has none.
CARD_COMMANDS_BY_ROLE: dict[Role, tuple[Command, ...]] = {
    Role.TUTOR: (Command.MAP_EDIT, Command.DEADLINES_REMIND),
    # Appendix 1, "Согласовано: Программ лидер школы, Директор УОО": two signatures, in that order. The roster has
    # no program leader: the dean of the course's school signs for the school, then a uoo person for the УОО.
    # An admin reads every map but signs none.
    Role.DEAN: (Command.MAP_REVIEW, Command.MAP_SIGN, Command.APPOINT_DECIDE),
    Role.ADMIN: (Command.MAP_REVIEW,),
    Role.UOO: (Command.MAP_REVIEW, Command.MAP_SIGN),
}


def may(role: Role, command: Command) -> bool:
    """The role rule, for typed commands and for card actions (each action belongs to one command)."""
    return command in COMMANDS_BY_ROLE[role] or command in CARD_COMMANDS_BY_ROLE.get(role, ())


MAP_REVIEWERS: frozenset[Role] = frozenset(role for role in Role if may(role, Command.MAP_REVIEW))
MAP_SIGNERS: frozenset[Role] = frozenset(role for role in Role if may(role, Command.MAP_SIGN))


def parse_role(text: str) -> Role | None:
    try:
        return Role(text.strip().lower())
    except ValueError:
        return None
