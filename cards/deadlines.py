"""Deadline cards (7.3, CONTRACT §9): a student's own deadlines with their status; for a tutor, one card per course
of the students who have not handed in what is overdue or due within 7 days, with Remind and Remind all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from cards.base import Json, adaptive_card, paragraph, plain, title
from cards.formats import fmt_when
from cards.i18n import text
from tutoring.deadlines import Status
from tutoring.locale import Lang

ACTION_REMIND = "deadlines.remind"
ACTION_REMIND_ALL = "deadlines.remind_all"
MAX_STUDENTS = 20  # per course card: the rest are counted ("and N more"); Remind all reaches them too
MAX_WORKS = 2  # per student line; the rest are counted (+N)
SHOWN_CHARS = 60  # of a name or a title on the tutor's card: 20 lines of the longest still fit in 28 KB


class RemindInput(StrEnum):
    """The Remind buttons' data, shared with dialogs/deadlines.py's models."""

    COURSE = "course"
    STUDENT = "student"


@dataclass(frozen=True)
class StudentLine:
    course: str
    title: str
    due: dt.datetime
    cutoff: dt.datetime | None
    status: Status


@dataclass(frozen=True)
class Work:
    title: str
    due: dt.datetime
    overdue: bool


@dataclass(frozen=True)
class BehindRow:
    student_id: int
    name: str
    works: list[Work]
    reminded: bool  # the tutor already reminded them of every one of these


def _status(lang: Lang, line: StudentLine) -> str:
    cutoff = fmt_when(line.cutoff, lang) if line.cutoff else ""
    return text(lang, f"deadlines.status.{line.status.value}", cutoff=cutoff) if line.status is Status.OVERDUE \
        else text(lang, f"deadlines.status.{line.status.value}")


def student_card(lang: Lang, lines: list[StudentLine], now: dt.datetime, *, reminders_off: bool) -> Json:
    body: list[Json] = [title(text(lang, "deadlines.student.title"))]
    upcoming = [ln for ln in lines if ln.due >= now]
    past = sorted((ln for ln in lines if ln.due < now), key=lambda ln: ln.due, reverse=True)
    for key, part in (("upcoming", upcoming), ("past", past)):
        if not part:
            continue
        body.append({"type": "TextBlock", "text": text(lang, f"deadlines.student.{key}"), "weight": "Bolder",
                     "wrap": True, "spacing": "Medium"})
        body.append({"type": "FactSet", "facts": [
            {"title": text(lang, "deadlines.student.line", course=plain(ln.course), title=plain(ln.title),
                           due=fmt_when(ln.due, lang)), "value": _status(lang, ln)} for ln in part]})
    note = "deadlines.student.off_note" if reminders_off else "deadlines.student.on_note"
    body.append(paragraph(text(lang, note), subtle=True))
    return adaptive_card(body)


def _short(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def _works(lang: Lang, works: list[Work]) -> str:
    said = [text(lang, "deadlines.tutor.work", title=plain(_short(w.title)), when=text(
        lang, "deadlines.tutor.overdue" if w.overdue else "deadlines.tutor.due", due=fmt_when(w.due, lang)))
        for w in works[:MAX_WORKS]]
    if len(works) > MAX_WORKS:
        said.append(f"+{len(works) - MAX_WORKS}")
    return "; ".join(said)


def _row(lang: Lang, course_id: int, row: BehindRow) -> Json:
    who: list[Json] = [{"type": "TextBlock", "text": plain(_short(row.name)), "weight": "Bolder", "wrap": True},
                       {"type": "TextBlock", "text": _works(lang, row.works), "isSubtle": True, "wrap": True,
                        "spacing": "None"}]
    if row.reminded:
        side: Json = {"type": "TextBlock", "text": text(lang, "deadlines.tutor.reminded"), "isSubtle": True}
    else:
        side = {"type": "ActionSet", "actions": [{
            "type": "Action.Submit", "title": text(lang, "deadlines.button.remind"),
            "data": {"action": ACTION_REMIND, RemindInput.COURSE: course_id, RemindInput.STUDENT: row.student_id}}]}
    return {"type": "ColumnSet", "separator": True, "columns": [
        {"type": "Column", "width": "stretch", "items": who},
        {"type": "Column", "width": "auto", "verticalContentAlignment": "Center", "items": [side]}]}


def tutor_card(lang: Lang, course: str, course_id: int, rows: list[BehindRow]) -> Json:
    """One course: who has not handed in, the overdue first; at most MAX_STUDENTS lines, "and N more"."""
    body: list[Json] = [title(text(lang, "deadlines.tutor.title", course=plain(course))),
                        paragraph(text(lang, "deadlines.tutor.scope"), subtle=True)]
    body += [_row(lang, course_id, r) for r in rows[:MAX_STUDENTS]]
    if len(rows) > MAX_STUDENTS:
        body.append(paragraph(text(lang, "deadlines.tutor.more", count=len(rows) - MAX_STUDENTS), subtle=True))
    waiting = sum(not r.reminded for r in rows)
    actions: list[Json] = []
    if waiting:
        actions.append({"type": "Action.Submit", "title": text(lang, "deadlines.button.remind_all", count=waiting),
                        "data": {"action": ACTION_REMIND_ALL, RemindInput.COURSE: course_id}})
    return adaptive_card(body, actions)


def report_card(lang: Lang, behind: list[tuple[str, int]]) -> Json:
    """The tutor's `report`: how many students are behind per course."""
    lines = "\n".join(f"- {text(lang, 'deadlines.report.line', course=plain(c), count=n)}" for c, n in behind)
    return adaptive_card([title(text(lang, "deadlines.report.title")), paragraph(lines)])
