"""The map's rules: a card's values into the map (all or nothing), the pasted topics, a reviewer's comment,
what a submission needs, and how far a map is filled in. Every input is read through `fields`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from tutoring.integration_map.content import (
    CONSULTATIONS,
    MAX_COMMENT,
    MAX_MOOCS,
    MAX_TEXT,
    MAX_TOPICS,
    MOOC_SLOTS,
    WEEKS,
    ControlRow,
    CourseFacts,
    CoursePart,
    IntegrationModel,
    MapContent,
    Mooc,
    WeekPlan,
)
from tutoring.integration_map.fields import (
    COURSE_PART,
    MOOC_ROW,
    STEP_WEEKS,
    WEEK_ROW,
    MapProblem,
    Part,
    Reader,
    Rule,
    Step,
    control_id,
    control_row,
    is_empty,
    mooc_id,
    parse_field,
    shorten,
    week_id,
)
from tutoring.regulation_calendar import consultation_window

_TOPIC_LINE = re.compile(r"^\s*(\d{1,3})\s*[.):\-–]\s*(.*)$")


def mooc_slots(content: MapContent) -> int:
    return min(MAX_MOOCS, max(MOOC_SLOTS, len(content.moocs) + 1))


def _week_numbers_outside(data: Mapping[str, Any], allowed: range) -> list[MapProblem]:
    problems: list[MapProblem] = []
    for key in sorted(data):
        ref = parse_field(key)
        if ref is not None and ref.part is Part.WEEK and ref.number not in allowed:
            problems.append(MapProblem(key, Rule.WEEK_RANGE, str(ref.number), str(allowed.start), str(allowed.stop - 1)))
    return problems


def _moocs(read: Reader, data: Mapping[str, Any]) -> tuple[Mooc, ...]:
    moocs: list[Mooc] = []
    slots = sorted({ref.number for k in data for ref in [parse_field(k)]
                    if ref is not None and ref.part is Part.MOOC and ref.number is not None})
    for i in slots:
        row = read.row(MOOC_ROW, partial(mooc_id, i))
        sent = data.get(mooc_id(i, "match"))
        if not (row["name"] or row["url"] or row["match"] is not None or sent not in (None, "")):
            continue
        if not row["name"]:
            read.problems.append(MapProblem(mooc_id(i, "name"), Rule.REQUIRED))
        if row["match"] is None and str(sent or "").strip() == "":
            read.problems.append(MapProblem(mooc_id(i, "match"), Rule.REQUIRED))
        moocs.append(Mooc(**row))
    if len(moocs) > MAX_MOOCS:
        read.problems.append(MapProblem(mooc_id(slots[-1], "name"), Rule.MOOC_COUNT, str(len(moocs)), "1",
                                     str(MAX_MOOCS)))
    return tuple(moocs)


def _controls(read: Reader, content: MapContent, course: CourseFacts) -> tuple[ControlRow, ...]:
    rows: list[ControlRow] = []
    for row in content.controls:
        control_day = course.control_date(row.kind)
        window = consultation_window(course.start_date, control_day) if row.is_consultation else None
        values = read.row(control_row(row.kind), partial(control_id, row.kind), window)
        if not row.is_consultation:
            values["date"] = control_day  # the roster's (the AIS owns control dates)
        rows.append(replace(row, **values))
    return tuple(rows)


def apply_step(
    content: MapContent, step: Step, data: Mapping[str, Any], course: CourseFacts
) -> tuple[MapContent, list[MapProblem]]:
    """The map with one card's values in it, or the problems (then the map is returned unchanged).

    Empty values are allowed in a draft (`missing_for_submission` asks for them at submission); a value that
    is there must be right: URLs http(s), percentages 0–100, hours and credits numbers not negative, exactly
    one model, week numbers 1–15, consultation dates from the course start to the day before their control point
    (`regulation_calendar.consultation_window`)."""
    read = Reader(data)
    new = content
    if step is Step.COURSE:
        new = replace(content, course=CoursePart(**read.row(COURSE_PART, str)))
    elif step is Step.MOOCS:
        new = replace(content, moocs=_moocs(read, data))
    elif step is Step.MODEL:
        raw = str(data.get("model") or "").strip()
        chosen = [v.strip() for v in raw.split(",") if v.strip()]
        if len(chosen) != 1 or chosen[0] not in tuple(IntegrationModel):
            read.problems.append(MapProblem("model", Rule.ONE_MODEL, shorten(raw)))
        else:
            new = replace(content, model=IntegrationModel(chosen[0]))
    elif step in STEP_WEEKS:
        numbers = STEP_WEEKS[step]
        read.problems += _week_numbers_outside(data, numbers)
        weeks = list(content.weeks)
        for n in numbers:
            weeks[n - 1] = WeekPlan(n, **read.row(WEEK_ROW, partial(week_id, n)))
        new = replace(content, weeks=tuple(weeks))
    elif step is Step.CONTROLS:
        new = replace(content, controls=_controls(read, content, course))
    if read.problems:
        return content, read.problems
    return new, []


def apply_topics(content: MapContent, pasted: str) -> tuple[MapContent, list[MapProblem]]:
    """Topics pasted from the syllabus, one a line: "N. topic" sets week N, a line without a number the next week.

    Week numbers must be 1–15 and each week named once; on any problem the map is returned unchanged."""
    if len(pasted) > MAX_TOPICS:
        return content, [MapProblem("topics", Rule.TOO_LONG, shorten(pasted), high=str(MAX_TOPICS))]
    problems: list[MapProblem] = []
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
            problems.append(MapProblem("topics", Rule.WEEK_RANGE, str(week), "1", str(WEEKS)))
            continue
        if week in topics:
            problems.append(MapProblem("topics", Rule.WEEK_TWICE, str(week)))
            continue
        if len(topic) > MAX_TEXT:
            problems.append(MapProblem("topics", Rule.TOO_LONG, shorten(topic), high=str(MAX_TEXT)))
            continue
        topics[week] = topic
    if not topics and not problems:
        problems.append(MapProblem("topics", Rule.REQUIRED))
    if problems:
        return content, problems
    weeks = tuple(replace(w, topic=topics.get(w.week, w.topic)) for w in content.weeks)
    return replace(content, weeks=weeks), []


def check_review(comment: str, *, approve: bool) -> list[MapProblem]:
    """A return needs its reason; a comment fits the field either way."""
    if not approve and not comment:
        return [MapProblem("comment", Rule.REQUIRED)]
    if len(comment) > MAX_COMMENT:
        return [MapProblem("comment", Rule.TOO_LONG, shorten(comment), high=str(MAX_COMMENT))]
    return []


def missing_for_submission(content: MapContent) -> list[MapProblem]:
    """What a map needs before the tutor may submit it: the required fields of every part (`fields`): all of
    Part 1, a MOOC with its match, the model, each week's topic, hours and form, each consultation's date and
    hours."""
    problems = [MapProblem(f.name, Rule.REQUIRED) for f in COURSE_PART
                if f.required and is_empty(getattr(content.course, f.attribute))]
    if not content.moocs:
        problems.append(MapProblem(mooc_id(1, "name"), Rule.REQUIRED))
    for i, mooc in enumerate(content.moocs, start=1):
        if mooc.match is None:
            problems.append(MapProblem(mooc_id(i, "match"), Rule.REQUIRED))
    if content.model is None:
        problems.append(MapProblem("model", Rule.ONE_MODEL))
    for w in content.weeks:
        problems += [MapProblem(week_id(w.week, f.name), Rule.REQUIRED) for f in WEEK_ROW
                     if f.required and is_empty(getattr(w, f.attribute))]
    for r in content.controls:  # a consultation's date and hours; how RK1, RK2 and the exam assess knowledge
        problems += [MapProblem(control_id(r.kind, f.name), Rule.REQUIRED) for f in control_row(r.kind)
                     if f.required and is_empty(getattr(r, f.attribute))]
    return problems


def step_of_field(field_id: str) -> Step:
    """Which card a field is edited in (to send the tutor straight to it)."""
    ref = parse_field(field_id)
    return ref.step if ref is not None else Step.CONTROLS


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
    refs = [ref for p in missing_for_submission(content) for ref in [parse_field(p.field)] if ref is not None]
    return Progress(
        course_missing=sum(1 for r in refs if r.part is Part.COURSE),
        moocs=sum(1 for m in content.moocs if m.name and m.match is not None),
        model=content.model,
        weeks_done=WEEKS - len({r.number for r in refs if r.part is Part.WEEK}),
        consultations_done=len(CONSULTATIONS) - len({r.kind for r in refs
                                                     if r.part is Part.CONTROL and r.kind in CONSULTATIONS}),
    )
