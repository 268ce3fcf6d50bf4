"""The map's field protocol, in one place: every card input of the map (`discipline`, `mooc2_match`, `w3_topic`,
`consultation_rk1_date`), what it holds, how it is read and checked, and which card shows it.

A part is a tuple of `Field`s; its rows (a MOOC slot, a week, a control row) name their inputs with `mooc_id`,
`week_id` and `control_id`, and `parse_field` reads any id back. The cards build their inputs and values from
these descriptions, `rules.apply_step` reads a submission through them, and each `MapProblem` names its input id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from tutoring.integration_map.content import (
    MAX_HOURS,
    MAX_TEXT,
    ROW_KINDS,
    LessonForm,
    Level,
    RowKind,
    StudyForm,
)
from tutoring.norms import SessionKind

LANGUAGES = ("ru", "kk", "en")


class Rule(StrEnum):
    REQUIRED = "required"
    URL = "url"
    PERCENT = "percent"
    NUMBER = "number"
    NOT_NEGATIVE = "not_negative"
    TOO_LARGE = "too_large"
    ONE_MODEL = "one_model"
    WEEK_RANGE = "week_range"
    WEEK_TWICE = "week_twice"
    DATE = "date"
    DATE_RANGE = "date_range"
    CHOICE = "choice"
    TOO_LONG = "too_long"
    MOOC_COUNT = "mooc_count"


@dataclass(frozen=True)
class MapProblem:
    """One refused value: `field` is the card input's id (e.g. "w3_hours", "mooc2_match", "model")."""

    field: str
    rule: Rule
    value: str | dt.date = ""
    low: str | dt.date = ""  # the bounds a date or number had to be within, where the rule has them
    high: str | dt.date = ""  # dates stay dates: the card formats them as the rest of the UI does


class Step(StrEnum):
    """The cards a map is edited in: one per part, Part 4 in three groups of five weeks and the control rows."""

    COURSE = "part1"
    MOOCS = "part2"
    MODEL = "part3"
    WEEKS_1 = "weeks1"
    WEEKS_6 = "weeks6"
    WEEKS_11 = "weeks11"
    CONTROLS = "controls"


STEP_WEEKS: dict[Step, range] = {
    Step.WEEKS_1: range(1, 6),
    Step.WEEKS_6: range(6, 11),
    Step.WEEKS_11: range(11, 16),
}


class Kind(StrEnum):
    """What an input holds, so how it is read and checked."""

    TEXT = "text"
    URL = "url"
    NUMBER = "number"  # hours, credits: a plain decimal 0–MAX_HOURS
    PERCENT = "percent"  # 0–100
    CHOICE = "choice"
    CHOICES = "choices"  # several of `choices`, comma-separated as Input.ChoiceSet sends them
    DATE = "date"  # YYYY-MM-DD within the row's window


@dataclass(frozen=True)
class Field:
    """One input of a part's row: `name` ends its id and keys its label; `attr` is the row's attribute it fills;
    `cell` is where the DOCX of Appendix 1 prints it (Part 1: the table's row, Parts 2 and 4: the column; fields
    that share a cell are printed together, as "150 / 5" or a platform over its link); "" for none."""

    name: str
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    attr: str = ""  # when the row's attribute is not `name` (the `form` input fills `forms`)
    required: bool = False  # needed before the map may be submitted
    cell: str = "-"  # "-": the cell named as the field

    @property
    def attribute(self) -> str:
        return self.attr or self.name

    @property
    def doc_cell(self) -> str:
        return self.name if self.cell == "-" else self.cell



_FORMS = tuple(LessonForm)

# Part 1 (`CoursePart`): its inputs' ids are the names.
COURSE_PART: tuple[Field, ...] = (
    Field("discipline", required=True),
    Field("spoc_name", required=True),
    Field("platform_url", Kind.URL, required=True),
    Field("hours", Kind.NUMBER, required=True, cell="workload"),
    Field("credits", Kind.NUMBER, required=True, cell="workload"),
    Field("study_form", Kind.CHOICE, tuple(StudyForm), required=True),
    Field("level", Kind.CHOICE, tuple(Level), required=True),
    Field("language", Kind.CHOICE, LANGUAGES, required=True),
    Field("semester", required=True),
    Field("attestation", required=True),
)
# Part 2 (`Mooc`), one row per slot: mooc{i}_name …
MOOC_ROW: tuple[Field, ...] = (Field("name", required=True), Field("url", Kind.URL),
                               Field("match", Kind.PERCENT, required=True))
# Part 4 (`WeekPlan`), one row per week: w{n}_topic …
WEEK_ROW: tuple[Field, ...] = (
    Field("topic", required=True),
    Field("hours", Kind.NUMBER, required=True),
    Field("assignments"),
    Field("assessment"),
    Field("form", Kind.CHOICES, _FORMS, attr="forms", required=True),
    Field("platform"),
    Field("link", Kind.URL, cell="platform"),
)
# Part 4 (`ControlRow`): a consultation's inputs ({kind}_date …); a control row's date is the roster's. The
# date is printed under the row's name, not in a cell of its own.
CONSULTATION_ROW: tuple[Field, ...] = (
    Field("date", Kind.DATE, required=True, cell=""),
    Field("hours", Kind.NUMBER, required=True),
    Field("form", Kind.CHOICES, _FORMS, attr="forms"),
    Field("platform"),
    Field("link", Kind.URL, cell="platform"),
)
# RK1, RK2 and the exam: how knowledge is assessed is what the row is for (Appendix 1's "Оценка знаний").
CONTROL_ROW: tuple[Field, ...] = (
    Field("assessment", required=True),
    Field("form", Kind.CHOICES, _FORMS, attr="forms"),
    Field("platform"),
    Field("link", Kind.URL, cell="platform"),
)
# The columns of the DOCX's tables, in order (their headers: `doc.mooc.<cell>`, `doc.col.<cell>`).
MOOC_COLUMNS = ("no", "name", "url", "match")
SCHEDULE_COLUMNS = ("week", "topic", "hours", "assignments", "assessment", "form", "platform")
COURSE_FIELDS = tuple(f.name for f in COURSE_PART)
SINGLE_FIELDS = ("model", "topics", "comment", "note")  # Part 3's choice, the pasted topics, a reviewer's comment,
# the change note of a new version of an approved map


def control_row(kind: RowKind) -> tuple[Field, ...]:
    return CONSULTATION_ROW if isinstance(kind, SessionKind) else CONTROL_ROW


def mooc_id(slot: int, name: str) -> str:
    return f"mooc{slot}_{name}"


def week_id(week: int, name: str) -> str:
    return f"w{week}_{name}"


def control_id(kind: RowKind, name: str) -> str:
    return f"{kind.value}_{name}"


class Part(StrEnum):
    COURSE = "course"
    MOOC = "mooc"
    WEEK = "week"
    CONTROL = "control"
    SINGLE = "single"  # model, topics, comment


@dataclass(frozen=True)
class FieldRef:
    """An input id read back: its part, the field's name, and the row (MOOC slot, week, control kind)."""

    part: Part
    name: str
    number: int | None = None  # the MOOC slot or the week
    kind: RowKind | None = None

    @property
    def step(self) -> Step:
        """Which card the input is edited in (to send the tutor straight to it)."""
        match self.part:
            case Part.COURSE:
                return Step.COURSE
            case Part.MOOC:
                return Step.MOOCS
            case Part.WEEK:
                return next((s for s, r in STEP_WEEKS.items() if self.number in r), Step.WEEKS_11)
            case Part.SINGLE if self.name == "model":
                return Step.MODEL
            case _:
                return Step.CONTROLS


# Three digits at most: a longer number is no slot or week (and int() of 5000 digits raises).
_MOOC_ID = re.compile(r"^mooc(\d{1,3})_([a-z]+)$")
_WEEK_ID = re.compile(r"^w(\d{1,3})_([a-z]+)$")


def parse_field(field_id: str) -> FieldRef | None:
    if field_id in COURSE_FIELDS:
        return FieldRef(Part.COURSE, field_id)
    if field_id in SINGLE_FIELDS:
        return FieldRef(Part.SINGLE, field_id)
    if match := _MOOC_ID.match(field_id):
        return FieldRef(Part.MOOC, match.group(2), int(match.group(1)))
    if match := _WEEK_ID.match(field_id):
        return FieldRef(Part.WEEK, match.group(2), int(match.group(1)))
    for kind in ROW_KINDS:
        if field_id.startswith(kind.value + "_"):
            return FieldRef(Part.CONTROL, field_id.removeprefix(kind.value + "_"), kind=kind)
    return None


def shown(value: object) -> str:
    """A stored value as its card input holds it (and sends it back)."""
    match value:
        case None:
            return ""
        case Decimal():
            return format(value.normalize(), "f")
        case tuple():
            return ",".join(str(v) for v in value)  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
        case dt.date():
            return value.isoformat()
        case _:
            return str(value)


def row_values(row: object, fields: tuple[Field, ...], id_of: Callable[[str], str]) -> dict[str, str]:
    """The card values of one row: input id -> shown value."""
    return {id_of(f.name): shown(getattr(row, f.attribute)) for f in fields}


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == ()


class Reader:
    """Reads submitted card values through the field descriptions, collecting problems instead of raising."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[MapProblem] = []

    def row(self, fields: tuple[Field, ...], id_of: Callable[[str], str],
            window: tuple[dt.date, dt.date] | None = None) -> dict[str, Any]:
        """One row's values by attribute, in the order of its fields (so problems come in card order)."""
        return {f.attribute: self.value(id_of(f.name), f, window) for f in fields}

    def value(self, key: str, f: Field, window: tuple[dt.date, dt.date] | None = None) -> Any:
        match f.kind:
            case Kind.URL:
                return self.url(key)
            case Kind.NUMBER:
                return self.number(key)
            case Kind.PERCENT:
                return self.percent(key)
            case Kind.CHOICE:
                return self.choice(key, f.choices)
            case Kind.CHOICES:
                return self.choices(key, f.choices)
            case Kind.DATE:
                if window is None:
                    raise ValueError(f"{key}: a date field needs its window")
                return self.date(key, *window)
            case _:
                return self.text(key)

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problems.append(MapProblem(key, Rule.REQUIRED))
        if len(text) > MAX_TEXT:
            self.problems.append(MapProblem(key, Rule.TOO_LONG, shorten(text), high=str(MAX_TEXT)))
        return text

    def url(self, key: str) -> str:
        text = self.text(key)
        if text and not is_url(text):
            self.problems.append(MapProblem(key, Rule.URL, shorten(text)))
        return text

    def number(self, key: str) -> Decimal | None:
        text = self.text(key).replace(",", ".").replace(" ", "")
        if not text:
            return None
        if re.fullmatch(r"\d{10,}(\.\d+)?", text):  # a number, but past any course's hours however long
            self.problems.append(MapProblem(key, Rule.TOO_LARGE, shorten(text), high=str(MAX_HOURS)))
            return None
        if not re.fullmatch(r"-?\d{1,9}(\.\d{1,4})?", text):  # plain decimals only: no 1e3, no NaN
            self.problems.append(MapProblem(key, Rule.NUMBER, shorten(text)))
            return None
        value = Decimal(text)
        if value < 0:
            self.problems.append(MapProblem(key, Rule.NOT_NEGATIVE, shorten(text)))
            return None
        if value > MAX_HOURS:
            self.problems.append(MapProblem(key, Rule.TOO_LARGE, shorten(text), high=str(MAX_HOURS)))
            return None
        return value

    def percent(self, key: str) -> int | None:
        text = self.text(key).removesuffix("%").strip()
        if not text:
            return None
        # Digits only, read as an int: float() of a 400-digit value is inf, and int(inf) raises.
        number = re.fullmatch(r"(-?)0*(\d{1,3})(\.0+)?", text)
        if number is None or number.group(1) or not 0 <= int(number.group(2)) <= 100:
            self.problems.append(MapProblem(key, Rule.PERCENT, shorten(text), "0", "100"))
            return None
        return int(number.group(2))

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        text = self.text(key)
        if text and text not in allowed:
            self.problems.append(MapProblem(key, Rule.CHOICE, shorten(text)))
            return ""
        return text

    def choices(self, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = [v.strip() for v in self.text(key).split(",") if v.strip()]
        bad = [v for v in values if v not in allowed]
        if bad:
            self.problems.append(MapProblem(key, Rule.CHOICE, shorten(", ".join(bad))))
            return ()
        return tuple(v for v in allowed if v in values)  # the order the card shows them in

    def date(self, key: str, low: dt.date, high: dt.date) -> dt.date | None:
        text = self.text(key)
        if not text:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            day = dt.date.fromisoformat(text)
        except ValueError:
            self.problems.append(MapProblem(key, Rule.DATE, shorten(text)))
            return None
        if not low <= day <= high:
            self.problems.append(MapProblem(key, Rule.DATE_RANGE, day, low, high))
            return None
        return day


def shorten(value: str) -> str:
    """A refused value as a message quotes it: the start of a long one is enough to find it."""
    return value if len(value) <= 40 else value[:40] + "…"


def is_url(text: str) -> bool:
    if any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and ("." in host or host == "localhost")
