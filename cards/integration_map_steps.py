"""The map's edit cards, one per part (Part 4 in three cards of five weeks and one of consultations and control
rows). Input ids and values come from the field protocol (`tutoring.integration_map.fields`), so the card, the
reader and the problems agree on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from cards.base import Json, adaptive_card, paragraph, title
from cards.formats import fmt_date, fmt_day_month
from cards.i18n import text
from cards.integration_map_pieces import (
    ACTION,
    KEY,
    STEPS,
    MapView,
    attention,
    choice_input,
    columns,
    control_name,
    header,
    notice_blocks,
    number_input,
    problem_lines,
    submit_button,
    text_input,
)
from tutoring.integration_map import (
    COURSE_PART,
    MOOC_ROW,
    STEP_WEEKS,
    WEEK_ROW,
    Field,
    IntegrationModel,
    Kind,
    MapContent,
    MapProblem,
    Mooc,
    Step,
    control_id,
    control_row,
    model_text,
    mooc_id,
    mooc_slots,
    parse_field,
    row_values,
    week_id,
)
from tutoring.locale import Lang
from tutoring.norms import SessionKind
from tutoring.regulation_calendar import CONSULTATION_FOR, consultation_window, week_dates

REQUIRED_MARK = " *"  # on the label of an input a submission needs (`Field.required`)

# --- values of a step's inputs -------------------------------------------------------------------------


def step_values(content: MapContent, step: Step) -> dict[str, str]:
    """The current values of one card's inputs, as strings (what a card shows and sends back)."""
    values: dict[str, str] = {}
    if step is Step.COURSE:
        values = row_values(content.course, COURSE_PART, str)
    elif step is Step.MOOCS:
        moocs = list(content.moocs)
        if not moocs and (content.course.spoc_name or content.course.platform_url):
            moocs = [Mooc(content.course.spoc_name, content.course.platform_url, None)]
        for i in range(1, mooc_slots(content) + 1):
            values |= row_values(moocs[i - 1] if i <= len(moocs) else Mooc(""), MOOC_ROW, partial(mooc_id, i))
    elif step is Step.MODEL:
        values["model"] = content.model.value if content.model else ""
    elif step in STEP_WEEKS:
        for n in STEP_WEEKS[step]:
            values |= row_values(content.week(n), WEEK_ROW, partial(week_id, n))
    else:
        for r in content.controls:
            values |= row_values(r, control_row(r.kind), partial(control_id, r.kind))
    return values


def _inputs(lang: Lang, fields: tuple[Field, ...], id_of: Callable[[str], str], label_key: str,
            v: Mapping[str, str], *, window: tuple[dt.date, dt.date] | None = None) -> dict[str, Json]:
    """The inputs of one row by field name, built from the field descriptions (the layout places them)."""
    built: dict[str, Json] = {}
    for f in fields:
        id_, label = id_of(f.name), text(lang, KEY + label_key + f.name) + (REQUIRED_MARK if f.required else "")
        match f.kind:
            case Kind.NUMBER:
                built[f.name] = number_input(id_, label, v[id_])
            case Kind.PERCENT:
                built[f.name] = number_input(id_, label, v[id_], high=100)
            case Kind.CHOICE | Kind.CHOICES:
                choices = [(c, text(lang, KEY + f"{f.name}.{c}")) for c in f.choices]
                built[f.name] = choice_input(id_, label, v[id_], choices, multi=f.kind is Kind.CHOICES)
            case Kind.DATE:
                block: Json = {"type": "Input.Date", "id": id_, "label": label, "value": v[id_]}
                if window is not None:
                    block |= {"min": window[0].isoformat(), "max": window[1].isoformat()}
                built[f.name] = block
            case Kind.URL:
                built[f.name] = text_input(id_, label, v[id_], url=True, placeholder="https://")
            case _:
                built[f.name] = text_input(id_, label, v[id_])
    return built


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def step_card(lang: Lang, view: MapView, step: Step, *, values: Mapping[str, Any] | None = None,
              problems: list[MapProblem] | None = None, notice: str | None = None) -> Json:
    """One part of the map to edit. `values` (what was submitted) replaces the stored ones after a refusal."""
    shown = step_values(view.content, step)
    if values is not None:
        shown = {k: ("" if values.get(k) is None else str(values.get(k))) for k in shown}
    body: list[Json] = [header(lang, view), *notice_blocks(notice)]
    if step is not Step.MODEL:
        body.append(paragraph(text(lang, KEY + "required.hint"), subtle=True))
    if problems:
        body += attention([text(lang, KEY + "problems.save"), *problem_lines(lang, problems)])
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
        actions.append(submit_button(text(lang, KEY + "btn.save_next"), {"action": ACTION + "save", **course, "then": "next"},
                               style="positive"))
    actions.append(submit_button(text(lang, KEY + "btn.save"), {"action": ACTION + "save", **course, "then": "overview"},
                           style=None if next_step(step) else "positive"))
    actions.append(submit_button(text(lang, KEY + "btn.back"), {"action": ACTION + "open", "course": view.course_id},
                           inputs=False))
    return adaptive_card(body, actions)


def _course_inputs(lang: Lang, v: Mapping[str, str]) -> list[Json]:
    i = _inputs(lang, COURSE_PART, str, "field.", v)
    i["spoc_name"]["placeholder"] = "Coursera: …"
    return [
        title(text(lang, KEY + "step.part1")),
        i["discipline"], i["spoc_name"], i["platform_url"],
        columns((i["hours"], "stretch"), (i["credits"], "stretch")),
        columns((i["study_form"], "stretch"), (i["level"], "stretch")),
        columns((i["language"], "stretch"), (i["semester"], "stretch")),
        i["attestation"],
    ]


def _mooc_inputs(lang: Lang, v: Mapping[str, str]) -> list[Json]:
    items: list[Json] = [title(text(lang, KEY + "step.part2")), paragraph(text(lang, KEY + "step.part2.note"),
                                                                       subtle=True)]
    slots = sorted({ref.number for k in v for ref in [parse_field(k)] if ref is not None and ref.number is not None})
    for n in slots:
        i = _inputs(lang, MOOC_ROW, partial(mooc_id, n), "field.mooc.", v)
        items.append({
            "type": "Container",
            "separator": True,
            "items": [
                {"type": "TextBlock", "text": text(lang, KEY + "mooc", n=n), "weight": "Bolder"},
                i["name"],
                columns((i["url"], "stretch"), (i["match"], "auto")),
            ],
        })
    return items


def _model_inputs(lang: Lang, v: Mapping[str, str]) -> list[Json]:
    items: list[Json] = [title(text(lang, KEY + "step.part3")), paragraph(text(lang, KEY + "step.part3.note"),
                                                                       subtle=True)]
    for model in IntegrationModel:
        name, description = model_text(model, lang)
        items.append({"type": "TextBlock", "text": name, "weight": "Bolder", "wrap": True, "spacing": "Medium"})
        items.append(paragraph(description))
    choices = [(m.value, model_text(m, lang)[0]) for m in IntegrationModel]
    items.append(choice_input("model", text(lang, KEY + "field.model"), v["model"], choices, expanded=True))
    return items


def _week_inputs(lang: Lang, view: MapView, step: Step, v: Mapping[str, str]) -> list[Json]:
    numbers = STEP_WEEKS[step]
    items: list[Json] = [
        title(text(lang, KEY + "step.weeks", a=numbers.start, b=numbers.stop - 1)),
        paragraph(text(lang, KEY + "step.weeks.note"), subtle=True),
    ]

    for n in numbers:
        first, last = week_dates(view.facts.start_date, n)
        heading = text(lang, KEY + "week_dates", n=n, a=fmt_day_month(first, lang), b=fmt_day_month(last, lang))
        i = _inputs(lang, WEEK_ROW, partial(week_id, n), "field.w.", v)
        i["topic"]["placeholder"] = f"Л {n}. …"
        items.append({
            "type": "Container",
            "separator": True,
            "spacing": "Medium",
            "items": [
                {"type": "TextBlock", "text": heading, "weight": "Bolder"},
                i["topic"],
                columns((i["hours"], "1"), (i["form"], "2")),
                columns((i["assignments"], "1"), (i["assessment"], "1")),
                columns((i["platform"], "1"), (i["link"], "1")),
            ],
        })
    return items


def _control_inputs(lang: Lang, view: MapView, v: Mapping[str, str]) -> list[Json]:
    facts = view.facts
    items: list[Json] = [title(text(lang, KEY + "step.controls")),
                         paragraph(text(lang, KEY + "step.controls.note"), subtle=True)]

    for row in view.content.controls:
        control_day = facts.control_date(row.kind)
        window = consultation_window(facts.start_date, control_day) if row.is_consultation else None
        i = _inputs(lang, control_row(row.kind), partial(control_id, row.kind), "field.w.", v, window=window)
        container_items: list[Json] = []
        if isinstance(row.kind, SessionKind):
            container_items += [
                {"type": "TextBlock", "text": control_name(lang, row.kind), "weight": "Bolder", "wrap": True},
                paragraph(text(lang, KEY + "control_date", name=control_name(lang, CONSULTATION_FOR[row.kind]),
                               date=fmt_date(control_day, lang)), subtle=True),
                columns((i["date"], "1"), (i["hours"], "1")),
            ]
        else:
            heading = text(lang, KEY + "control_date", name=control_name(lang, row.kind),
                           date=fmt_date(control_day, lang))
            container_items += [{"type": "TextBlock", "text": heading, "weight": "Bolder", "wrap": True},
                                i["assessment"]]
        container_items.append(columns((i["form"], "1"), (i["platform"], "1"), (i["link"], "1")))
        items.append({"type": "Container", "separator": True, "spacing": "Medium", "items": container_items})
    return items
