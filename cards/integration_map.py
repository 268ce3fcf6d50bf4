"""Cards of the SPOC/MOOC integration map (Appendix 1): an overview, one card per part, Part 4 in cards of five
weeks plus one for the consultations and control rows, the reviewer's card and list, and the Teams file
consent / file info attachments that deliver the DOCX. Pure: data in, card JSON out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cards.base import Json, adaptive_card, file_consent, file_info, paragraph, plain, title
from cards.formats import fmt_date, fmt_day_month, fmt_number
from cards.i18n import TEXTS, text
from tutoring.integration_map import (
    CONTROL_OF,
    COURSE_FIELDS,
    MAX_COMMENT,
    MAX_TOPICS,
    STEP_WEEKS,
    ControlKind,
    ControlRow,
    CourseFacts,
    IntegrationModel,
    LessonForm,
    Level,
    MapContent,
    MapState,
    Mooc,
    Problem,
    Step,
    StudyForm,
    WeekPlan,
    model_text,
    mooc_slots,
    progress,
    schedule,
)
from tutoring.locale import Lang
from tutoring.regulation_calendar import consultation_window, week_dates

P = "integration_map."
A = "integration_map."  # card action names: integration_map.<verb>
STEPS: tuple[Step, ...] = tuple(Step)
MAX_PROBLEM_LINES = 12


@dataclass(frozen=True)
class MapView:
    """What a card shows about one course's map."""

    course_id: int
    facts: CourseFacts
    content: MapContent
    state: MapState  # of the latest version; draft when none
    version: int  # the latest version's number, 0 when never submitted
    changed: bool  # the draft differs from the latest version
    comment: str | None = None  # the reviewer's comment on a returned version
    reviewer: str | None = None  # who approved or returned the latest version


# --- small formatting helpers ---------------------------------------------------------------------------


def forms_text(lang: Lang, forms: tuple[str, ...]) -> str:
    return ", ".join(text(lang, P + f"form.{f}") for f in forms)


def control_name(lang: Lang, kind: ControlKind) -> str:
    return text(lang, P + f"control.{kind.value}")


def state_name(lang: Lang, state: MapState) -> str:
    return text(lang, P + f"state.{state.value}")


def field_label(lang: Lang, field: str) -> str:
    """The name a card shows for an input id, e.g. "w3_hours" -> "Неделя 3: Кол-во часов"."""
    if field in COURSE_FIELDS or field in ("model", "topics", "comment"):
        return text(lang, P + f"field.{field}")
    match = re.match(r"^mooc(\d+)_(name|url|match)$", field)
    if match:
        return f"{text(lang, P + 'mooc', n=match.group(1))}: {text(lang, P + 'field.mooc.' + match.group(2))}"
    match = re.match(r"^w(\d+)_([a-z]+)$", field)
    if match:
        return f"{text(lang, P + 'week', n=match.group(1))}: {_week_field(lang, match.group(2))}"
    for kind in ControlKind:
        if field.startswith(kind.value + "_"):
            return f"{control_name(lang, kind)}: {_week_field(lang, field.removeprefix(kind.value + '_'))}"
    return field


def _week_field(lang: Lang, name: str) -> str:
    key = P + f"field.w.{name}"
    return text(lang, key) if key in TEXTS else name


def problem_text(lang: Lang, problem: Problem) -> str:
    return text(lang, P + f"problem.{problem.rule.value}", field=field_label(lang, problem.field),
                value=_bound(lang, problem.value, person=True), low=_bound(lang, problem.low), high=_bound(lang, problem.high))


def _bound(lang: Lang, value: str | dt.date, *, person: bool = False) -> str:
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    return plain(value) if person else value


def problem_lines(lang: Lang, problems: list[Problem], limit: int = MAX_PROBLEM_LINES) -> list[str]:
    lines = [problem_text(lang, p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(text(lang, P + "problems.more", n=len(problems) - limit))
    return lines


def problems_message(lang: Lang, header_key: str, problems: list[Problem]) -> str:
    return "\n".join([text(lang, P + header_key), *(f"• {line}" for line in problem_lines(lang, problems))])


# --- card pieces ---------------------------------------------------------------------------------------


def _submit(label: str, data: Json, *, style: str | None = None, inputs: bool = True) -> Json:
    action: Json = {"type": "Action.Submit", "title": label, "data": data}
    if style:
        action["style"] = style
    if not inputs:
        action["associatedInputs"] = "none"
    return action


def _text_input(id_: str, label: str, value: str, *, multiline: bool = False, url: bool = False,
                placeholder: str | None = None, max_length: int = 1000) -> Json:
    block: Json = {"type": "Input.Text", "id": id_, "label": label, "value": value, "maxLength": max_length}
    if multiline:
        block["isMultiline"] = True
    if url:
        block["style"] = "Url"
    if placeholder:
        block["placeholder"] = placeholder
    return block


def _number_input(id_: str, label: str, value: str, *, low: int = 0, high: int | None = None) -> Json:
    block: Json = {"type": "Input.Number", "id": id_, "label": label, "min": low}
    if high is not None:
        block["max"] = high
    number = _as_number(value)
    if number is not None:
        block["value"] = number
    return block


def _as_number(value: str) -> float | int | None:
    cleaned = value.replace(",", ".").strip().removesuffix("%")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number) or abs(number) > 1e9:  # a refused "1e400" is shown empty: JSON has no Infinity
        return None
    return int(number) if number.is_integer() else number


def _choice_input(id_: str, label: str, value: str, choices: list[tuple[str, str]], *, multi: bool = False,
                  expanded: bool = False) -> Json:
    block: Json = {
        "type": "Input.ChoiceSet",
        "id": id_,
        "label": label,
        "style": "expanded" if expanded else "compact",
        "choices": [{"title": t, "value": v} for v, t in choices],
        "value": value,
        "wrap": True,
    }
    if multi:
        block["isMultiSelect"] = True
    return block


def _columns(*items: tuple[Json, str]) -> Json:
    return {"type": "ColumnSet", "columns": [{"type": "Column", "width": w, "items": [i]} for i, w in items]}


def _attention(lines: list[str]) -> list[Json]:
    return [{"type": "TextBlock", "text": line, "wrap": True, "color": "Attention", "spacing": "Small"}
            for line in lines]


def _notice(notice: str | None) -> list[Json]:
    return [{"type": "TextBlock", "text": notice, "wrap": True, "color": "Good"}] if notice else []


def _header(lang: Lang, view: MapView) -> Json:
    return title(text(lang, P + "title", code=plain(view.facts.code), name=plain(view.facts.name)))


def _form_choices(lang: Lang) -> list[tuple[str, str]]:
    return [(f.value, text(lang, P + f"form.{f.value}")) for f in LessonForm]


# --- values of a step's inputs -------------------------------------------------------------------------


def step_values(content: MapContent, step: Step) -> dict[str, str]:
    """The current values of one card's inputs, as strings (what a card shows and sends back)."""
    values: dict[str, str] = {}
    if step is Step.COURSE:
        c = content.course
        for name in COURSE_FIELDS:
            value = getattr(c, name)
            values[name] = "" if value is None else (format(value.normalize(), "f") if isinstance(value, Decimal)
                                                    else str(value))
    elif step is Step.MOOCS:
        moocs = list(content.moocs)
        if not moocs and (content.course.spoc_name or content.course.platform_url):
            moocs = [Mooc(content.course.spoc_name, content.course.platform_url, None)]
        for i in range(1, mooc_slots(content) + 1):
            mooc = moocs[i - 1] if i <= len(moocs) else None
            values[f"mooc{i}_name"] = mooc.name if mooc else ""
            values[f"mooc{i}_url"] = mooc.url if mooc else ""
            values[f"mooc{i}_match"] = "" if mooc is None or mooc.match is None else str(mooc.match)
    elif step is Step.MODEL:
        values["model"] = content.model.value if content.model else ""
    elif step in STEP_WEEKS:
        for n in STEP_WEEKS[step]:
            w = content.week(n)
            values |= {
                f"w{n}_topic": w.topic, f"w{n}_hours": _dec(w.hours), f"w{n}_assignments": w.assignments,
                f"w{n}_assessment": w.assessment, f"w{n}_form": ",".join(w.forms), f"w{n}_platform": w.platform,
                f"w{n}_link": w.link,
            }
    else:
        for r in content.controls:
            k = r.kind.value
            values |= {f"{k}_form": ",".join(r.forms), f"{k}_platform": r.platform, f"{k}_link": r.link}
            if r.is_consultation:
                values |= {f"{k}_date": r.date.isoformat() if r.date else "", f"{k}_hours": _dec(r.hours)}
            else:
                values[f"{k}_assessment"] = r.assessment
    return values


def _dec(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


# --- the cards -----------------------------------------------------------------------------------------


def course_choice_card(lang: Lang, courses: list[tuple[int, str, str]]) -> Json:
    """Choose one of the tutor's courses: (id, code, name)."""
    choices = [(str(i), f"{code} {name}") for i, code, name in courses]
    body: list[Json] = [
        title(text(lang, P + "choose.title")),
        _choice_input("course", text(lang, P + "choose.label"), choices[0][0] if choices else "", choices),
    ]
    return adaptive_card(body, [_submit(text(lang, P + "choose.open"), {"action": A + "open"})])


def _state_facts(lang: Lang, view: MapView) -> list[Json]:
    if view.version == 0:
        state = state_name(lang, MapState.DRAFT)
    else:
        state = text(lang, P + "fact.version", n=view.version, state=state_name(lang, view.state))
        if view.changed:
            state += "; " + text(lang, P + "fact.changed", n=view.version)
    facts: list[Json] = [{"title": text(lang, P + "fact.state"), "value": state}]
    if view.state is MapState.RETURNED and view.comment:
        facts.append({"title": text(lang, P + "fact.returned", who=plain(view.reviewer or "—")),
                      "value": plain(view.comment)})
    if view.state is MapState.APPROVED and view.reviewer:
        facts.append({"title": text(lang, P + "fact.approved"), "value": plain(view.reviewer)})
    return facts


def _progress_facts(lang: Lang, content: MapContent) -> list[Json]:
    done = progress(content)
    part1 = (text(lang, P + "fact.filled") if done.course_missing == 0
             else text(lang, P + "fact.missing", n=done.course_missing))
    matches = ", ".join(f"{m.match}%" for m in content.moocs if m.match is not None)
    part2 = text(lang, P + "fact.moocs", n=len(content.moocs), matches=matches) if content.moocs \
        else text(lang, P + "fact.none")
    part3 = model_text(done.model, lang)[0] if done.model else text(lang, P + "fact.no_model")
    return [
        {"title": text(lang, P + "fact.part1"), "value": part1},
        {"title": text(lang, P + "fact.part2"), "value": part2},
        {"title": text(lang, P + "fact.part3"), "value": part3},
        {"title": text(lang, P + "fact.part4"), "value": text(lang, P + "fact.weeks", n=done.weeks_done)},
        {"title": text(lang, P + "fact.controls"),
         "value": text(lang, P + "fact.consultations", n=done.consultations_done)},
    ]


def overview_card(lang: Lang, view: MapView, *, notice: str | None = None,
                  problems: list[str] | None = None, copy_from: str | None = None) -> Json:
    """The map at a glance, with a button per part, the topic paste, submission and the DOCX."""
    course = {"course": view.course_id}

    def edit(step: Step) -> Json:
        return _submit(text(lang, P + f"btn.{step.value}"), {"action": A + "edit", "step": step.value, **course},
                       inputs=False)

    topics_card = adaptive_card(
        [
            paragraph(text(lang, P + "topics.hint"), subtle=True),
            _text_input("topics", text(lang, P + "field.topics"), "", multiline=True, max_length=MAX_TOPICS,
                        placeholder="1. …\n2. …"),
        ],
        [_submit(text(lang, P + "btn.topics_save"), {"action": A + "topics", **course})],
    )
    topics_card.pop("$schema", None)
    topics_card.pop("version", None)
    topics_card.pop("msteams", None)
    body: list[Json] = [
        _header(lang, view),
        *_notice(notice),
        *_attention(problems or []),
        {"type": "FactSet", "facts": _state_facts(lang, view) + _progress_facts(lang, view.content)},
        paragraph(text(lang, P + "overview.hint"), subtle=True),
        {"type": "ActionSet", "actions": [edit(Step.COURSE), edit(Step.MOOCS), edit(Step.MODEL)]},
        {"type": "ActionSet", "actions": [edit(Step.WEEKS_1), edit(Step.WEEKS_6), edit(Step.WEEKS_11),
                                          edit(Step.CONTROLS)]},
        {"type": "ActionSet", "actions": [
            {"type": "Action.ShowCard", "title": text(lang, P + "btn.topics"), "card": topics_card},
        ]},
    ]
    if copy_from:  # a new map, and an earlier offering of the course has one: start from it
        body.insert(3, {"type": "ActionSet", "actions": [
            _submit(text(lang, P + "btn.copy", semester=copy_from), {"action": A + "copy", **course}, inputs=False),
        ]})
    actions = [
        _submit(text(lang, P + "btn.submit"), {"action": A + "submit", **course}, style="positive", inputs=False),
        # The DOCX of the latest version while the draft is that version; of the draft once it has changed.
        _submit(text(lang, P + "btn.docx"),
                {"action": A + "docx", **course, "version": 0 if view.changed else view.version}, inputs=False),
    ]
    return adaptive_card(body, actions)


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def step_card(lang: Lang, view: MapView, step: Step, *, values: Mapping[str, Any] | None = None,
              problems: list[Problem] | None = None, notice: str | None = None) -> Json:
    """One part of the map to edit. `values` (what was submitted) replaces the stored ones after a refusal."""
    shown = step_values(view.content, step)
    if values is not None:
        shown = {k: ("" if values.get(k) is None else str(values.get(k))) for k in shown}
    body: list[Json] = [_header(lang, view), *_notice(notice)]
    if problems:
        body += _attention([text(lang, P + "problems.save"), *problem_lines(lang, problems)])
    match step:
        case Step.COURSE:
            body += _course_inputs(lang, shown)
        case Step.MOOCS:
            body += _mooc_inputs(lang, shown)
        case Step.MODEL:
            body += _model_inputs(lang, shown)
        case Step.CONTROLS:
            body += _control_inputs(lang, view, shown)
        case _:
            body += _week_inputs(lang, view, step, shown)
    course = {"course": view.course_id, "step": step.value}
    actions: list[Json] = []
    if next_step(step) is not None:
        actions.append(_submit(text(lang, P + "btn.save_next"), {"action": A + "save", **course, "then": "next"},
                               style="positive"))
    actions.append(_submit(text(lang, P + "btn.save"), {"action": A + "save", **course, "then": "overview"},
                           style=None if next_step(step) else "positive"))
    actions.append(_submit(text(lang, P + "btn.back"), {"action": A + "open", "course": view.course_id},
                           inputs=False))
    return adaptive_card(body, actions)


def _course_inputs(lang: Lang, v: Mapping[str, str]) -> list[Json]:
    def label(name: str) -> str:
        return text(lang, P + f"field.{name}")

    study = [(s.value, text(lang, P + f"study_form.{s.value}")) for s in StudyForm]
    levels = [(s.value, text(lang, P + f"level.{s.value}")) for s in Level]
    languages = [(code, text(lang, P + f"language.{code}")) for code in ("ru", "kk", "en")]
    return [
        title(text(lang, P + "step.part1")),
        _text_input("discipline", label("discipline"), v["discipline"]),
        _text_input("spoc_name", label("spoc_name"), v["spoc_name"], placeholder="Coursera: …"),
        _text_input("platform_url", label("platform_url"), v["platform_url"], url=True, placeholder="https://"),
        _columns((_number_input("hours", label("hours"), v["hours"]), "stretch"),
                 (_number_input("credits", label("credits"), v["credits"]), "stretch")),
        _columns((_choice_input("study_form", label("study_form"), v["study_form"], study), "stretch"),
                 (_choice_input("level", label("level"), v["level"], levels), "stretch")),
        _columns((_choice_input("language", label("language"), v["language"], languages), "stretch"),
                 (_text_input("semester", label("semester"), v["semester"]), "stretch")),
        _text_input("attestation", label("attestation"), v["attestation"]),
    ]


def _mooc_inputs(lang: Lang, v: Mapping[str, str]) -> list[Json]:
    items: list[Json] = [title(text(lang, P + "step.part2")), paragraph(text(lang, P + "step.part2.note"),
                                                                       subtle=True)]
    slots = sorted({int(m.group(1)) for k in v for m in [re.match(r"^mooc(\d+)_", k)] if m})
    for i in slots:
        items.append({
            "type": "Container",
            "separator": True,
            "items": [
                {"type": "TextBlock", "text": text(lang, P + "mooc", n=i), "weight": "Bolder"},
                _text_input(f"mooc{i}_name", text(lang, P + "field.mooc.name"), v[f"mooc{i}_name"]),
                _columns(
                    (_text_input(f"mooc{i}_url", text(lang, P + "field.mooc.url"), v[f"mooc{i}_url"], url=True,
                                 placeholder="https://"), "stretch"),
                    (_number_input(f"mooc{i}_match", text(lang, P + "field.mooc.match"), v[f"mooc{i}_match"],
                                   high=100), "auto"),
                ),
            ],
        })
    return items


def _model_inputs(lang: Lang, v: Mapping[str, str]) -> list[Json]:
    items: list[Json] = [title(text(lang, P + "step.part3")), paragraph(text(lang, P + "step.part3.note"),
                                                                       subtle=True)]
    for model in IntegrationModel:
        name, description = model_text(model, lang)
        items.append({"type": "TextBlock", "text": name, "weight": "Bolder", "wrap": True, "spacing": "Medium"})
        items.append(paragraph(description))
    choices = [(m.value, model_text(m, lang)[0]) for m in IntegrationModel]
    items.append(_choice_input("model", text(lang, P + "field.model"), v["model"], choices, expanded=True))
    return items


def _week_inputs(lang: Lang, view: MapView, step: Step, v: Mapping[str, str]) -> list[Json]:
    numbers = STEP_WEEKS[step]
    items: list[Json] = [
        title(text(lang, P + "step.weeks", a=numbers.start, b=numbers.stop - 1)),
        paragraph(text(lang, P + "step.weeks.note"), subtle=True),
    ]

    def label(name: str) -> str:
        return text(lang, P + f"field.w.{name}")

    for n in numbers:
        first, last = week_dates(view.facts.start_date, n)
        heading = text(lang, P + "week_dates", n=n, a=fmt_day_month(first, lang), b=fmt_day_month(last, lang))
        items.append({
            "type": "Container",
            "separator": True,
            "spacing": "Medium",
            "items": [
                {"type": "TextBlock", "text": heading, "weight": "Bolder"},
                _text_input(f"w{n}_topic", label("topic"), v[f"w{n}_topic"], placeholder=f"Л {n}. …"),
                _columns((_number_input(f"w{n}_hours", label("hours"), v[f"w{n}_hours"]), "1"),
                         (_choice_input(f"w{n}_form", label("form"), v[f"w{n}_form"], _form_choices(lang),
                                        multi=True), "2")),
                _columns((_text_input(f"w{n}_assignments", label("assignments"), v[f"w{n}_assignments"]), "1"),
                         (_text_input(f"w{n}_assessment", label("assessment"), v[f"w{n}_assessment"]), "1")),
                _columns((_text_input(f"w{n}_platform", label("platform"), v[f"w{n}_platform"]), "1"),
                         (_text_input(f"w{n}_link", label("link"), v[f"w{n}_link"], url=True,
                                      placeholder="https://"), "1")),
            ],
        })
    return items


def _control_inputs(lang: Lang, view: MapView, v: Mapping[str, str]) -> list[Json]:
    facts = view.facts
    items: list[Json] = [title(text(lang, P + "step.controls")),
                         paragraph(text(lang, P + "step.controls.note"), subtle=True)]

    def label(name: str) -> str:
        return text(lang, P + f"field.w.{name}")

    for row in view.content.controls:
        k = row.kind.value
        control_day = facts.control_date(row.kind)
        if row.is_consultation:
            heading = control_name(lang, row.kind)
            first, last = consultation_window(facts.start_date, control_day)
            date_input: Json = {"type": "Input.Date", "id": f"{k}_date", "label": label("date"),
                                "value": v[f"{k}_date"], "min": first.isoformat(), "max": last.isoformat()}
            first_row = _columns((date_input, "1"),
                                 (_number_input(f"{k}_hours", label("hours"), v[f"{k}_hours"]), "1"))
            subtitle = paragraph(text(lang, P + "control_date",
                                      name=control_name(lang, CONTROL_OF[row.kind]),
                                      date=fmt_date(control_day, lang)), subtle=True)
        else:
            heading = text(lang, P + "control_date", name=control_name(lang, row.kind),
                           date=fmt_date(control_day, lang))
            first_row = _text_input(f"{k}_assessment", label("assessment"), v[f"{k}_assessment"])
            subtitle = None
        container_items: list[Json] = [{"type": "TextBlock", "text": heading, "weight": "Bolder", "wrap": True}]
        if subtitle is not None:
            container_items.append(subtitle)
        container_items += [
            first_row,
            _columns((_choice_input(f"{k}_form", label("form"), v[f"{k}_form"], _form_choices(lang), multi=True),
                      "1"),
                     (_text_input(f"{k}_platform", label("platform"), v[f"{k}_platform"]), "1"),
                     (_text_input(f"{k}_link", label("link"), v[f"{k}_link"], url=True, placeholder="https://"),
                      "1")),
        ]
        items.append({"type": "Container", "separator": True, "spacing": "Medium", "items": container_items})
    return items


# --- what a reviewer sees --------------------------------------------------------------------------------


def _row_summary(lang: Lang, row: WeekPlan | ControlRow) -> tuple[str, str]:
    hours = fmt_number(row.hours, lang, places=4)
    parts: list[str] = []
    if isinstance(row, WeekPlan):
        name = str(row.week)
        parts.append(plain(row.topic) or "—")
    else:
        name = control_name(lang, row.kind)
        if row.date:
            parts.append(fmt_date(row.date, lang))
        if row.assessment:
            parts.append(plain(row.assessment))
    if hours:
        parts.append(f"{hours} h" if lang == "en" else f"{hours} ч" if lang == "ru" else f"{hours} сағ")
    if row.forms:
        parts.append(forms_text(lang, row.forms))
    if row.platform:
        parts.append(plain(row.platform))
    return name, " · ".join(parts)


def content_facts(lang: Lang, content: MapContent) -> list[Json]:
    """The whole map, read-only: Part 1 facts, MOOCs, the model, the 15 weeks with the control rows."""
    c = content.course

    def label(name: str) -> str:
        return text(lang, P + f"field.{name}")

    part1 = [
        ("discipline", c.discipline), ("spoc_name", c.spoc_name), ("platform_url", c.platform_url),
        ("hours", fmt_number(c.hours, lang, places=4)), ("credits", fmt_number(c.credits, lang, places=4)),
        ("study_form", text(lang, P + f"study_form.{c.study_form}") if c.study_form else ""),
        ("level", text(lang, P + f"level.{c.level}") if c.level else ""),
        ("language", text(lang, P + f"language.{c.language}") if c.language else ""),
        ("semester", c.semester), ("attestation", c.attestation),
    ]
    moocs = [{"title": text(lang, P + "mooc", n=i),
              "value": plain(f"{m.name} — {m.match if m.match is not None else '?'}%"
                             + (f" ({m.url})" if m.url else ""))}
             for i, m in enumerate(content.moocs, start=1)]
    rows = [_row_summary(lang, r) for r in schedule(content)]
    blocks: list[Json] = [
        {"type": "TextBlock", "text": text(lang, P + "step.part1"), "weight": "Bolder", "wrap": True},
        {"type": "FactSet", "facts": [{"title": label(n), "value": plain(v) or "—"} for n, v in part1]},
        {"type": "TextBlock", "text": text(lang, P + "step.part2"), "weight": "Bolder", "wrap": True},
        {"type": "FactSet", "facts": moocs} if moocs else paragraph(text(lang, P + "fact.none")),
        {"type": "TextBlock", "text": text(lang, P + "step.part3"), "weight": "Bolder", "wrap": True},
    ]
    if content.model:
        name, description = model_text(content.model, lang)
        blocks += [{"type": "TextBlock", "text": name, "wrap": True}, paragraph(description, subtle=True)]
    else:
        blocks.append(paragraph(text(lang, P + "fact.no_model")))
    blocks += [
        {"type": "TextBlock", "text": text(lang, P + "doc.part4_2"), "weight": "Bolder", "wrap": True},
        {"type": "FactSet", "facts": [{"title": n, "value": v or "—"} for n, v in rows]},
    ]
    return blocks


def review_card(lang: Lang, view: MapView, *, version: int, state: MapState, content: MapContent,
                submitted_on: dt.date | None, tutor: str, can_review: bool, notice: str | None = None) -> Json:
    """A submitted version for the dean or the Online Education Office: read it, approve it or return it."""
    body: list[Json] = [title(text(lang, P + "review.title", code=plain(view.facts.code), name=plain(view.facts.name))),
                        *_notice(notice)]
    if version == 0:
        body.append(paragraph(text(lang, P + "review.nothing")))
        return adaptive_card(body)
    body.append(paragraph(text(lang, P + "review.version", n=version, tutor=plain(tutor),
                               date=fmt_date(submitted_on, lang) if submitted_on else "—")))
    facts: list[Json] = [{"title": text(lang, P + "fact.state"), "value": state_name(lang, state)}]
    if view.comment and state is MapState.RETURNED:
        facts.append({"title": text(lang, P + "fact.returned", who=plain(view.reviewer or "—")),
                      "value": plain(view.comment)})
    body.append({"type": "FactSet", "facts": facts})
    body += content_facts(lang, content)
    ids = {"course": view.course_id, "version": version}
    actions: list[Json] = []
    if can_review and state is MapState.SUBMITTED:
        return_card = adaptive_card(
            [_text_input("comment", text(lang, P + "field.comment"), "", multiline=True, max_length=MAX_COMMENT,
                         placeholder=text(lang, P + "review.comment_hint"))],
            [_submit(text(lang, P + "btn.return_send"), {"action": A + "return", **ids}, style="destructive")],
        )
        for key in ("$schema", "version", "msteams"):
            return_card.pop(key, None)
        actions += [
            _submit(text(lang, P + "btn.approve"), {"action": A + "approve", **ids}, style="positive", inputs=False),
            {"type": "Action.ShowCard", "title": text(lang, P + "btn.return"), "card": return_card},
        ]
    actions.append(_submit(text(lang, P + "btn.docx"), {"action": A + "docx", **ids}, inputs=False))
    return adaptive_card(body, actions)


@dataclass(frozen=True)
class ListItem:
    course_id: int
    code: str
    name: str
    state: MapState | None  # None: the tutor has not started a map
    version: int


def review_list_card(lang: Lang, items: list[ListItem], limit: int = 25) -> Json:
    body: list[Json] = [title(text(lang, P + "list.title"))]
    if not items:
        body.append(paragraph(text(lang, P + "list.empty")))
        return adaptive_card(body)
    body.append(paragraph(text(lang, P + "list.hint"), subtle=True))
    for item in items[:limit]:
        if item.state is None:
            state = text(lang, P + "state.none")
        elif item.version == 0:
            state = state_name(lang, item.state)
        else:
            state = text(lang, P + "fact.version", n=item.version, state=state_name(lang, item.state))
        body.append({
            "type": "ColumnSet",
            "separator": True,
            "columns": [
                {"type": "Column", "width": "stretch", "verticalContentAlignment": "Center", "items": [
                    {"type": "TextBlock", "text": f"**{plain(item.code)}** {plain(item.name)}", "wrap": True},
                    {"type": "TextBlock", "text": state, "isSubtle": True, "spacing": "None", "wrap": True},
                ]},
                {"type": "Column", "width": "auto", "items": [{"type": "ActionSet", "actions": [
                    _submit(text(lang, P + "btn.open", code=item.code),
                            {"action": A + "review", "course": item.course_id}, inputs=False),
                ]}]},
            ],
        })
    return adaptive_card(body)


# --- the DOCX through Teams' file consent ---------------------------------------------------------------


def file_consent_attachment(lang: Lang, *, name: str, size: int, code: str, context: Json) -> Json:
    return file_consent(name=name, size=size, context=context, description=text(lang, P + "docx.description", code=code))


def file_info_attachment(upload: Mapping[str, Any]) -> Json:
    return file_info(upload, "docx")


def docx_file_name(code: str, version: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", code)
    return f"integration-map-{safe}-v{version}.docx" if version else f"integration-map-{safe}-draft.docx"
