"""The map's data (Appendix 1): its parts as plain dataclasses, the defaults from the course dates, the
document a version prints as, and the consultations the sessions feature plans from. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from urllib.parse import urlsplit

from tutoring.locale import Lang
from tutoring.norms import DEFAULT_NORMS, Category, SessionKind
from tutoring.regulation_calendar import CONSULTATION_FOR, ControlKind, consultation_default_day, course_week

WEEKS = 15
MAX_MOOCS = 5
MOOC_SLOTS = 3  # empty MOOC rows a card offers at least
MAX_TEXT = 1000
MAX_HOURS = Decimal(999)
MAX_TOPICS = 15000  # the pasted list of week topics: 15 lines of MAX_TEXT
MAX_COMMENT = 2000  # a reviewer's comment on a returned map


class MapState(StrEnum):
    DRAFT = "draft"  # never submitted
    SUBMITTED = "submitted"  # a version awaits the school's signature (its dean, for the program leader)
    SCHOOL_APPROVED = "school_approved"  # signed by the school; awaits the Online Education Office (УОО)
    APPROVED = "approved"  # signed by both
    RETURNED = "returned"  # sent back with a comment
    SUPERSEDED = "superseded"  # a version replaced by a newer submission before anyone reviewed it


class IntegrationModel(StrEnum):
    SUPPORT = "1"  # МООК-поддержка
    BLENDED_PLUS_MOOC = "2"  # Смешанное обучение «+МООК»
    BLENDED_MOOC_PLUS = "3"  # Смешанное обучение «МООК+»


class StudyForm(StrEnum):
    FULL_TIME = "full_time"  # очная
    SHORTENED = "shortened"  # сокращенная


class Level(StrEnum):
    BACHELOR = "bachelor"
    MASTER = "master"


class LessonForm(StrEnum):
    ASYNC = "async"  # асинхронно
    OFFLINE = "offline"  # оффлайн (аудиторно)
    SYNC = "sync"  # синхронно (онлайн)


# Part 4's rows that are no week: a consultation (the sessions feature's kind) or a control point (the regulation's
# RK1, RK2, exam). One vocabulary with the rest of the bot: the map stores "exam", never a word of its own.
RowKind = SessionKind | ControlKind
CONSULTATIONS: tuple[SessionKind, ...] = tuple(CONSULTATION_FOR)
# Appendix 1's order of the rows (a new map's controls, the stored JSON's order).
ROW_KINDS: tuple[RowKind, ...] = (
    SessionKind.CONSULTATION_RK1, ControlKind.RK1, SessionKind.CONSULTATION_RK2, SessionKind.CONSULTATION_EXAM,
    ControlKind.RK2, ControlKind.EXAM,
)
# Appendix 1, Part 4: after which week each row stands when it has no date yet.
AFTER_WEEK: dict[RowKind, int] = {
    SessionKind.CONSULTATION_RK1: 7,
    ControlKind.RK1: 7,
    SessionKind.CONSULTATION_RK2: 14,
    SessionKind.CONSULTATION_EXAM: 15,
    ControlKind.RK2: 15,
    ControlKind.EXAM: 15,
}


def row_kind(value: str) -> RowKind | None:
    """A stored or sent row kind read back ("consultation_rk1", "rk1", "exam"); None for anything else."""
    return next((k for k in ROW_KINDS if k.value == value), None)


# The three models of Appendix 1, Part 3: (name, description). Russian is the regulation's own text.
MODEL_TEXT: dict[IntegrationModel, dict[Lang, tuple[str, str]]] = {
    IntegrationModel.SUPPORT: {
        "ru": (
            "Модель 1. МООК-поддержка",
            "МООК используется как дополнительный материал для дисциплины при традиционной ее реализации в "
            "качестве СРС, с или без применения технологии «перевернутый класс».",
        ),
        "kk": (
            "1-модель. МООК-қолдау",
            "МООК пәнді дәстүрлі түрде оқытуда білім алушының өзіндік жұмысы (БӨЖ) ретінде қосымша материал "
            "ретінде пайдаланылады, «төңкерілген сынып» технологиясымен немесе онсыз.",
        ),
        "en": (
            "Model 1. MOOC support",
            "The MOOC is used as additional material for a discipline taught in the traditional way, as "
            "students' independent work, with or without the flipped classroom.",
        ),
    },
    IntegrationModel.BLENDED_PLUS_MOOC: {
        "ru": (
            "Модель 2. Смешанное обучение «+МООК»",
            "Частичная замена аудиторных занятий (преимущественно лекций), а также частичный перезачет "
            "отдельных тем МООК с или без применения технологии «перевернутый класс».",
        ),
        "kk": (
            "2-модель. «+МООК» аралас оқыту",
            "Аудиториялық сабақтарды (негізінен дәрістерді) ішінара ауыстыру, сондай-ақ МООК-тың жекелеген "
            "тақырыптарын ішінара қайта есепке алу, «төңкерілген сынып» технологиясымен немесе онсыз.",
        ),
        "en": (
            "Model 2. Blended learning “+MOOC”",
            "Classroom sessions (mainly lectures) are partly replaced, and some MOOC topics are partly credited, "
            "with or without the flipped classroom.",
        ),
    },
    IntegrationModel.BLENDED_MOOC_PLUS: {
        "ru": (
            "Модель 3. Смешанное обучение «МООК+»",
            "Использование МООК с частичным сохранением лекций, практических и семинарских занятий, а также "
            "использование результатов обучения на МООК для текущей аттестации и итогового контроля по "
            "дисциплине.",
        ),
        "kk": (
            "3-модель. «МООК+» аралас оқыту",
            "Дәрістерді, практикалық және семинар сабақтарын ішінара сақтай отырып МООК-ты пайдалану, сондай-ақ "
            "МООК-тағы оқу нәтижелерін пән бойынша ағымдағы аттестаттау мен қорытынды бақылау үшін пайдалану.",
        ),
        "en": (
            "Model 3. Blended learning “MOOC+”",
            "The MOOC is used while lectures, practical classes and seminars are partly kept, and the MOOC "
            "learning results count towards the current assessment and the final control of the discipline.",
        ),
    },
}


def model_text(model: IntegrationModel, lang: Lang) -> tuple[str, str]:
    return MODEL_TEXT[model][lang]


# --- the data -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseFacts:
    """What the roster knows about the course (plain data, so this module needs no storage types)."""

    code: str
    name: str
    language: str
    semester: str
    start_date: dt.date
    rk1_date: dt.date
    rk2_date: dt.date
    exam_date: dt.date
    mooc_url: str | None = None

    def control_date(self, kind: RowKind) -> dt.date:
        """The control point's date; for a consultation, the date of the control point it prepares for."""
        control = CONSULTATION_FOR[kind] if isinstance(kind, SessionKind) else kind
        return {ControlKind.RK1: self.rk1_date, ControlKind.RK2: self.rk2_date}.get(control, self.exam_date)


@dataclass(frozen=True)
class CoursePart:
    """Part 1. Подбор SPOC/МООС."""

    discipline: str = ""
    spoc_name: str = ""
    platform_url: str = ""
    hours: Decimal | None = None
    credits: Decimal | None = None
    study_form: str = ""  # StudyForm
    level: str = ""  # Level
    language: str = ""  # ru / kk / en
    semester: str = ""
    attestation: str = ""


@dataclass(frozen=True)
class Mooc:
    """Part 2: one MOOC and how much of the discipline it covers."""

    name: str
    url: str = ""
    match: int | None = None


@dataclass(frozen=True)
class WeekPlan:
    """Part 4: one week of the schedule."""

    week: int
    topic: str = ""
    hours: Decimal | None = None
    assignments: str = ""
    assessment: str = ""
    forms: tuple[str, ...] = ()  # LessonForm values
    platform: str = ""
    link: str = ""


@dataclass(frozen=True)
class ControlRow:
    """Part 4: a consultation or a control row. Control dates come from the course (the AIS owns them)."""

    kind: RowKind
    date: dt.date | None = None
    hours: Decimal | None = None
    assessment: str = ""
    forms: tuple[str, ...] = ()
    platform: str = ""
    link: str = ""

    @property
    def is_consultation(self) -> bool:
        return isinstance(self.kind, SessionKind)


@dataclass(frozen=True)
class MapContent:
    course: CoursePart = field(default_factory=CoursePart)
    moocs: tuple[Mooc, ...] = ()
    model: IntegrationModel | None = None
    weeks: tuple[WeekPlan, ...] = tuple(WeekPlan(n) for n in range(1, WEEKS + 1))
    controls: tuple[ControlRow, ...] = tuple(ControlRow(k) for k in ROW_KINDS)

    def week(self, number: int) -> WeekPlan:
        return self.weeks[number - 1]

    def control(self, kind: RowKind) -> ControlRow:
        return next(c for c in self.controls if c.kind is kind)


ScheduleRow = WeekPlan | ControlRow


def schedule(content: MapContent, start: dt.date) -> list[ScheduleRow]:
    """Part 4's table in date order: each consultation and control row after the week its date falls in
    (`start`: the course's first day), rows of one week by date. A consultation without a date stands just
    before its control point; a row with neither where Appendix 1 puts it (`AFTER_WEEK`)."""
    def place(row: ControlRow) -> tuple[int, dt.date, int]:
        day = row.date
        if day is None and isinstance(row.kind, SessionKind):
            day = content.control(CONSULTATION_FOR[row.kind]).date
        week = week_of(start, day) if day else AFTER_WEEK[row.kind]
        return week, day or dt.date.max, ROW_KINDS.index(row.kind)

    placed = sorted(content.controls, key=place)
    rows: list[ScheduleRow] = []
    for week in content.weeks:
        rows.append(week)
        rows += [r for r in placed if place(r)[0] == week.week]
    return rows


def week_of(start: dt.date, day: dt.date) -> int:
    """The row of Part 4 a day falls in, 1–15 (days before the start count as week 1, after week 15 as 15)."""
    return min(WEEKS, max(1, course_week(start, day)))


def default_content(course: CourseFacts, scheduled: Mapping[SessionKind, dt.date] | None = None) -> MapContent:
    """A new map: Part 1 from the roster, Part 4's dates from the course and the sessions already scheduled."""
    scheduled = scheduled or {}
    attestation: dict[str, str] = {"ru": "экзамен", "kk": "емтихан", "en": "exam"}
    part1 = CoursePart(
        discipline=course.name,
        platform_url=course.mooc_url or "",
        study_form=StudyForm.FULL_TIME.value,
        language=course.language,
        semester=course.semester,
        attestation=attestation.get(course.language, "экзамен"),
    )
    platform = platform_name(course.mooc_url or "")
    weeks = tuple(
        WeekPlan(n, forms=(LessonForm.ASYNC.value,) if course.mooc_url else (), platform=platform,
                 link=course.mooc_url or "")
        for n in range(1, WEEKS + 1)
    )
    controls: list[ControlRow] = []
    for kind in ROW_KINDS:
        if isinstance(kind, SessionKind):
            date = scheduled.get(kind) or consultation_default_day(course.start_date, course.control_date(kind))
            norm = DEFAULT_NORMS[Category(kind.value)]
            controls.append(ControlRow(kind, date, norm, forms=(LessonForm.SYNC.value,), platform="MS Teams"))
        else:
            controls.append(ControlRow(kind, course.control_date(kind)))
    return MapContent(course=part1, weeks=weeks, controls=tuple(controls))


def with_course_dates(content: MapContent, course: CourseFacts) -> MapContent:
    """Control rows always carry the roster's RK1, RK2 and exam dates (the AIS may have moved them)."""
    controls = tuple(
        c if c.is_consultation else replace(c, date=course.control_date(c.kind)) for c in content.controls
    )
    return replace(content, controls=controls)


def platform_name(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


# --- the document -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapDocument:
    """Everything the DOCX of Appendix 1 shows: one version (or the draft, version 0) and who signs it."""

    facts: CourseFacts
    content: MapContent
    version: int  # 0: the working draft
    state: MapState
    lecturer: str | None = None  # "Составлено: Преподаватель" — who submitted it (for a draft: who edited it last)
    program_leader: str | None = None  # "Программ лидер школы" — the dean who signed for the school
    director: str | None = None  # "Директор УОО" — the Online Education Office person who signed second
    approved_on: dt.date | None = None  # the last signature's day
    program_leader_on: dt.date | None = None
    director_on: dt.date | None = None
    latest_version: int = 0  # for the draft: the map's latest version, whose state the status line names
    latest_state: MapState = MapState.DRAFT

    @property
    def lang(self) -> Lang:
        return document_lang(self.facts.language)


def document_lang(course_language: str) -> Lang:
    """The document is in the course's language; Russian, the university's working language, by default."""
    match course_language:
        case "kk":
            return "kk"
        case "en":
            return "en"
        case _:
            return "ru"


# --- consultations for the sessions feature ---------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationPoint:
    """A consultation of Part 4, as the sessions feature's control-point plan wants it."""

    kind: SessionKind  # consultation_rk1 / consultation_rk2 / consultation_exam
    after_week: int  # where Appendix 1 puts it: 7, 14, 15
    week: int  # the course week its date falls in (after_week when no date is planned)
    date: dt.date | None  # the tutor's planned day, local (Asia/Almaty); None when not planned
    hours: Decimal | None  # planned hours (the norm of 7.2 is 1 h)
    control_date: dt.date  # the RK1 / RK2 / exam date it prepares for


def consultation_points(content: MapContent, course: CourseFacts) -> tuple[ConsultationPoint, ...]:
    """The three consultations of Part 4 (before RK1, RK2, the exam), in that order.

    `consultation_points(content, facts) -> (ConsultationPoint(kind, after_week, week, date, hours,
    control_date), ...)`; storage's `IntegrationMapRepository.consultation_points(course_id)` applies it to
    the course's current map (approved version, else the latest submitted, else the draft)."""
    points: list[ConsultationPoint] = []
    for kind in CONSULTATIONS:
        row = content.control(kind)
        week = week_of(course.start_date, row.date) if row.date else AFTER_WEEK[kind]
        points.append(ConsultationPoint(kind, AFTER_WEEK[kind], week, row.date, row.hours,
                                        course.control_date(kind)))
    return tuple(points)
