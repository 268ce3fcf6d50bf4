"""The tutor's AIS grade sheets card (7.4): each sheet due, with a "Filled in the AIS" button."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from cards.base import Json, adaptive_card, paragraph, title
from cards.formats import fmt_date
from cards.i18n import text
from tutoring.locale import Lang

ACTION_FILLED = "gradesheets.filled"


class SheetInput(StrEnum):
    """The card's input ids and button data, shared with the submission model (dialogs/gradesheets.py)."""

    COURSE = "course"  # the course code (CONTRACT §11)
    CONTROL = "control"  # rk1, rk2, exam
    HOURS = "hours"  # optional: time spent, logged as 7.4 documentation


@dataclass(frozen=True)
class SheetLine:
    course_code: str
    course_name: str
    control: str  # rk1, rk2, exam
    control_date: dt.date
    due: dt.date
    overdue: bool


def control_label(lang: Lang, control: str) -> str:
    return text(lang, f"gradesheets.control.{control}")


def gradesheets_card(lang: Lang, sheets: list[SheetLine], *, days: int) -> Json:
    body: list[Json] = [title(text(lang, "gradesheets.title")),
                        paragraph(text(lang, "gradesheets.hint", days=days), subtle=True)]
    actions: list[Json] = []
    for sheet in sheets:
        label = control_label(lang, sheet.control)
        line = text(lang, "gradesheets.line", control=label, date=fmt_date(sheet.control_date, lang),
                    due=fmt_date(sheet.due, lang))
        if sheet.overdue:
            line += f" — {text(lang, 'gradesheets.overdue')}"
        body.append({"type": "TextBlock", "text": f"{sheet.course_code} {sheet.course_name}", "weight": "Bolder",
                     "wrap": True, "spacing": "Medium"})
        body.append({**paragraph(line), **({"color": "Attention"} if sheet.overdue else {})})
        actions.append({"type": "Action.Submit",
                        "title": text(lang, "gradesheets.button", course=sheet.course_code, control=label),
                        "data": {"action": ACTION_FILLED, SheetInput.COURSE: sheet.course_code,
                                 SheetInput.CONTROL: sheet.control}})
    body.append({"type": "Input.Text", "id": SheetInput.HOURS, "label": text(lang, "gradesheets.field.hours"),
                 "maxLength": 6, "placeholder": "0,5"})
    body.append({"type": "ActionSet", "actions": actions})
    return adaptive_card(body)
