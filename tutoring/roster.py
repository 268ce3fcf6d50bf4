"""Roster files of the AIS export (CONTRACT §4): parsing and row-level validation, pure.

References between files (a course's school, an enrollment's student) are checked by the
repository against the files and the database together; rows carry their file and line for that.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tutoring.roles import Role, parse_role
from tutoring.text import clean_line

ROSTER_FILES = ("schools.csv", "people.csv", "courses.csv", "enrollments.csv", "tutors.csv")
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "schools.csv": ("code", "name", "dean_email"),
    "people.csv": ("email", "name", "role", "school"),
    "courses.csv": (
        "code", "name", "school", "semester", "language", "start_date", "rk1_date", "rk2_date", "exam_date",
    ),
    "enrollments.csv": ("course", "student_email"),
    "tutors.csv": ("course", "tutor_email"),
}
# The longest value each kept column takes: its database column's length (storage/models.py).
COLUMN_LIMITS: dict[str, int] = {
    "code": 64, "name": 300, "dean_email": 320, "email": 320, "school": 64, "aad_object_id": 64,
    "semester": 32, "language": 8, "mooc_url": 2000, "course": 64, "student_email": 320, "tutor_email": 320,
    "approved_by": 300, "council_decision": 300,
}
COURSE_LANGUAGES = ("ru", "kk", "en")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Where:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class RosterProblem:
    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class SchoolRow:
    where: Where
    code: str
    name: str
    dean_email: str


@dataclass(frozen=True)
class PersonRow:
    where: Where
    email: str
    name: str
    role: Role
    school: str
    aad_object_id: str | None


@dataclass(frozen=True)
class CourseRow:
    where: Where
    code: str
    name: str
    school: str
    semester: str
    language: str
    start_date: dt.date
    rk1_date: dt.date
    rk2_date: dt.date
    exam_date: dt.date
    mooc_url: str | None
    moodle_course_id: int | None = None  # optional column: the course's id in Moodle (CONTRACT §9)


@dataclass(frozen=True)
class EnrollmentRow:
    where: Where
    course: str
    student_email: str
    semester: str | None = None  # required when courses.csv names the code in more than one semester


@dataclass(frozen=True)
class TutorRow:
    where: Where
    course: str
    tutor_email: str
    approved_by: str | None
    council_decision: str | None
    semester: str | None = None


@dataclass
class Roster:
    schools: list[SchoolRow] = field(default_factory=lambda: [])
    people: list[PersonRow] = field(default_factory=lambda: [])
    courses: list[CourseRow] = field(default_factory=lambda: [])
    enrollments: list[EnrollmentRow] = field(default_factory=lambda: [])
    tutors: list[TutorRow] = field(default_factory=lambda: [])
    # Keys named by rows that had problems of their own: a reference to them is not reported a second time.
    flawed: set[str] = field(default_factory=lambda: set())
    files: frozenset[str] = frozenset()  # which roster files this import has (a missing file changes nothing)

    def semesters_of(self, code: str) -> list[str]:
        """The semesters courses.csv names for a course code (several: each is its own offering)."""
        return sorted({c.semester for c in self.courses if c.code.lower() == code.lower()})

    @property
    def semesters(self) -> frozenset[str]:
        """The semesters this import is the AIS snapshot of (CONTRACT §4)."""
        return frozenset(c.semester for c in self.courses)


def normalize_email(text: str) -> str:
    return text.strip().lower()


def parse_roster(files: dict[str, str]) -> tuple[Roster, list[RosterProblem]]:
    """`files` maps a roster file name to its text. Missing files are simply not imported."""
    roster = Roster(files=frozenset(n for n in ROSTER_FILES if n in files))
    problems: list[RosterProblem] = []
    for name in ROSTER_FILES:
        if name in files:
            _parse_file(name, files[name], roster, problems)
    return roster, problems


def _rows(name: str, reader: Any, problems: list[RosterProblem]) -> Iterator[tuple[Where, list[str]]]:
    """The reader's rows with where they are; a row the csv module refuses (a field over its size limit) is a
    problem of its line, and reading goes on with the next one."""
    while True:
        try:
            row: list[str] = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(RosterProblem(Where(name, reader.line_num), _csv_message(error)))
            continue
        # The reader's line_num counts physical lines, which is what an editor shows even with quoted newlines.
        yield Where(name, reader.line_num), [clean_line(cell).strip() for cell in row]


def _csv_message(error: csv.Error) -> str:
    if "field limit" in str(error):
        return f"a field is longer than {csv.field_size_limit()} characters"
    return f"not readable as CSV ({error})"


def _parse_file(name: str, text: str, roster: Roster, problems: list[RosterProblem]) -> None:
    text = text.removeprefix("\ufeff")  # Excel writes a BOM into UTF-8 CSV
    rows = _rows(name, csv.reader(io.StringIO(text, newline="")), problems)
    first = next(rows, None)
    if first is None or first[0].line != 1:
        if not problems:
            problems.append(RosterProblem(Where(name, 1), "the file is empty: a header row is required"))
        return
    header = [h.lower() for h in first[1]]
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in header]
    if missing:
        problems.append(RosterProblem(Where(name, 1), f"missing column(s): {', '.join(missing)}"))
        return
    seen: dict[str, int] = {}
    for where, row in rows:
        if not any(row):
            continue
        values = {col: (row[i] if i < len(row) else "") for i, col in enumerate(header)}
        row_problems = _too_long(values)
        parsed = _PARSERS[name](where, values, row_problems)
        if parsed is not None and not row_problems:
            key = _key(parsed)
            if key in seen:
                row_problems.append(f"duplicate of line {seen[key]}")
            else:
                seen[key] = where.line
        if row_problems or parsed is None:
            problems.extend(RosterProblem(where, m) for m in row_problems)
            roster.flawed.update(_named(name, values))
            continue
        _append(roster, parsed)


RosterRow = SchoolRow | PersonRow | CourseRow | EnrollmentRow | TutorRow


def _named(name: str, values: dict[str, str]) -> set[str]:
    """What a flawed row would have defined: `school:CODE`, `person:EMAIL`, `course:CODE`."""
    match name:
        case "schools.csv":
            return {f"school:{values.get('code', '').lower()}"}
        case "people.csv":
            return {f"person:{normalize_email(values.get('email', ''))}"}
        case "courses.csv":
            return {f"course:{values.get('code', '').lower()}"}
        case _:
            return set()


def _key(row: RosterRow) -> str:
    match row:
        case SchoolRow():
            return row.code.lower()
        case PersonRow():
            return row.email
        case CourseRow():
            return f"{row.code.lower()}|{row.semester}"
        case EnrollmentRow():
            return f"{row.course.lower()}|{row.semester or ''}|{row.student_email}"
        case TutorRow():
            return f"{row.course.lower()}|{row.semester or ''}|{row.tutor_email}"


def _append(roster: Roster, row: RosterRow) -> None:
    match row:
        case SchoolRow():
            roster.schools.append(row)
        case PersonRow():
            roster.people.append(row)
        case CourseRow():
            roster.courses.append(row)
        case EnrollmentRow():
            roster.enrollments.append(row)
        case TutorRow():
            roster.tutors.append(row)


def _too_long(values: dict[str, str]) -> list[str]:
    """Each value longer than its database column; a column the bot does not keep (an extra one) has no limit."""
    return [f"{column} is longer than {COLUMN_LIMITS[column]} characters"
            for column, value in values.items() if column in COLUMN_LIMITS and len(value) > COLUMN_LIMITS[column]]


def _required(values: dict[str, str], column: str, problems: list[str]) -> str:
    value = values.get(column, "")
    if not value:
        problems.append(f"{column} is empty")
    return value


def _email(values: dict[str, str], column: str, problems: list[str]) -> str:
    value = normalize_email(values.get(column, ""))
    if not value:
        problems.append(f"{column} is empty")
    elif not _EMAIL.match(value):
        problems.append(f"{column} {value!r} is not an e-mail address")
    return value


def _date(values: dict[str, str], column: str, problems: list[str]) -> dt.date | None:
    value = values.get(column, "")
    if not value:
        problems.append(f"{column} is empty")
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{column} {value!r} is not a date YYYY-MM-DD")
        return None


def _school(where: Where, v: dict[str, str], p: list[str]) -> SchoolRow:
    return SchoolRow(where, _required(v, "code", p), _required(v, "name", p), _email(v, "dean_email", p))


def _person(where: Where, v: dict[str, str], p: list[str]) -> PersonRow | None:
    email = _email(v, "email", p)
    name = _required(v, "name", p)
    role = parse_role(v.get("role", ""))
    if role is None:
        p.append(f"role {v.get('role', '')!r} is not one of student, tutor, dean, admin, uoo")
        return None
    school = v.get("school", "")
    if not school and role not in (Role.ADMIN, Role.UOO):
        p.append(f"school is empty (required for a {role.value})")
    aad = v.get("aad_object_id", "") or None
    if aad is not None and not re.fullmatch(r"[0-9a-fA-F-]{36}", aad):
        p.append(f"aad_object_id {aad!r} is not a GUID")
    return PersonRow(where, email, name, role, school, aad.lower() if aad else None)


def _course(where: Where, v: dict[str, str], p: list[str]) -> CourseRow | None:
    code, name, school = _required(v, "code", p), _required(v, "name", p), _required(v, "school", p)
    semester = _required(v, "semester", p)
    language = v.get("language", "").lower()
    if language not in COURSE_LANGUAGES:
        p.append(f"language {v.get('language', '')!r} is not one of {', '.join(COURSE_LANGUAGES)}")
    dates = [_date(v, c, p) for c in ("start_date", "rk1_date", "rk2_date", "exam_date")]
    start, rk1, rk2, exam = dates
    if start is None or rk1 is None or rk2 is None or exam is None:
        return None
    if not start < rk1 < rk2 <= exam:
        p.append("dates must run start_date < rk1_date < rk2_date <= exam_date")
    mooc = v.get("mooc_url", "") or None
    if mooc is not None and not re.match(r"^https?://\S+$", mooc):
        p.append(f"mooc_url {mooc!r} is not an http(s) link")
    moodle = v.get("moodle_course_id", "")
    if moodle and not (moodle.isdigit() and 0 < int(moodle) < 2**31):
        p.append(f"moodle_course_id {moodle!r} is not a Moodle course id (a positive whole number)")
    moodle_id = int(moodle) if moodle.isdigit() and 0 < int(moodle) < 2**31 else None
    return CourseRow(where, code, name, school, semester, language, start, rk1, rk2, exam, mooc, moodle_id)


def _enrollment(where: Where, v: dict[str, str], p: list[str]) -> EnrollmentRow:
    return EnrollmentRow(where, _required(v, "course", p), _email(v, "student_email", p), v.get("semester") or None)


def _tutor(where: Where, v: dict[str, str], p: list[str]) -> TutorRow:
    return TutorRow(
        where,
        _required(v, "course", p),
        _email(v, "tutor_email", p),
        v.get("approved_by", "") or None,
        v.get("council_decision", "") or None,
        v.get("semester") or None,
    )


_PARSERS = {
    "schools.csv": _school,
    "people.csv": _person,
    "courses.csv": _course,
    "enrollments.csv": _enrollment,
    "tutors.csv": _tutor,
}
