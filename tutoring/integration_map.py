"""The SPOC/MOOC integration map of Appendix 1 (clause 7.4, planned from in 8.6), as pure code.

Four parts: 1 the course and the chosen SPOC/MOOC, 2 the MOOCs with their content match in percent,
3 exactly one of the three integration models, 4 the 15-week plan with the consultations before RK1
(after week 7), before RK2 (after week 14) and before the exam (after week 15), and the RK1, RK2 and
final control rows. Here: the data, its JSON form, the defaults from the course dates, the validation
rules (each problem names the card input it is about), and `consultation_points`, which the sessions
feature uses as the defaults of its control-point plan. No I/O.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, cast
from urllib.parse import urlsplit

from tutoring.locale import Lang
from tutoring.norms import DEFAULT_NORMS, Category, SessionKind
from tutoring.regulation_calendar import consultation_default_day, consultation_window, course_week

WEEKS = 15
MAX_MOOCS = 5
MOOC_SLOTS = 3  # empty MOOC rows a card offers at least
MAX_TEXT = 1000
MAX_HOURS = Decimal(999)
MAX_TOPICS = 15000  # the pasted list of week topics: 15 lines of MAX_TEXT
MAX_COMMENT = 2000  # a reviewer's comment on a returned map


class MapState(StrEnum):
    DRAFT = "draft"  # never submitted
    SUBMITTED = "submitted"  # a version awaits the program leader / the Online Education Office
    APPROVED = "approved"
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


class ControlKind(StrEnum):
    CONSULTATION_RK1 = "consultation_rk1"
    RK1 = "rk1"
    CONSULTATION_RK2 = "consultation_rk2"
    CONSULTATION_EXAM = "consultation_exam"
    RK2 = "rk2"
    FINAL = "final"


CONSULTATIONS: dict[ControlKind, SessionKind] = {
    ControlKind.CONSULTATION_RK1: SessionKind.CONSULTATION_RK1,
    ControlKind.CONSULTATION_RK2: SessionKind.CONSULTATION_RK2,
    ControlKind.CONSULTATION_EXAM: SessionKind.CONSULTATION_EXAM,
}
# Appendix 1, Part 4: where each consultation row stands in the plan.
AFTER_WEEK: dict[ControlKind, int] = {
    ControlKind.CONSULTATION_RK1: 7,
    ControlKind.CONSULTATION_RK2: 14,
    ControlKind.CONSULTATION_EXAM: 15,
}
# The control point each consultation prepares for.
CONTROL_OF: dict[ControlKind, ControlKind] = {
    ControlKind.CONSULTATION_RK1: ControlKind.RK1,
    ControlKind.CONSULTATION_RK2: ControlKind.RK2,
    ControlKind.CONSULTATION_EXAM: ControlKind.FINAL,
}

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

    def control_date(self, kind: ControlKind) -> dt.date:
        if kind in CONTROL_OF:
            kind = CONTROL_OF[kind]
        return {ControlKind.RK1: self.rk1_date, ControlKind.RK2: self.rk2_date}.get(kind, self.exam_date)


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

    kind: ControlKind
    date: dt.date | None = None
    hours: Decimal | None = None
    assessment: str = ""
    forms: tuple[str, ...] = ()
    platform: str = ""
    link: str = ""

    @property
    def is_consultation(self) -> bool:
        return self.kind in CONSULTATIONS


@dataclass(frozen=True)
class MapContent:
    course: CoursePart = field(default_factory=CoursePart)
    moocs: tuple[Mooc, ...] = ()
    model: IntegrationModel | None = None
    weeks: tuple[WeekPlan, ...] = tuple(WeekPlan(n) for n in range(1, WEEKS + 1))
    controls: tuple[ControlRow, ...] = tuple(ControlRow(k) for k in ControlKind)

    def week(self, number: int) -> WeekPlan:
        return self.weeks[number - 1]

    def control(self, kind: ControlKind) -> ControlRow:
        return next(c for c in self.controls if c.kind is kind)


ScheduleRow = WeekPlan | ControlRow


def schedule(content: MapContent) -> list[ScheduleRow]:
    """Part 4's table in the order of Appendix 1: weeks 1–7, consultation and RK1, weeks 8–14, consultation
    before RK2, week 15, consultation before the exam, RK2, the final control."""
    c = content.control
    rows: list[ScheduleRow] = [*content.weeks[:7], c(ControlKind.CONSULTATION_RK1), c(ControlKind.RK1)]
    rows += [*content.weeks[7:14], c(ControlKind.CONSULTATION_RK2), content.weeks[14]]
    rows += [c(ControlKind.CONSULTATION_EXAM), c(ControlKind.RK2), c(ControlKind.FINAL)]
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
    for kind in ControlKind:
        if kind in CONSULTATIONS:
            session_kind = CONSULTATIONS[kind]
            date = scheduled.get(session_kind) or consultation_default_day(course.start_date,
                                                                            course.control_date(kind))
            norm = DEFAULT_NORMS[Category(session_kind.value)]
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
    program_leader: str | None = None  # "Программ лидер школы" — the dean who approved it
    director: str | None = None  # "Директор УОО" — the Online Education Office admin who approved it
    approved_on: dt.date | None = None

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
    for kind, session_kind in CONSULTATIONS.items():
        row = content.control(kind)
        week = week_of(course.start_date, row.date) if row.date else AFTER_WEEK[kind]
        points.append(ConsultationPoint(session_kind, AFTER_WEEK[kind], week, row.date, row.hours,
                                        course.control_date(kind)))
    return tuple(points)


# --- JSON, as stored -------------------------------------------------------------------------------------


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _undec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _undate(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def content_to_dict(content: MapContent) -> dict[str, Any]:
    c = content.course
    return {
        "course": {
            "discipline": c.discipline, "spoc_name": c.spoc_name, "platform_url": c.platform_url,
            "hours": _dec(c.hours), "credits": _dec(c.credits), "study_form": c.study_form, "level": c.level,
            "language": c.language, "semester": c.semester, "attestation": c.attestation,
        },
        "moocs": [{"name": m.name, "url": m.url, "match": m.match} for m in content.moocs],
        "model": content.model.value if content.model else None,
        "weeks": [
            {"week": w.week, "topic": w.topic, "hours": _dec(w.hours), "assignments": w.assignments,
             "assessment": w.assessment, "forms": list(w.forms), "platform": w.platform, "link": w.link}
            for w in content.weeks
        ],
        "controls": [
            {"kind": r.kind.value, "date": r.date.isoformat() if r.date else None, "hours": _dec(r.hours),
             "assessment": r.assessment, "forms": list(r.forms), "platform": r.platform, "link": r.link}
            for r in content.controls
        ],
    }


def content_to_json(content: MapContent) -> str:
    """Canonical JSON: equal maps give equal strings (so "changed since version N" is a string compare)."""
    return json.dumps(content_to_dict(content), ensure_ascii=False, sort_keys=True)


def _obj(value: Any) -> dict[str, Any]:
    return cast(dict[str, Any], value) if isinstance(value, dict) else {}


def _objs(value: Any) -> list[dict[str, Any]]:
    items = cast(list[Any], value) if isinstance(value, list) else []
    return [_obj(item) for item in items]


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _strs(value: Any) -> tuple[str, ...]:
    items = cast(list[Any], value) if isinstance(value, list) else []
    return tuple(str(item) for item in items)


def content_from_json(text: str) -> MapContent:
    raw = _obj(json.loads(text))
    c = _obj(raw.get("course"))
    course = CoursePart(
        discipline=_str(c.get("discipline")), spoc_name=_str(c.get("spoc_name")),
        platform_url=_str(c.get("platform_url")), hours=_undec(c.get("hours")), credits=_undec(c.get("credits")),
        study_form=_str(c.get("study_form")), level=_str(c.get("level")), language=_str(c.get("language")),
        semester=_str(c.get("semester")), attestation=_str(c.get("attestation")),
    )
    moocs = tuple(
        Mooc(_str(m.get("name")), _str(m.get("url")), None if m.get("match") is None else int(m["match"]))
        for m in _objs(raw.get("moocs"))
    )
    model = IntegrationModel(str(raw["model"])) if raw.get("model") else None
    by_week = {int(w["week"]): w for w in _objs(raw.get("weeks")) if w.get("week") is not None}
    weeks: list[WeekPlan] = []
    for n in range(1, WEEKS + 1):
        w = by_week.get(n, {})
        weeks.append(WeekPlan(
            n, topic=_str(w.get("topic")), hours=_undec(w.get("hours")), assignments=_str(w.get("assignments")),
            assessment=_str(w.get("assessment")), forms=_strs(w.get("forms")), platform=_str(w.get("platform")),
            link=_str(w.get("link")),
        ))
    by_kind = {_str(r.get("kind")): r for r in _objs(raw.get("controls"))}
    controls: list[ControlRow] = []
    for k in ControlKind:
        r = by_kind.get(k.value, {})
        controls.append(ControlRow(
            k, date=_undate(r.get("date")), hours=_undec(r.get("hours")), assessment=_str(r.get("assessment")),
            forms=_strs(r.get("forms")), platform=_str(r.get("platform")), link=_str(r.get("link")),
        ))
    return MapContent(course=course, moocs=moocs, model=model, weeks=tuple(weeks), controls=tuple(controls))


# --- validation -------------------------------------------------------------------------------------------


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
class Problem:
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

COURSE_FIELDS = ("discipline", "spoc_name", "platform_url", "hours", "credits", "study_form", "level", "language",
                 "semester", "attestation")
WEEK_FIELDS = ("topic", "hours", "assignments", "assessment", "form", "platform", "link")
CONTROL_FIELDS = ("date", "hours", "assessment", "form", "platform", "link")
LANGUAGES = ("ru", "kk", "en")
_WEEK_ID = re.compile(r"^w(\d{1,3})_([a-z]+)$")  # a longer number is no week (and int() of 5000 digits raises)
_TOPIC_LINE = re.compile(r"^\s*(\d{1,3})\s*[.):\-–]\s*(.*)$")


def mooc_slots(content: MapContent) -> int:
    return min(MAX_MOOCS, max(MOOC_SLOTS, len(content.moocs) + 1))


class _Reader:
    """Reads submitted card values, collecting problems instead of raising."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problems.append(Problem(key, Rule.REQUIRED))
        if len(text) > MAX_TEXT:
            self.problems.append(Problem(key, Rule.TOO_LONG, _shown(text), high=str(MAX_TEXT)))
        return text

    def url(self, key: str) -> str:
        text = self.text(key)
        if text and not is_url(text):
            self.problems.append(Problem(key, Rule.URL, _shown(text)))
        return text

    def number(self, key: str) -> Decimal | None:
        text = self.text(key).replace(",", ".").replace(" ", "")
        if not text:
            return None
        if re.fullmatch(r"\d{10,}(\.\d+)?", text):  # a number, but past any course's hours however long
            self.problems.append(Problem(key, Rule.TOO_LARGE, _shown(text), high=str(MAX_HOURS)))
            return None
        if not re.fullmatch(r"-?\d{1,9}(\.\d{1,4})?", text):  # plain decimals only: no 1e3, no NaN
            self.problems.append(Problem(key, Rule.NUMBER, _shown(text)))
            return None
        value = Decimal(text)
        if value < 0:
            self.problems.append(Problem(key, Rule.NOT_NEGATIVE, _shown(text)))
            return None
        if value > MAX_HOURS:
            self.problems.append(Problem(key, Rule.TOO_LARGE, _shown(text), high=str(MAX_HOURS)))
            return None
        return value

    def percent(self, key: str) -> int | None:
        text = self.text(key).removesuffix("%").strip()
        if not text:
            return None
        # Digits only, read as an int: float() of a 400-digit value is inf, and int(inf) raises.
        number = re.fullmatch(r"(-?)0*(\d{1,3})(\.0+)?", text)
        if number is None or number.group(1) or not 0 <= int(number.group(2)) <= 100:
            self.problems.append(Problem(key, Rule.PERCENT, _shown(text), "0", "100"))
            return None
        return int(number.group(2))

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        text = self.text(key)
        if text and text not in allowed:
            self.problems.append(Problem(key, Rule.CHOICE, _shown(text)))
            return ""
        return text

    def choices(self, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = [v.strip() for v in self.text(key).split(",") if v.strip()]
        bad = [v for v in values if v not in allowed]
        if bad:
            self.problems.append(Problem(key, Rule.CHOICE, _shown(", ".join(bad))))
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
            self.problems.append(Problem(key, Rule.DATE, _shown(text)))
            return None
        if not low <= day <= high:
            self.problems.append(Problem(key, Rule.DATE_RANGE, day, low, high))
            return None
        return day


def _shown(value: str) -> str:
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


def _week_numbers_outside(data: Mapping[str, Any], allowed: range) -> list[Problem]:
    problems: list[Problem] = []
    for key in sorted(data):
        match = _WEEK_ID.match(key)
        if match and int(match.group(1)) not in allowed:
            problems.append(Problem(key, Rule.WEEK_RANGE, match.group(1), str(allowed.start), str(allowed.stop - 1)))
    return problems


def apply_step(
    content: MapContent, step: Step, data: Mapping[str, Any], course: CourseFacts
) -> tuple[MapContent, list[Problem]]:
    """The map with one card's values in it, or the problems (then the map is returned unchanged).

    Empty values are allowed in a draft (`missing_for_submission` asks for them at submission); a value that
    is there must be right: URLs http(s), percentages 0–100, hours and credits numbers not negative, exactly
    one model, week numbers 1–15, consultation dates from the course start to the day before their control point
    (`regulation_calendar.consultation_window`)."""
    read = _Reader(data)
    new = content
    if step is Step.COURSE:
        new = replace(content, course=CoursePart(
            discipline=read.text("discipline"),
            spoc_name=read.text("spoc_name"),
            platform_url=read.url("platform_url"),
            hours=read.number("hours"),
            credits=read.number("credits"),
            study_form=read.choice("study_form", tuple(StudyForm)),
            level=read.choice("level", tuple(Level)),
            language=read.choice("language", LANGUAGES),
            semester=read.text("semester"),
            attestation=read.text("attestation"),
        ))
    elif step is Step.MOOCS:
        moocs: list[Mooc] = []
        slots = sorted(
            {int(m.group(1)) for k in data for m in [re.match(r"^mooc(\d{1,3})_", k)] if m}
        )
        for i in slots:
            name, url, match = read.text(f"mooc{i}_name"), read.url(f"mooc{i}_url"), read.percent(f"mooc{i}_match")
            if not (name or url or match is not None or data.get(f"mooc{i}_match") not in (None, "")):
                continue
            if not name:
                read.problems.append(Problem(f"mooc{i}_name", Rule.REQUIRED))
            if match is None and str(data.get(f"mooc{i}_match") or "").strip() == "":
                read.problems.append(Problem(f"mooc{i}_match", Rule.REQUIRED))
            moocs.append(Mooc(name, url, match))
        if len(moocs) > MAX_MOOCS:
            read.problems.append(Problem(f"mooc{slots[-1]}_name", Rule.MOOC_COUNT, str(len(moocs)), "1",
                                         str(MAX_MOOCS)))
        new = replace(content, moocs=tuple(moocs))
    elif step is Step.MODEL:
        raw = str(data.get("model") or "").strip()
        chosen = [v.strip() for v in raw.split(",") if v.strip()]
        if len(chosen) != 1 or chosen[0] not in tuple(IntegrationModel):
            read.problems.append(Problem("model", Rule.ONE_MODEL, _shown(raw)))
        else:
            new = replace(content, model=IntegrationModel(chosen[0]))
    elif step in STEP_WEEKS:
        numbers = STEP_WEEKS[step]
        read.problems += _week_numbers_outside(data, numbers)
        weeks = list(content.weeks)
        for n in numbers:
            weeks[n - 1] = WeekPlan(
                n,
                topic=read.text(f"w{n}_topic"),
                hours=read.number(f"w{n}_hours"),
                assignments=read.text(f"w{n}_assignments"),
                assessment=read.text(f"w{n}_assessment"),
                forms=read.choices(f"w{n}_form", tuple(LessonForm)),
                platform=read.text(f"w{n}_platform"),
                link=read.url(f"w{n}_link"),
            )
        new = replace(content, weeks=tuple(weeks))
    elif step is Step.CONTROLS:
        rows: list[ControlRow] = []
        for row in content.controls:
            k = row.kind.value
            if row.is_consultation:
                rows.append(replace(
                    row,
                    date=read.date(f"{k}_date", *consultation_window(course.start_date,
                                                                      course.control_date(row.kind))),
                    hours=read.number(f"{k}_hours"),
                    forms=read.choices(f"{k}_form", tuple(LessonForm)),
                    platform=read.text(f"{k}_platform"),
                    link=read.url(f"{k}_link"),
                ))
            else:
                rows.append(replace(
                    row,
                    date=course.control_date(row.kind),
                    assessment=read.text(f"{k}_assessment"),
                    forms=read.choices(f"{k}_form", tuple(LessonForm)),
                    platform=read.text(f"{k}_platform"),
                    link=read.url(f"{k}_link"),
                ))
        new = replace(content, controls=tuple(rows))
    if read.problems:
        return content, read.problems
    return new, []


def apply_topics(content: MapContent, pasted: str) -> tuple[MapContent, list[Problem]]:
    """Topics pasted from the syllabus, one a line: "N. topic" sets week N, a line without a number the next week.

    Week numbers must be 1–15 and each week named once; on any problem the map is returned unchanged."""
    if len(pasted) > MAX_TOPICS:
        return content, [Problem("topics", Rule.TOO_LONG, _shown(pasted), high=str(MAX_TOPICS))]
    problems: list[Problem] = []
    topics: dict[int, str] = {}
    week = 0
    for line in pasted.splitlines():
        if not line.strip():
            continue
        match = _TOPIC_LINE.match(line)
        if match:
            week, topic = int(match.group(1)), match.group(2).strip()
        else:
            week, topic = week + 1, line.strip()
        if not 1 <= week <= WEEKS:
            problems.append(Problem("topics", Rule.WEEK_RANGE, str(week), "1", str(WEEKS)))
            continue
        if week in topics:
            problems.append(Problem("topics", Rule.WEEK_TWICE, str(week)))
            continue
        if len(topic) > MAX_TEXT:
            problems.append(Problem("topics", Rule.TOO_LONG, _shown(topic), high=str(MAX_TEXT)))
            continue
        topics[week] = topic
    if not topics and not problems:
        problems.append(Problem("topics", Rule.REQUIRED))
    if problems:
        return content, problems
    weeks = tuple(replace(w, topic=topics.get(w.week, w.topic)) for w in content.weeks)
    return replace(content, weeks=weeks), []


def check_review(comment: str, *, approve: bool) -> list[Problem]:
    """A return needs its reason; a comment fits the field either way."""
    if not approve and not comment:
        return [Problem("comment", Rule.REQUIRED)]
    if len(comment) > MAX_COMMENT:
        return [Problem("comment", Rule.TOO_LONG, _shown(comment), high=str(MAX_COMMENT))]
    return []


def missing_for_submission(content: MapContent) -> list[Problem]:
    """What a map needs before the tutor may submit it: every Part 1 field, a MOOC with its match, the model,
    each week's topic, hours and form, and each consultation's date and hours."""
    problems: list[Problem] = []
    c = content.course
    for name in COURSE_FIELDS:
        value = getattr(c, name)
        if value is None or value == "":
            problems.append(Problem(name, Rule.REQUIRED))
    if not content.moocs:
        problems.append(Problem("mooc1_name", Rule.REQUIRED))
    for i, mooc in enumerate(content.moocs, start=1):
        if mooc.match is None:
            problems.append(Problem(f"mooc{i}_match", Rule.REQUIRED))
    if content.model is None:
        problems.append(Problem("model", Rule.ONE_MODEL))
    for w in content.weeks:
        for name, value in (("topic", w.topic), ("hours", w.hours), ("form", w.forms)):
            if value is None or value in ("", ()):
                problems.append(Problem(f"w{w.week}_{name}", Rule.REQUIRED))
    for r in content.controls:
        if r.is_consultation:
            for name, value in (("date", r.date), ("hours", r.hours)):
                if value is None:
                    problems.append(Problem(f"{r.kind.value}_{name}", Rule.REQUIRED))
    return problems


def step_of_field(field_id: str) -> Step:
    """Which card a field is edited in (to send the tutor straight to it)."""
    if field_id in COURSE_FIELDS:
        return Step.COURSE
    if field_id.startswith("mooc"):
        return Step.MOOCS
    if field_id == "model":
        return Step.MODEL
    match = _WEEK_ID.match(field_id)
    if match:
        n = int(match.group(1))
        return next((s for s, r in STEP_WEEKS.items() if n in r), Step.WEEKS_11)
    return Step.CONTROLS


@dataclass(frozen=True)
class Progress:
    """How far a map is filled in, part by part (for the overview card)."""

    course_missing: int
    moocs: int
    model: IntegrationModel | None
    weeks_done: int  # weeks with topic, hours and form
    consultations_done: int

    @property
    def complete(self) -> bool:
        return (self.course_missing == 0 and self.moocs > 0 and self.model is not None
                and self.weeks_done == WEEKS and self.consultations_done == len(CONSULTATIONS))


def progress(content: MapContent) -> Progress:
    missing = missing_for_submission(content)
    fields = {p.field for p in missing}
    weeks_missing = {int(m.group(1)) for f in fields for m in [_WEEK_ID.match(f)] if m}
    consultations_missing = {k for k in CONSULTATIONS if any(f.startswith(k.value + "_") for f in fields)}
    return Progress(
        course_missing=sum(1 for f in fields if f in COURSE_FIELDS),
        moocs=sum(1 for m in content.moocs if m.name and m.match is not None),
        model=content.model,
        weeks_done=WEEKS - len(weeks_missing),
        consultations_done=len(CONSULTATIONS) - len(consultations_missing),
    )
