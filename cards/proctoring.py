"""The tutor's proctoring review card (7.3): score, violations in time order, the video, one decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from babel.dates import format_datetime

from cards.base import Json, adaptive_card, paragraph, plain, title
from cards.i18n import text
from tutoring.clock import ALMATY
from tutoring.locale import Lang

ACTION_REVIEW = "proctoring.review"


class ReviewInput(StrEnum):
    """The review card's input ids and button data (CONTRACT §9), shared with dialogs/proctoring.py's model."""

    REPORT = "report"
    VERSION = "version"  # the report's data the card shows: a card of older data decides nothing
    VERDICT = "verdict"  # approve, decline
    COMMENT = "comment"  # required for a decline
MAX_COMMENT = 2000


@dataclass(frozen=True)
class ReportView:
    report_id: int
    version: int
    course: str
    student: str
    exam: str
    started_at: dt.datetime
    score: float
    violations: list[dict[str, str]]
    video_url: str
    state: str  # pending, approved, declined
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    comment: str | None = None


def _when(lang: Lang, moment: dt.datetime) -> str:
    return format_datetime(moment, "d MMM y, HH:mm", tzinfo=ALMATY, locale=lang)


def review_card(lang: Lang, view: ReportView, *, problem: str | None = None) -> Json:
    def t(key: str, **values: object) -> str:
        return text(lang, "proctoring." + key, **values)

    facts = [
        {"title": t("fact.course"), "value": plain(view.course)},
        {"title": t("fact.student"), "value": plain(view.student)},
        {"title": t("fact.exam"), "value": text(lang, f"gradesheets.control.{view.exam}")},
        {"title": t("fact.started"), "value": _when(lang, view.started_at)},
        {"title": t("fact.score"), "value": f"{view.score:g}"},
    ]
    if view.state != "pending" and view.decided_at is not None:
        facts.append({"title": t("field.verdict"),
                      "value": t(f"state.{view.state}", who=plain(view.decided_by or ""),
                                 when=_when(lang, view.decided_at))})
    body: list[Json] = [title(t("title")), {"type": "FactSet", "facts": facts},
                        {"type": "TextBlock", "text": t("violations"), "weight": "Bolder", "wrap": True}]
    for v in view.violations:
        # A TextRun is never markdown: the type shows exactly as the proctoring system sent it.
        body.append({"type": "RichTextBlock", "inlines": [
            {"type": "TextRun", "text": _when(lang, dt.datetime.fromisoformat(v["at"])) + "  ", "weight": "Bolder"},
            {"type": "TextRun", "text": v["type"] + (f" ({v['severity']})" if v.get("severity") else "")},
        ]})
    if not view.violations:
        body.append(paragraph(t("no_violations")))
    if view.comment:
        body.append(paragraph(plain(view.comment), subtle=True))
    actions: list[Json] = []
    if view.video_url:
        actions.append({"type": "Action.OpenUrl", "title": t("open_video"), "url": view.video_url})
    if view.state == "pending":
        if problem:
            body.append({**paragraph(problem), "color": "Attention"})
        body += [
            {"type": "Input.ChoiceSet", "id": ReviewInput.VERDICT, "label": t("field.verdict"), "style": "expanded",
             "isRequired": True, "errorMessage": t("error.verdict"),
             "choices": [{"title": t("verdict.approve"), "value": "approve"},
                         {"title": t("verdict.decline"), "value": "decline"}]},
            {"type": "Input.Text", "id": ReviewInput.COMMENT, "label": t("field.comment"), "isMultiline": True,
             "maxLength": MAX_COMMENT},
        ]
        actions.append({"type": "Action.Submit", "title": t("button"),
                        "data": {"action": ACTION_REVIEW, ReviewInput.REPORT: view.report_id,
                                 ReviewInput.VERSION: view.version}})
    return adaptive_card(body, actions)
