"""Syllabus deadlines (Regulation 7.3, CONTRACT §9), pure: the `assignments.csv` of the roster folder and the LMS's
submissions export, row by row with `file:line: message`; a student's status on an assignment; who is due a
reminder and who is behind. No I/O: the repository and the dialogs bring the rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from tutoring.clock import ALMATY
from tutoring.roster import RosterProblem, Where, normalize_email
from tutoring.text import clean_line

ASSIGNMENTS_FILE = "assignments.csv"
ASSIGNMENT_COLUMNS = ("course", "semester", "key", "title", "due")
SUBMISSION_COLUMNS = ("course", "semester", "key", "student_email", "submitted_at")
LIMITS = {"course": 64, "semester": 32, "key": 64, "title": 300, "student_email": 320}
REMIND_BEFORE = dt.timedelta(hours=48)  # CONTRACT §9: one reminder 48 hours before a deadline
TUTOR_HORIZON = dt.timedelta(days=7)  # the tutor sees work overdue or due within 7 days
MAX_WEEK = 53
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LOCAL = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}))?$")
END_OF_DAY = dt.time(23, 59)


class Status(StrEnum):
    SUBMITTED = "submitted"
    LATE = "late"  # submitted after the deadline
    UPCOMING = "upcoming"
    OVERDUE = "overdue"  # the deadline passed, the cut-off (if any) has not: it can still be handed in
    MISSED = "missed"  # past the cut-off, or past the deadline when there is none


@dataclass(frozen=True)
class AssignmentRow:
    where: Where
    course: str
    semester: str
    key: str
    title: str
    due: dt.datetime  # aware UTC
    cutoff: dt.datetime | None
    week: int | None


@dataclass(frozen=True)
class SubmissionRow:
    where: Where
    course: str
    semester: str
    key: str
    student_email: str
    submitted_at: dt.datetime


def local_moment(value: str) -> dt.datetime | None:
    """`YYYY-MM-DD HH:MM` local time, or a date meaning 23:59 that day; aware UTC, None if neither."""
    match = _LOCAL.match(value.strip())
    if match is None:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1))
        at = dt.time(int(match.group(2)), int(match.group(3))) if match.group(2) else END_OF_DAY
    except ValueError:
        return None
    return dt.datetime.combine(day, at, ALMATY).astimezone(dt.UTC)


def submitted_moment(value: str) -> dt.datetime | None:
    """An export's `submitted_at`: local `YYYY-MM-DD HH:MM`, or ISO 8601 (without an offset: local time)."""
    local = local_moment(value) if " " in value.strip() else None
    if local is not None:
        return local
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if "T" not in value and " " not in value.strip():
        return None  # a bare date says nothing about when it was handed in
    return (moment if moment.tzinfo else moment.replace(tzinfo=ALMATY)).astimezone(dt.UTC)


def read_rows(name: str, text: str, required: tuple[str, ...],
              problems: list[RosterProblem]) -> Iterator[tuple[Where, dict[str, str]]]:
    """The data rows of a CSV with a header, as column → cell; a missing column is a problem of line 1."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    nothing: list[str] = []
    try:
        header = [clean_line(h).strip().lower() for h in next(reader, nothing)]
    except csv.Error as error:
        problems.append(RosterProblem(Where(name, 1), f"not readable as CSV ({error})"))
        return
    if not header:
        problems.append(RosterProblem(Where(name, 1), "the file is empty: a header row is required"))
        return
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(RosterProblem(Where(name, 1), f"missing column(s): {', '.join(missing)}"))
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(RosterProblem(Where(name, reader.line_num), f"not readable as CSV ({error})"))
            continue
        cells = [clean_line(cell).strip() for cell in row]
        if any(cells):
            yield Where(name, reader.line_num), {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(header)}


def _common(values: dict[str, str], columns: tuple[str, ...], found: list[str]) -> None:
    found += [f"{c} is empty" for c in columns if c in LIMITS and not values.get(c)]
    found += [f"{c} is longer than {n} characters" for c, n in LIMITS.items() if len(values.get(c, "")) > n]


def parse_assignments(text: str, name: str = ASSIGNMENTS_FILE) -> tuple[list[AssignmentRow], list[RosterProblem]]:
    rows: list[AssignmentRow] = []
    problems: list[RosterProblem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for where, v in read_rows(name, text, ASSIGNMENT_COLUMNS, problems):
        found: list[str] = []
        _common(v, ASSIGNMENT_COLUMNS, found)
        due = local_moment(v["due"])
        if due is None:
            found.append(f"due {v['due']!r} is not a date-time YYYY-MM-DD HH:MM or a date YYYY-MM-DD")
        cutoff = local_moment(v["cutoff"]) if v.get("cutoff") else None
        if v.get("cutoff") and cutoff is None:
            found.append(f"cutoff {v['cutoff']!r} is not a date-time YYYY-MM-DD HH:MM or a date YYYY-MM-DD")
        elif due is not None and cutoff is not None and cutoff < due:
            found.append("cutoff is before due")
        week = _week(v.get("week", ""), found)
        key = (v["course"].lower(), v["semester"], v["key"])
        if not found and key in seen:
            found.append(f"duplicate of line {seen[key]}")
        seen.setdefault(key, where.line)
        if found or due is None:
            problems += [RosterProblem(where, m) for m in found]
            continue
        rows.append(AssignmentRow(where, v["course"], v["semester"], v["key"], v["title"], due, cutoff, week))
    return rows, problems


def _week(value: str, found: list[str]) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_WEEK:
        found.append(f"week {value!r} is not a number from 1 to {MAX_WEEK}")
        return None
    return int(value)


def parse_submissions(text: str, name: str) -> tuple[list[SubmissionRow], list[RosterProblem]]:
    rows: list[SubmissionRow] = []
    problems: list[RosterProblem] = []
    for where, v in read_rows(name, text, SUBMISSION_COLUMNS, problems):
        found: list[str] = []
        _common(v, SUBMISSION_COLUMNS, found)
        email = normalize_email(v["student_email"])
        if email and not _EMAIL.match(email):
            found.append(f"student_email {email!r} is not an e-mail address")
        at = submitted_moment(v["submitted_at"])
        if at is None:
            found.append(f"submitted_at {v['submitted_at']!r} is not YYYY-MM-DD HH:MM nor ISO 8601 with a time")
        if found or at is None:
            problems += [RosterProblem(where, m) for m in found]
            continue
        rows.append(SubmissionRow(where, v["course"], v["semester"], v["key"], email, at))
    return rows, problems


# --- a student's standing on one assignment ------------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    """What a student has of one assignment: its deadline (theirs, where the LMS granted an extension)."""

    due: dt.datetime
    cutoff: dt.datetime | None
    submitted_at: dt.datetime | None

    def status(self, now: dt.datetime) -> Status:
        if self.submitted_at is not None:
            return Status.LATE if self.submitted_at > self.due else Status.SUBMITTED
        if now <= self.due:
            return Status.UPCOMING
        if self.cutoff is not None and now <= self.cutoff:
            return Status.OVERDUE
        return Status.MISSED

    def needs_reminder(self, now: dt.datetime, reminders_since: dt.datetime | None) -> bool:
        """Not handed in, the deadline within 48 h; `reminders_since`: when the student turned them back on (a
        window that opened before that is not caught up)."""
        opens = self.due - REMIND_BEFORE
        if self.submitted_at is not None or not opens <= now < self.due:
            return False
        return reminders_since is None or opens >= reminders_since

    def behind(self, now: dt.datetime) -> bool:
        """Not handed in and the deadline has passed: what the dean and the tutor's report count."""
        return self.submitted_at is None and now > self.due

    def for_tutor(self, now: dt.datetime) -> bool:
        """Not handed in, and overdue or due within 7 days: what the tutor's `deadlines` lists."""
        return self.submitted_at is None and self.due <= now + TUTOR_HORIZON


def own_due(due: dt.datetime, extension: dt.datetime | None) -> dt.datetime:
    """A student's deadline: the LMS's extension for them, when it granted one, else the assignment's."""
    return extension if extension is not None else due
