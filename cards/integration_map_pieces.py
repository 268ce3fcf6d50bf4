"""Pieces shared by the integration map's cards: the view of one course's map, the labels of its fields and
problems (from the field protocol, `tutoring.integration_map.fields`), and the small input builders."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from cards.base import Json, plain, title
from cards.formats import fmt_date
from cards.i18n import TEXTS, text
from tutoring.integration_map import (
    MOOC_ROW,
    CourseFacts,
    FieldRef,
    LessonForm,
    MapContent,
    MapProblem,
    MapState,
    Part,
    RowKind,
    Step,
    parse_field,
)
from tutoring.locale import Lang
from tutoring.norms import SessionKind
from tutoring.regulation_calendar import ControlKind

KEY = "integration_map."  # text keys: integration_map.<what>
ACTION = "integration_map."  # card action names: integration_map.<verb>
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
    controls_saved: bool = False  # the tutor saved the consultations card (else its dates are only proposed)
    school_signer: str | None = None  # who signed the latest version for the school (the first of two)
    approved_version: int = 0  # the latest approved version (a new one needs a change note), 0 when none


# --- small formatting helpers ---------------------------------------------------------------------------


def forms_text(lang: Lang, forms: tuple[str, ...]) -> str:
    return ", ".join(text(lang, KEY + f"form.{f}") for f in forms)


def control_name(lang: Lang, kind: RowKind) -> str:
    return text(lang, KEY + f"control.{kind.value}")


def state_name(lang: Lang, state: MapState) -> str:
    return text(lang, KEY + f"state.{state.value}")


def field_label(lang: Lang, field: str) -> str:
    """The name a card shows for an input id, e.g. "w3_hours" -> "Неделя 3: Кол-во часов"."""
    ref = parse_field(field)
    match ref:
        case FieldRef(part=Part.COURSE | Part.SINGLE):
            return text(lang, KEY + f"field.{ref.name}")
        case FieldRef(part=Part.MOOC) if ref.name in {f.name for f in MOOC_ROW}:
            return f"{text(lang, KEY + 'mooc', n=ref.number)}: {text(lang, KEY + 'field.mooc.' + ref.name)}"
        case FieldRef(part=Part.WEEK):
            return f"{text(lang, KEY + 'week', n=ref.number)}: {week_field(lang, ref.name)}"
        case FieldRef(part=Part.CONTROL, kind=SessionKind() | ControlKind() as kind):
            return f"{control_name(lang, kind)}: {week_field(lang, ref.name)}"
        case _:
            return field


def week_field(lang: Lang, name: str) -> str:
    key = KEY + f"field.w.{name}"
    return text(lang, key) if key in TEXTS else name


def problem_text(lang: Lang, problem: MapProblem) -> str:
    return text(lang, KEY + f"problem.{problem.rule.value}", field=field_label(lang, problem.field),
                value=_bound(lang, problem.value, person=True), low=_bound(lang, problem.low), high=_bound(lang, problem.high))


def _bound(lang: Lang, value: str | dt.date, *, person: bool = False) -> str:
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    return plain(value) if person else value


def problem_lines(lang: Lang, problems: list[MapProblem], limit: int = MAX_PROBLEM_LINES) -> list[str]:
    lines = [problem_text(lang, p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(text(lang, KEY + "problems.more", n=len(problems) - limit))
    return lines


def problems_message(lang: Lang, header_key: str, problems: list[MapProblem]) -> str:
    return "\n".join([text(lang, KEY + header_key), *(f"• {line}" for line in problem_lines(lang, problems))])


# --- card pieces ---------------------------------------------------------------------------------------


def submit_button(label: str, data: Json, *, style: str | None = None, inputs: bool = True) -> Json:
    action: Json = {"type": "Action.Submit", "title": label, "data": data}
    if style:
        action["style"] = style
    if not inputs:
        action["associatedInputs"] = "none"
    return action


def text_input(id_: str, label: str, value: str, *, multiline: bool = False, url: bool = False,
                placeholder: str | None = None, max_length: int = 1000) -> Json:
    block: Json = {"type": "Input.Text", "id": id_, "label": label, "value": value, "maxLength": max_length}
    if multiline:
        block["isMultiline"] = True
    if url:
        block["style"] = "Url"
    if placeholder:
        block["placeholder"] = placeholder
    return block


def number_input(id_: str, label: str, value: str, *, low: int = 0, high: int | None = None) -> Json:
    block: Json = {"type": "Input.Number", "id": id_, "label": label, "min": low}
    if high is not None:
        block["max"] = high
    number = as_number(value)
    if number is not None:
        block["value"] = number
    return block


def as_number(value: str) -> float | int | None:
    cleaned = value.replace(",", ".").strip().removesuffix("%")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number) or abs(number) > 1e9:  # a refused "1e400" is shown empty: JSON has no Infinity
        return None
    return int(number) if number.is_integer() else number


def choice_input(id_: str, label: str, value: str, choices: list[tuple[str, str]], *, multi: bool = False,
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


def columns(*items: tuple[Json, str]) -> Json:
    return {"type": "ColumnSet", "columns": [{"type": "Column", "width": w, "items": [i]} for i, w in items]}


def attention(lines: list[str]) -> list[Json]:
    return [{"type": "TextBlock", "text": line, "wrap": True, "color": "Attention", "spacing": "Small"}
            for line in lines]


def notice_blocks(notice: str | None) -> list[Json]:
    return [{"type": "TextBlock", "text": notice, "wrap": True, "color": "Good"}] if notice else []


def header(lang: Lang, view: MapView) -> Json:
    return title(text(lang, KEY + "title", code=plain(view.facts.code), name=plain(view.facts.name)))


def form_choices(lang: Lang) -> list[tuple[str, str]]:
    return [(f.value, text(lang, KEY + f"form.{f.value}")) for f in LessonForm]

