"""Charts in cards: the typed helpers, the figures behind the dean's charts, and the validator that knows them."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from cards.base import adaptive_card
from cards.charts import ChartColor, Series, Slice, donut, fact_table, grouped_bars, number, short_name
from cards.hours import progress_card
from cards.i18n import text
from cards.summary import summary_card
from cards.summary_charts import MAX_TUTORS
from tests.support.adaptive_cards import (
    card_problems,
    card_problems_many,
    node_tools_available,
    without_charts,
)
from tests.support.cards import nodes
from tutoring.locale import Lang
from tutoring.norms import DEFAULT_NORMS, Category
from tutoring.progress import LedgerLine, TutorCourse, compute_progress
from tutoring.summary_figures import hours_by_tutor, question_outcomes, tutor_hours
from tutoring.weekly import IsoWeek, QuestionFigures, Row, SessionFigures, WeeklySummary, compose

TODAY = dt.date(2026, 11, 30)
WEEK = IsoWeek.parse("2026-W48")
TEAMS_CARD_LIMIT = 28 * 1024


@pytest.fixture
def node_tools() -> None:
    if not node_tools_available():
        pytest.skip("node or node_modules/adaptivecards missing (run `npm ci`): Adaptive Card validation skipped")


# --- the helpers -------------------------------------------------------------------------------------------------
def test_numbers_are_plain_json_numbers() -> None:
    assert [number(5), number(Decimal("2.50")), number(Decimal("11.00")), number(Decimal("0.25"))] == [5, 2.5, 11, 0.25]
    assert isinstance(number(Decimal("11.00")), int)


def test_donut_carries_its_slices_and_leaves_out_empty_ones() -> None:
    twin = fact_table([("on time", "3"), ("late", "0"), ("waiting", "2")])
    chart = donut("Questions", [Slice("on time", 3, ChartColor.GOOD), Slice("late", 0, ChartColor.ROSE),
                                Slice("waiting", 2, ChartColor.ATTENTION)], fallback=twin)
    assert chart["type"] == "Chart.Donut" and chart["title"] == "Questions"
    assert chart["data"] == [{"legend": "on time", "value": 3, "color": "good"},
                             {"legend": "waiting", "value": 2, "color": "attention"}]
    assert chart["fallback"] is twin
    assert twin["type"] == "FactSet" and len(twin["facts"]) == 3


def test_grouped_bars_one_bar_per_series_and_category() -> None:
    chart = grouped_bars("Hours", ["Касымова А.", "Ковалёв Д."],
                         [Series("delivered", [Decimal("4"), Decimal("1.5")], ChartColor.BLUE),
                          Series("norm", [Decimal(11), Decimal(11)], ChartColor.LILAC)],
                         fallback=fact_table([("Касымова А.", "4 of 11 h")]), y_title="h")
    assert chart["type"] == "Chart.VerticalBar.Grouped" and chart["yAxisTitle"] == "h" and "xAxisTitle" not in chart
    assert [s["legend"] for s in chart["data"]] == ["delivered", "norm"]
    assert chart["data"][0]["values"] == [{"x": "Касымова А.", "y": 4}, {"x": "Ковалёв Д.", "y": 1.5}]
    assert chart["data"][1]["color"] == "sequential4"
    assert chart["fallback"]["type"] == "FactSet"


def test_grouped_bars_refuse_what_the_renderer_cannot_draw() -> None:
    twin = fact_table([])
    with pytest.raises(ValueError, match="1 to 4 series"):
        grouped_bars("x", ["a"], [Series(str(n), [1], ChartColor.BLUE) for n in range(5)], fallback=twin)
    with pytest.raises(ValueError, match="2 values for 1 categories"):
        grouped_bars("x", ["a"], [Series("s", [1, 2], ChartColor.BLUE)], fallback=twin)


def test_fallback_facts_show_names_as_typed() -> None:
    assert fact_table([("**Bold** Tutor", "1")])["facts"][0]["title"] == "\\*\\*Bold\\*\\* Tutor"


@pytest.mark.parametrize(("name", "short"), [("Айгерим Касымова", "Касымова А."), ("Касымова Айгерим Болатовна",
                                             "Касымова А. Б."), ("Ким", "Ким"), ("  ", "")])
def test_short_names_for_axis_labels(name: str, short: str) -> None:
    assert short_name(name) == short


# --- the figures ----------------------------------------------------------------------------------------------------
def tutor_course(tutor: int, course: int, name: str) -> TutorCourse:
    return TutorCourse(tutor_id=tutor, course_id=course, start_date=dt.date(2026, 9, 1),
                       rk1_date=dt.date(2026, 10, 24), rk2_date=dt.date(2026, 12, 12),
                       exam_date=dt.date(2026, 12, 26), norms=DEFAULT_NORMS, tutor_name=name,
                       course_code=f"C{course:03d}", course_name=f"Course {course}")


def school(tutors: int, *, courses_each: int = 1,
           questions: QuestionFigures | None = None) -> tuple[list[Row], dict[int, Decimal]]:
    """`tutors` tutors; tutor n delivered n/4 hours of sessions on each course (so tutor 1 is the most behind)."""
    load = [tutor_course(t, t * 10 + c, f"Имя{t} Фамилия{t:02d}") for t in range(1, tutors + 1)
            for c in range(courses_each)]
    lines = [LedgerLine(i.tutor_id, i.course_id, Category.SESSIONS, Decimal(i.tutor_id) / 4) for i in load]
    progress = compute_progress(load, lines, TODAY)
    rows = [Row(p, SessionFigures(), questions or QuestionFigures(), Decimal(0)) for p in progress]
    return rows, {t: Decimal(t) / 4 * courses_each for t in range(1, tutors + 1)}


def test_tutor_hours_add_up_a_tutors_courses_most_behind_first() -> None:
    rows, delivered = school(3, courses_each=2)
    tutors = tutor_hours(rows)
    assert [t.tutor_id for t in tutors] == [1, 2, 3]
    assert [(t.delivered, t.norm, t.courses) for t in tutors] == [(delivered[t], Decimal(22), 2) for t in (1, 2, 3)]
    assert tutors[0].missing > tutors[2].missing


def test_a_big_school_shows_the_tutors_most_behind_and_the_average_of_the_rest() -> None:
    rows, delivered = school(40)
    hours = hours_by_tutor(rows, MAX_TUTORS)
    assert [t.tutor_id for t in hours.shown] == list(range(1, MAX_TUTORS))
    assert hours.others is not None and hours.others_count == 40 - (MAX_TUTORS - 1)
    rest = [delivered[t] for t in range(MAX_TUTORS, 41)]
    assert hours.others.delivered == (sum(rest, Decimal(0)) / len(rest)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert hours.others.norm == Decimal(11)
    small = hours_by_tutor(rows[:MAX_TUTORS], MAX_TUTORS)
    assert len(small.shown) == MAX_TUTORS and small.others is None


def test_questions_of_a_course_count_once_however_many_tutors_it_has() -> None:
    figures = QuestionFigures(received=7, answered=5, answered_in_time=3)
    rows, _ = school(1, questions=figures)
    twin = Row(rows[0].progress, SessionFigures(), figures, Decimal(0))  # a second tutor of the same course
    outcomes = question_outcomes([rows[0], twin])
    assert (outcomes.on_time, outcomes.late, outcomes.waiting, outcomes.total) == (3, 2, 2, 7)


# --- the cards ------------------------------------------------------------------------------------------------------
def summary_of(tutors: int, questions: QuestionFigures | None = None) -> WeeklySummary:
    rows, _ = school(tutors, questions=questions)
    return compose("Школа менеджмента", WEEK, rows, TODAY)


def charts_of(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in nodes(card) if str(n.get("type", "")).startswith("Chart.")]


def twin_facts(chart: dict[str, Any]) -> dict[str, str]:
    return {f["title"]: f["value"] for n in nodes(chart["fallback"]) if n.get("type") == "FactSet" for f in n["facts"]}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_summary_charts_match_their_fallback_tables(lang: Lang) -> None:
    summary = summary_of(12, QuestionFigures(received=4, answered=3, answered_in_time=2))
    card = summary_card(summary, lang, TODAY, export_command=None)
    bars, ring = charts_of(card)
    assert bars["title"] == text(lang, "charts.hours.title") and ring["title"] == text(lang, "charts.questions.title")
    at = {id(block): n for n, block in enumerate(card["body"])}
    for chart in (bars, ring):  # each under its title, shown by every host
        assert card["body"][at[id(chart)] - 1]["text"] == chart["title"]
    delivered, norm = bars["data"]
    labels = [v["x"] for v in delivered["values"]]
    assert len(labels) == MAX_TUTORS and labels[-1] == text(lang, "charts.hours.others", count=3)
    assert labels[0] == "Фамилия01 И."
    facts = twin_facts(bars)
    assert list(facts) == labels
    for label, got, due in zip(labels, delivered["values"], norm["values"], strict=True):
        assert facts[label] == text(lang, "charts.hours.value", delivered=_fmt(got["y"], lang), norm=_fmt(due["y"], lang))
    assert {d["legend"]: d["value"] for d in ring["data"]} == {  # 12 courses, each with these figures
        text(lang, "charts.questions.on_time"): 24, text(lang, "charts.questions.late"): 12,
        text(lang, "charts.questions.waiting"): 12}
    assert twin_facts(ring) == {d["legend"]: str(d["value"]) for d in ring["data"]}


def _fmt(value: float, lang: Lang) -> str:
    from cards.formats import fmt_hours
    return fmt_hours(Decimal(str(value)), lang)


def test_a_week_without_questions_has_no_donut_and_an_empty_school_no_chart() -> None:
    assert [c["type"] for c in charts_of(summary_card(summary_of(2), "ru", TODAY, export_command=None))] == [
        "Chart.VerticalBar.Grouped"]
    empty = compose("Школа", WEEK, [], TODAY)
    assert charts_of(summary_card(empty, "ru", TODAY, export_command=None)) == []


def test_a_school_of_40_tutors_stays_readable_and_under_the_teams_size_limit() -> None:
    summary = summary_of(40, QuestionFigures(received=9, answered=8, answered_in_time=6))
    card = summary_card(summary, "ru", TODAY, export_command="export hours SOM")
    [bars, _] = charts_of(card)
    assert all(len(series["values"]) == MAX_TUTORS for series in bars["data"])
    assert len(json.dumps(card, ensure_ascii=False).encode()) < TEAMS_CARD_LIMIT
    assert len(json.dumps(card).encode()) < TEAMS_CARD_LIMIT  # even with every Cyrillic letter escaped


def test_the_tutors_progress_chart_stands_for_the_category_lines() -> None:
    rows, _ = school(1)
    progress = [r.progress for r in rows]
    card = progress_card("en", "Имя1 Фамилия01", TODAY, progress)
    [chart] = charts_of(card)
    delivered, norm = chart["data"]
    assert [v["x"] for v in delivered["values"]] == [
        text("en", f"charts.category.{c.value}") for c in Category if c is not Category.DOCUMENTATION]
    assert [v["y"] for v in delivered["values"]] == [0, 0, 0, 0, 0.25, 0]
    assert [v["y"] for v in norm["values"]] == [1, 1, 1, 1, 6, 1]
    lines = [n["text"] for n in nodes(chart["fallback"]) if n.get("type") == "TextBlock"]
    assert len(lines) == 6 and all(text("en", "charts.category.sessions") not in line for line in lines)
    outside = [n for n in nodes(card, skip=("fallback",)) if n.get("type") == "TextBlock" and n["text"] in lines]
    assert outside == []  # where charts render, the chart stands in for the lines


# --- the validator ------------------------------------------------------------------------------------------------
def chart_card() -> dict[str, Any]:
    return summary_card(summary_of(12, QuestionFigures(received=4, answered=3, answered_in_time=2)), "ru", TODAY,
                        export_command="export hours SOM")


@pytest.mark.usefixtures("node_tools")
def test_chart_cards_validate_with_no_warning() -> None:
    rows, _ = school(2)
    cards = [chart_card(), progress_card("kk", "Имя1 Фамилия01", TODAY, [r.progress for r in rows])]
    assert card_problems_many(cards) == [[], []]


@pytest.mark.usefixtures("node_tools")
@pytest.mark.parametrize(("path", "key", "value", "expected"), [
    ((), "titel", "Hours", 'Unknown property "titel" in Chart.VerticalBar.Grouped'),
    (("data", 0), "legnd", "Delivered", 'Unknown property "legnd" in GroupedVerticalBarChartData'),
    (("data", 0, "values", 0), "z", 1, 'Unknown property "z" in GroupedBarChartDataValue'),
    (("data", 0), "color", "blue", 'Invalid value "blue" for property "color"'),
    (("data", 0, "values", 0), "y", "4", '"y" must be a number'),
])
def test_a_misspelt_chart_property_fails_validation(path: tuple[str | int, ...], key: str, value: object,
                                                     expected: str) -> None:
    card = chart_card()
    [bars, _] = charts_of(card)
    target: Any = bars
    for step in path:
        target = target[step]
    target[key] = value
    assert any(expected in p for p in card_problems(card)), card_problems(card)


@pytest.mark.usefixtures("node_tools")
def test_the_renderers_own_rules_hold() -> None:
    series = [Series(str(n), [1], ChartColor.BLUE) for n in range(4)]
    chart = grouped_bars("x", ["a"], series, fallback=fact_table([]))
    chart["data"].append(copy.deepcopy(chart["data"][0]))  # a fifth series, past what the renderer draws
    bars = {"type": "Chart.HorizontalBar", "data": [], "fallback": fact_table([])}
    dropped = {"type": "Chart.Pie", "data": [{"legend": "a", "value": 1}], "fallback": "drop"}
    problems = card_problems_many([adaptive_card([chart]), adaptive_card([bars]), adaptive_card([dropped])])
    assert any("Maximum of 4 data sets" in p for p in problems[0]), problems
    assert any("No data sets provided" in p for p in problems[1]), problems
    assert problems[2] == ["Chart.Pie at $.body[0] has no fallback element (a table of its numbers) for hosts that "
                           "draw no charts"]


@pytest.mark.usefixtures("node_tools")
def test_a_host_without_charts_shows_the_tables() -> None:
    card = chart_card()
    [bars, ring] = charts_of(card)
    [plain] = without_charts([card])
    assert charts_of(plain) == []
    shown = [n for n in nodes(plain) if n.get("type") == "FactSet"]
    assert {f["title"]: f["value"] for s in shown for f in s["facts"]}.items() >= (
        twin_facts(bars) | twin_facts(ring)).items()
    titles = [n["text"] for n in nodes(plain) if n.get("type") == "TextBlock"]
    assert bars["title"] in titles and ring["title"] in titles
