"""Cards of the SPOC/MOOC integration map (Appendix 1): an overview, one card per part, Part 4 in cards of five
weeks plus one for the consultations and control rows, the reviewer's card and list, and the Teams file
consent / file info attachments that deliver the DOCX. Pure: data in, card JSON out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cards.base import Json, adaptive_card, file_consent, file_info, paragraph, plain, title
from cards.formats import fmt_date, fmt_number
from cards.i18n import text
from cards.integration_map_pieces import (
    ACTION,
    KEY,
    MapView,
    attention,
    choice_input,
    control_name,
    forms_text,
    header,
    notice_blocks,
    state_name,
    submit_button,
    text_input,
)
from tutoring.integration_map import (
    MAX_COMMENT,
    MAX_TOPICS,
    ControlRow,
    MapContent,
    MapState,
    Step,
    WeekPlan,
    model_text,
    progress,
    schedule,
)
from tutoring.locale import Lang

# --- the cards -----------------------------------------------------------------------------------------


def course_choice_card(lang: Lang, courses: list[tuple[int, str, str]]) -> Json:
    """Choose one of the tutor's courses: (id, code, name)."""
    choices = [(str(i), f"{code} {name}") for i, code, name in courses]
    body: list[Json] = [
        title(text(lang, KEY + "choose.title")),
        choice_input("course", text(lang, KEY + "choose.label"), choices[0][0] if choices else "", choices),
    ]
    return adaptive_card(body, [submit_button(text(lang, KEY + "choose.open"), {"action": ACTION + "open"})])


def _state_facts(lang: Lang, view: MapView) -> list[Json]:
    if view.version == 0:
        state = state_name(lang, MapState.DRAFT)
    else:
        state = text(lang, KEY + "fact.version", n=view.version, state=state_name(lang, view.state))
        if view.changed:
            state += "; " + text(lang, KEY + "fact.changed", n=view.version)
    facts: list[Json] = [{"title": text(lang, KEY + "fact.state"), "value": state}]
    if view.state is MapState.RETURNED and view.comment:
        facts.append({"title": text(lang, KEY + "fact.returned", who=plain(view.reviewer or "—")),
                      "value": plain(view.comment)})
    if view.state is MapState.APPROVED and view.reviewer:
        facts.append({"title": text(lang, KEY + "fact.approved"), "value": plain(view.reviewer)})
    return facts


def _progress_facts(lang: Lang, content: MapContent, *, controls_saved: bool) -> list[Json]:
    done = progress(content)
    # A new map's consultation dates are the calendar's proposals: "3 of 3 planned" before the tutor has seen them
    # would say more than anyone did.
    consultations = text(lang, KEY + "fact.consultations", n=done.consultations_done) if controls_saved \
        else text(lang, KEY + "fact.consultations_proposed")
    part1 = (text(lang, KEY + "fact.filled") if done.course_missing == 0
             else text(lang, KEY + "fact.missing", n=done.course_missing))
    matches = ", ".join(f"{m.match}%" for m in content.moocs if m.match is not None)
    part2 = text(lang, KEY + "fact.moocs", n=len(content.moocs), matches=matches) if content.moocs \
        else text(lang, KEY + "fact.none")
    part3 = model_text(done.model, lang)[0] if done.model else text(lang, KEY + "fact.no_model")
    return [
        {"title": text(lang, KEY + "fact.part1"), "value": part1},
        {"title": text(lang, KEY + "fact.part2"), "value": part2},
        {"title": text(lang, KEY + "fact.part3"), "value": part3},
        {"title": text(lang, KEY + "fact.part4"), "value": text(lang, KEY + "fact.weeks", n=done.weeks_done)},
        {"title": text(lang, KEY + "fact.controls"), "value": consultations},
    ]


def overview_card(lang: Lang, view: MapView, *, notice: str | None = None,
                  problems: list[str] | None = None, copy_from: str | None = None) -> Json:
    """The map at a glance, with a button per part, the topic paste, submission and the DOCX."""
    course = {"course": view.course_id}

    def edit(step: Step) -> Json:
        return submit_button(text(lang, KEY + f"btn.{step.value}"), {"action": ACTION + "edit", "step": step.value, **course},
                       inputs=False)

    topics_card = adaptive_card(
        [
            paragraph(text(lang, KEY + "topics.hint"), subtle=True),
            text_input("topics", text(lang, KEY + "field.topics"), "", multiline=True, max_length=MAX_TOPICS,
                        placeholder="1. …\n2. …"),
        ],
        [submit_button(text(lang, KEY + "btn.topics_save"), {"action": ACTION + "topics", **course})],
    )
    topics_card.pop("$schema", None)
    topics_card.pop("version", None)
    topics_card.pop("msteams", None)
    body: list[Json] = [
        header(lang, view),
        *notice_blocks(notice),
        *attention(problems or []),
        {"type": "FactSet", "facts": _state_facts(lang, view)
         + _progress_facts(lang, view.content, controls_saved=view.controls_saved)},
        paragraph(text(lang, KEY + "overview.hint"), subtle=True),
        {"type": "ActionSet", "actions": [edit(Step.COURSE), edit(Step.MOOCS), edit(Step.MODEL)]},
        paragraph(text(lang, KEY + "part4.buttons")),
        {"type": "ActionSet", "actions": [edit(Step.WEEKS_1), edit(Step.WEEKS_6), edit(Step.WEEKS_11),
                                          edit(Step.CONTROLS)], "spacing": "Small"},
        {"type": "ActionSet", "actions": [
            {"type": "Action.ShowCard", "title": text(lang, KEY + "btn.topics"), "card": topics_card},
        ]},
    ]
    if copy_from:  # a new map, and an earlier offering of the course has one: start from it
        body.insert(3, {"type": "ActionSet", "actions": [
            submit_button(text(lang, KEY + "btn.copy", semester=copy_from), {"action": ACTION + "copy", **course}, inputs=False),
        ]})
    actions = [
        _submit_action(lang, view),
        # The DOCX of the latest version while the draft is that version; of the draft once it has changed.
        submit_button(text(lang, KEY + "btn.docx"),
                {"action": ACTION + "docx", **course, "version": 0 if view.changed else view.version}, inputs=False),
    ]
    return adaptive_card(body, actions)


def _submit_action(lang: Lang, view: MapView) -> Json:
    """Submit; for a new version of an approved map, with the change note it needs (7.4 syllabus updates)."""
    course = {"course": view.course_id}
    if not view.approved_version:
        return submit_button(text(lang, KEY + "btn.submit"), {"action": ACTION + "submit", **course},
                             style="positive", inputs=False)
    note_card = adaptive_card(
        [paragraph(text(lang, KEY + "note.hint"), subtle=True),
         text_input("note", text(lang, KEY + "field.note") + " *", "", multiline=True, max_length=MAX_COMMENT)],
        [submit_button(text(lang, KEY + "btn.submit_send"), {"action": ACTION + "submit", **course},
                       style="positive")],
    )
    for key in ("$schema", "version", "msteams"):
        note_card.pop(key, None)
    return {"type": "Action.ShowCard", "title": text(lang, KEY + "btn.submit"), "card": note_card}


# --- what a reviewer sees --------------------------------------------------------------------------------


def _row_summary(lang: Lang, row: WeekPlan | ControlRow) -> tuple[str, str]:
    hours = fmt_number(row.hours, lang, places=4)
    parts: list[str] = []
    if isinstance(row, WeekPlan):  # all of the week: the reviewer signs what the DOCX will show
        name = str(row.week)
        parts.append(plain(row.topic) or "—")
        parts += [plain(v) for v in (row.assignments, row.assessment) if v]
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
    parts += [plain(v) for v in (row.platform, row.link) if v]
    return name, " · ".join(parts)


def content_facts(lang: Lang, content: MapContent, start: dt.date) -> list[Json]:
    """The whole map, read-only: Part 1 facts, MOOCs, the model, the 15 weeks with the control rows."""
    c = content.course

    def label(name: str) -> str:
        return text(lang, KEY + f"field.{name}")

    part1 = [
        ("discipline", c.discipline), ("spoc_name", c.spoc_name), ("platform_url", c.platform_url),
        ("hours", fmt_number(c.hours, lang, places=4)), ("credits", fmt_number(c.credits, lang, places=4)),
        ("study_form", text(lang, KEY + f"study_form.{c.study_form}") if c.study_form else ""),
        ("level", text(lang, KEY + f"level.{c.level}") if c.level else ""),
        ("language", text(lang, KEY + f"language.{c.language}") if c.language else ""),
        ("semester", c.semester), ("attestation", c.attestation),
    ]
    moocs = [{"title": text(lang, KEY + "mooc", n=i),
              "value": plain(f"{m.name} — {m.match if m.match is not None else '?'}%"
                             + (f" ({m.url})" if m.url else ""))}
             for i, m in enumerate(content.moocs, start=1)]
    rows = [_row_summary(lang, r) for r in schedule(content, start)]
    blocks: list[Json] = [
        {"type": "TextBlock", "text": text(lang, KEY + "step.part1"), "weight": "Bolder", "wrap": True},
        {"type": "FactSet", "facts": [{"title": label(n), "value": plain(v) or "—"} for n, v in part1]},
        {"type": "TextBlock", "text": text(lang, KEY + "step.part2"), "weight": "Bolder", "wrap": True},
        {"type": "FactSet", "facts": moocs} if moocs else paragraph(text(lang, KEY + "fact.none")),
        {"type": "TextBlock", "text": text(lang, KEY + "step.part3"), "weight": "Bolder", "wrap": True},
    ]
    if content.model:
        name, description = model_text(content.model, lang)
        blocks += [{"type": "TextBlock", "text": name, "wrap": True}, paragraph(description, subtle=True)]
    else:
        blocks.append(paragraph(text(lang, KEY + "fact.no_model")))
    blocks += [
        {"type": "TextBlock", "text": text(lang, KEY + "doc.part4_2"), "weight": "Bolder", "wrap": True},
        {"type": "FactSet", "facts": [{"title": n, "value": v or "—"} for n, v in rows]},
    ]
    return blocks


def review_card(lang: Lang, view: MapView, *, version: int, state: MapState, content: MapContent,
                submitted_on: dt.date | None, tutor: str, can_review: bool, notice: str | None = None,
                changes: list[Json] | None = None) -> Json:
    """A submitted version for the dean or the Online Education Office: read it, approve it or return it."""
    body: list[Json] = [title(text(lang, KEY + "review.title", code=plain(view.facts.code), name=plain(view.facts.name))),
                        *notice_blocks(notice)]
    if version == 0:
        body.append(paragraph(text(lang, KEY + "review.nothing")))
        return adaptive_card(body)
    body.append(paragraph(text(lang, KEY + "review.version", n=version, tutor=plain(tutor),
                               date=fmt_date(submitted_on, lang) if submitted_on else "—")))
    facts: list[Json] = [{"title": text(lang, KEY + "fact.state"), "value": state_name(lang, state)}]
    if view.school_signer:
        facts.append({"title": text(lang, KEY + "doc.program_leader"), "value": plain(view.school_signer)})
    if view.comment and state is MapState.RETURNED:
        facts.append({"title": text(lang, KEY + "fact.returned", who=plain(view.reviewer or "—")),
                      "value": plain(view.comment)})
    body.append({"type": "FactSet", "facts": facts})
    body += changes or []  # a new version of an approved map: what changed, before the whole of it
    body += content_facts(lang, content, view.facts.start_date)
    ids = {"course": view.course_id, "version": version}
    actions: list[Json] = []
    if can_review and state in (MapState.SUBMITTED, MapState.SCHOOL_APPROVED):
        return_card = adaptive_card(
            [text_input("comment", text(lang, KEY + "field.comment"), "", multiline=True, max_length=MAX_COMMENT,
                         placeholder=text(lang, KEY + "review.comment_hint"))],
            [submit_button(text(lang, KEY + "btn.return_send"), {"action": ACTION + "return", **ids}, style="destructive")],
        )
        for key in ("$schema", "version", "msteams"):
            return_card.pop(key, None)
        actions += [
            submit_button(text(lang, KEY + "btn.approve"), {"action": ACTION + "approve", **ids}, style="positive", inputs=False),
            {"type": "Action.ShowCard", "title": text(lang, KEY + "btn.return"), "card": return_card},
        ]
    docx = submit_button(text(lang, KEY + "btn.docx"), {"action": ACTION + "docx", **ids}, inputs=False)
    body.append({"type": "ActionSet", "actions": [docx]})  # its own row: the two decisions keep their width
    return adaptive_card(body, actions)


@dataclass(frozen=True)
class ListItem:
    course_id: int
    code: str
    name: str
    state: MapState | None  # None: the tutor has not started a map
    version: int


def review_list_card(lang: Lang, items: list[ListItem], limit: int = 25) -> Json:
    body: list[Json] = [title(text(lang, KEY + "list.title"))]
    if not items:
        body.append(paragraph(text(lang, KEY + "list.empty")))
        return adaptive_card(body)
    body.append(paragraph(text(lang, KEY + "list.hint"), subtle=True))
    for item in items[:limit]:
        if item.state is None:
            state = text(lang, KEY + "state.none")
        elif item.version == 0:
            state = state_name(lang, item.state)
        else:
            state = text(lang, KEY + "fact.version", n=item.version, state=state_name(lang, item.state))
        body.append({
            "type": "ColumnSet",
            "separator": True,
            "columns": [
                {"type": "Column", "width": "stretch", "verticalContentAlignment": "Center", "items": [
                    {"type": "TextBlock", "text": f"**{plain(item.code)}** {plain(item.name)}", "wrap": True},
                    {"type": "TextBlock", "text": state, "isSubtle": True, "spacing": "None", "wrap": True},
                ]},
                {"type": "Column", "width": "auto", "items": [{"type": "ActionSet", "actions": [
                    submit_button(text(lang, KEY + "btn.open", code=item.code),
                            {"action": ACTION + "review", "course": item.course_id}, inputs=False),
                ]}]},
            ],
        })
    return adaptive_card(body)


# --- the DOCX through Teams' file consent ---------------------------------------------------------------


def file_consent_attachment(lang: Lang, *, name: str, size: int, code: str, context: Json) -> Json:
    return file_consent(name=name, size=size, context=context, description=text(lang, KEY + "docx.description", code=code))


def file_info_attachment(upload: Mapping[str, Any]) -> Json:
    return file_info(upload, "docx")


def docx_file_name(code: str, version: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", code)
    return f"integration-map-{safe}-v{version}.docx" if version else f"integration-map-{safe}-draft.docx"
