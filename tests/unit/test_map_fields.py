"""The integration map's field protocol: the card, the reader and the problems agree on every input id, because
they all come from one description per part (tutoring/integration_map/fields.py)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cards.i18n import TEXTS, text
from cards.integration_map_docx import doc_cells
from cards.integration_map_pieces import MapView, field_label
from cards.integration_map_steps import step_card, step_values
from tests.support.cards import input_ids, input_values
from tests.unit.test_integration_map import MGT
from tutoring.integration_map import (
    IntegrationModel,
    MapContent,
    MapState,
    Mooc,
    Part,
    Step,
    WeekPlan,
    apply_step,
    default_content,
    fields,
    missing_for_submission,
    step_of_field,
)
from tutoring.norms import SessionKind
from tutoring.regulation_calendar import ControlKind


def filled() -> MapContent:
    content = default_content(MGT)
    return replace(
        content,
        course=replace(content.course, spoc_name="Coach", hours=Decimal("150"), credits=Decimal(5), level="master"),
        moocs=(Mooc("Coach", "https://www.coursera.org/learn/x", 80), Mooc("Second", "", 15)),
        model=IntegrationModel.SUPPORT,
        weeks=tuple(replace(w, topic=f"Тема {w.week}", hours=Decimal("1.25"), forms=("async", "sync"),
                            assignments="Эссе") for w in content.weeks),
        controls=tuple(r if r.is_consultation else replace(r, assessment="Тест") for r in content.controls),
    )


@pytest.mark.parametrize("step", list(Step))
def test_each_card_shows_exactly_the_inputs_its_reader_reads(step: Step) -> None:
    content = filled()
    view = MapView(7, MGT, content, MapState.DRAFT, 0, False)
    card = step_card("ru", view, step)
    ids = input_ids(card)
    assert sorted(ids) == sorted(step_values(content, step)) and len(ids) == len(set(ids))
    for field_id in ids:
        ref = fields.parse_field(field_id)
        assert ref is not None and ref.step is step and step_of_field(field_id) is step, field_id
        assert field_label("ru", field_id) != field_id  # every input has its label in the catalogue
    # What the card sends back, read by the rules, is the same map: nothing lost, nothing refused.
    again, problems = apply_step(content, step, input_values(card), MGT)
    assert problems == [] and again == content


def test_input_ids_are_built_and_read_back_the_same_way() -> None:
    assert fields.week_id(3, "topic") == "w3_topic"
    assert fields.mooc_id(2, "match") == "mooc2_match"
    assert fields.control_id(SessionKind.CONSULTATION_RK1, "date") == "consultation_rk1_date"
    week = fields.parse_field("w12_hours")
    assert week is not None and (week.part, week.number, week.name, week.step) == (Part.WEEK, 12, "hours",
                                                                                   Step.WEEKS_11)
    control = fields.parse_field("rk1_assessment")
    assert control is not None and (control.part, control.kind, control.name) == (Part.CONTROL, ControlKind.RK1,
                                                                                  "assessment")
    assert fields.parse_field("w1234_topic") is None and fields.parse_field("nonsense") is None
    assert [f.name for f in fields.COURSE_PART][:3] == ["discipline", "spoc_name", "platform_url"]
    assert {n for r in fields.STEP_WEEKS.values() for n in r} == set(range(1, 16))


def test_what_a_submission_needs_follows_the_descriptions() -> None:
    content = default_content(MGT)
    missing = {p.field for p in missing_for_submission(content)}
    required_week = {f.name for f in fields.WEEK_ROW if f.required}
    assert required_week == {"topic", "hours", "form"}
    # The form defaults to async (a MOOC is known).
    assert {fields.week_id(1, "topic"), fields.week_id(1, "hours")} <= missing
    assert fields.week_id(1, "form") not in missing
    assert fields.week_id(1, "assignments") not in missing
    assert {p.field for p in missing_for_submission(filled())} == set()


def test_every_field_has_its_place_in_the_docx() -> None:
    """The DOCX writer prints what the field protocol says: each field's cell is a column (or Part 1's row) the
    document has, and a row's cells come from its fields."""
    for f in (*fields.WEEK_ROW, *fields.CONSULTATION_ROW, *fields.CONTROL_ROW):
        assert f.doc_cell in (*fields.SCHEDULE_COLUMNS, "")
    assert {f.doc_cell for f in fields.MOOC_ROW} <= set(fields.MOOC_COLUMNS)
    assert all(f"integration_map.doc.f.{f.doc_cell}" in TEXTS for f in fields.COURSE_PART)
    week = WeekPlan(3, topic="Тема", hours=Decimal("1.5"), forms=("async", "sync"), platform="Coursera",
                    link="https://x.org/a")
    forms = f"{text('ru', 'integration_map.form.async')}\n{text('ru', 'integration_map.form.sync')}"
    assert doc_cells("ru", week, fields.WEEK_ROW) == {
        "topic": ("Тема", None), "hours": ("1,5", None), "assignments": ("", None), "assessment": ("", None),
        "form": (forms, None), "platform": ("Coursera\nhttps://x.org/a", "https://x.org/a")}
    course = default_content(MGT).course
    assert doc_cells("en", replace(course, hours=Decimal(150), credits=Decimal(5)), fields.COURSE_PART,
                     sep=" / ")["workload"] == ("150 / 5", None)
