"""The integration map's pure parts: defaults, rules, JSON, the consultation feed, the cards and the DOCX."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from docx import Document

from cards.i18n import text
from cards.integration_map import ListItem, course_choice_card, overview_card, review_card, review_list_card
from cards.integration_map_docx import render_map_docx
from cards.integration_map_pieces import MapView, field_label, problem_text
from cards.integration_map_steps import step_card
from tests.support.adaptive_cards import card_problems_many, node_tools_available
from tutoring.integration_map import (
    WEEKS,
    ControlRow,
    CourseFacts,
    IntegrationModel,
    MapContent,
    MapDocument,
    MapProblem,
    MapState,
    Mooc,
    Rule,
    Step,
    WeekPlan,
    apply_step,
    apply_topics,
    consultation_points,
    content_from_json,
    content_to_json,
    default_content,
    missing_for_submission,
    model_text,
    progress,
    schedule,
    week_of,
)
from tutoring.locale import Lang
from tutoring.norms import SessionKind
from tutoring.regulation_calendar import ControlKind, consultation_default_day

MGT = CourseFacts("MGT2101", "Основы менеджмента", "ru", "2026-fall", dt.date(2026, 9, 1), dt.date(2026, 10, 24),
                  dt.date(2026, 12, 12), dt.date(2026, 12, 26), "https://www.coursera.org/learn/managing-as-a-coach")
FIN = CourseFacts("FIN2204", "Қаржылық есеп", "kk", "2026-fall", dt.date(2026, 9, 1), dt.date(2026, 10, 24),
                  dt.date(2026, 12, 12), dt.date(2026, 12, 28), None)
EXPORTED = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)


def full(facts: CourseFacts = MGT) -> MapContent:
    content = default_content(facts)
    return replace(
        content,
        course=replace(content.course, spoc_name="Managing as a Coach", hours=Decimal(150), credits=Decimal(5),
                       level="bachelor", platform_url="https://www.coursera.org/learn/x"),
        moocs=(Mooc("Managing as a Coach", "https://www.coursera.org/learn/x", 80),),
        model=IntegrationModel.BLENDED_PLUS_MOOC,
        weeks=tuple(replace(w, topic=f"Тема {w.week}", hours=Decimal("1.5"), forms=("async",)) for w in content.weeks),
        controls=tuple(r if r.is_consultation else replace(r, assessment=f"Тест {r.kind.value}")
                       for r in content.controls),
    )


# --- defaults ----------------------------------------------------------------------------------------------------


def test_a_new_map_is_prefilled_from_the_course() -> None:
    content = default_content(MGT)
    assert (content.course.discipline, content.course.language, content.course.semester) == (
        "Основы менеджмента", "ru", "2026-fall")
    assert content.course.platform_url == MGT.mooc_url
    assert content.course.attestation == "экзамен" and content.course.study_form == "full_time"
    assert content.model is None and content.moocs == ()
    assert [w.week for w in content.weeks] == list(range(1, 16))
    assert content.week(1).link == MGT.mooc_url and content.week(1).platform == "coursera.org"
    dates = {r.kind: r.date for r in content.controls}
    assert dates == {
        SessionKind.CONSULTATION_RK1: dt.date(2026, 10, 22),  # two days before RK1 (the calendar's proposed day)
        ControlKind.RK1: dt.date(2026, 10, 24),
        SessionKind.CONSULTATION_RK2: dt.date(2026, 12, 10),
        SessionKind.CONSULTATION_EXAM: dt.date(2026, 12, 24),
        ControlKind.RK2: dt.date(2026, 12, 12),
        ControlKind.EXAM: dt.date(2026, 12, 26),
    }
    assert {r.kind: r.hours for r in content.controls if r.is_consultation} == {
        SessionKind.CONSULTATION_RK1: Decimal(1), SessionKind.CONSULTATION_RK2: Decimal(1),
        SessionKind.CONSULTATION_EXAM: Decimal(1)}


def test_consultations_already_scheduled_win_over_the_defaults() -> None:
    content = default_content(MGT, {SessionKind.CONSULTATION_RK2: dt.date(2026, 12, 9)})
    assert content.control(SessionKind.CONSULTATION_RK2).date == dt.date(2026, 12, 9)
    assert content.control(SessionKind.CONSULTATION_RK1).date == dt.date(2026, 10, 22)


def test_default_consultation_date_skips_sunday_and_stays_in_the_course() -> None:
    assert default_content(FIN).control(SessionKind.CONSULTATION_EXAM).date == dt.date(2026, 12, 26)  # Mon 28 -> Sat
    assert consultation_default_day(MGT.start_date, dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    assert default_content(FIN).course.attestation == "емтихан"


def test_the_schedule_runs_in_date_order() -> None:
    """Each consultation and control row stands after the week its date falls in, a week's rows by date (the
    walk-through found the exam's consultation, 24 Dec, above RK2, 12 Dec)."""
    rows = schedule(default_content(MGT), MGT.start_date)
    names = [str(r.week) if isinstance(r, WeekPlan) else r.kind.value for r in rows]
    assert names == ["1", "2", "3", "4", "5", "6", "7", "8", "consultation_rk1", "rk1",
                     "9", "10", "11", "12", "13", "14", "15", "consultation_rk2", "rk2",
                     "consultation_exam", "exam"]
    dates = [r.date for r in rows if isinstance(r, ControlRow) and r.date]
    assert dates == sorted(dates)


def test_a_consultation_without_a_date_stands_before_its_control_point() -> None:
    content = default_content(MGT)
    undated = replace(content, controls=tuple(replace(r, date=None) if r.is_consultation else r
                                              for r in content.controls))
    names = [r.kind.value for r in schedule(undated, MGT.start_date) if isinstance(r, ControlRow)]
    assert names == ["consultation_rk1", "rk1", "consultation_rk2", "rk2", "consultation_exam", "exam"]


def test_the_three_models_carry_the_regulations_text() -> None:
    assert model_text(IntegrationModel.SUPPORT, "ru")[0] == "Модель 1. МООК-поддержка"
    assert model_text(IntegrationModel.BLENDED_MOOC_PLUS, "ru")[1].startswith(
        "Использование МООК с частичным сохранением лекций, практических и семинарских занятий")
    for model in IntegrationModel:
        for lang in ("ru", "kk", "en"):
            name, description = model_text(model, lang)
            assert name and len(description) > 60


# --- rules -------------------------------------------------------------------------------------------------------


def fields(problems: list[MapProblem]) -> list[tuple[str, Rule]]:
    return [(p.field, p.rule) for p in problems]


@pytest.mark.parametrize(("value", "ok"), [("0", True), ("100", True), ("80%", True), ("101", False),
                                           ("-1", False), ("50.5", False), ("abc", False)])
def test_percentages_are_whole_numbers_from_0_to_100(value: str, ok: bool) -> None:
    content = default_content(MGT)
    new, problems = apply_step(content, Step.MOOCS, {"mooc1_name": "M", "mooc1_match": value}, MGT)
    if ok:
        assert problems == [] and new.moocs[0].match == int(value.rstrip("%"))
    else:
        assert fields(problems) == [("mooc1_match", Rule.PERCENT)] and new is content


def test_empty_mooc_rows_are_dropped_and_a_half_row_is_refused() -> None:
    content = default_content(MGT)
    new, problems = apply_step(content, Step.MOOCS, {"mooc1_name": "A", "mooc1_match": "70", "mooc2_name": "",
                                                     "mooc2_url": "", "mooc2_match": ""}, MGT)
    assert problems == [] and new.moocs == (Mooc("A", "", 70),)
    _, problems = apply_step(content, Step.MOOCS, {"mooc1_url": "https://a.org", "mooc1_match": ""}, MGT)
    assert fields(problems) == [("mooc1_name", Rule.REQUIRED), ("mooc1_match", Rule.REQUIRED)]


@pytest.mark.parametrize("model", ["", "1,2", "4", "one"])
def test_exactly_one_model(model: str) -> None:
    content = default_content(MGT)
    new, problems = apply_step(content, Step.MODEL, {"model": model}, MGT)
    assert fields(problems) == [("model", Rule.ONE_MODEL)] and new is content


def test_part1_rules_name_each_field() -> None:
    content = default_content(MGT)
    data = {"platform_url": "javascript:alert(1)", "hours": "-3", "credits": "1e999", "study_form": "evening",
            "language": "de"}
    new, problems = apply_step(content, Step.COURSE, data, MGT)
    assert new is content
    assert fields(problems) == [("platform_url", Rule.URL), ("hours", Rule.NOT_NEGATIVE), ("credits", Rule.NUMBER),
                                ("study_form", Rule.CHOICE), ("language", Rule.CHOICE)]
    new, problems = apply_step(content, Step.COURSE, {"hours": "150,5", "platform_url": "https://x.kz/a b"}, MGT)
    assert fields(problems) == [("platform_url", Rule.URL)]
    new, problems = apply_step(content, Step.COURSE, {"hours": "150,5"}, MGT)
    assert problems == [] and new.course.hours == Decimal("150.5")


def test_week_numbers_must_be_those_of_the_card() -> None:
    content = default_content(MGT)
    new, problems = apply_step(content, Step.WEEKS_11, {"w11_topic": "ok", "w16_topic": "x", "w0_hours": "1"}, MGT)
    assert fields(problems) == [("w0_hours", Rule.WEEK_RANGE), ("w16_topic", Rule.WEEK_RANGE)] and new is content
    assert (problems[1].value, problems[1].low, problems[1].high) == ("16", "11", "15")
    new, problems = apply_step(content, Step.WEEKS_11, {"w11_topic": "ok", "w11_hours": "0", "w11_form": "sync,async"},
                               MGT)
    assert problems == []
    assert new.week(11) == replace(new.week(11), topic="ok", hours=Decimal(0), forms=("async", "sync"))
    assert new.week(12).topic == "" and new.week(1) == content.week(1)


def test_consultation_dates_stay_before_their_control_point() -> None:
    content = default_content(MGT)
    # 7.2: a consultation *before* RK2 (Saturday 12 December): the control day itself is too late.
    _, problems = apply_step(content, Step.CONTROLS, {"consultation_rk2_date": "2026-12-12",
                                                      "consultation_rk1_date": "2026-08-31"}, MGT)
    assert fields(problems) == [("consultation_rk1_date", Rule.DATE_RANGE), ("consultation_rk2_date", Rule.DATE_RANGE)]
    assert (problems[1].low, problems[1].high) == (dt.date(2026, 9, 1), dt.date(2026, 12, 11))
    new, problems = apply_step(content, Step.CONTROLS, {"consultation_rk2_date": "2026-12-11", "rk2_assessment": "Кейс",
                                                        "rk1_date": "2030-01-01"}, MGT)
    assert problems == []
    assert new.control(SessionKind.CONSULTATION_RK2).date == dt.date(2026, 12, 11)
    assert new.control(ControlKind.RK1).date == MGT.rk1_date  # control dates are the roster's, not editable


def test_pasted_topics() -> None:
    content = default_content(MGT)
    new, problems = apply_topics(content, "Введение\n\n2) Планирование\n7. Мотивация\nКонтроль\n")
    assert problems == []
    assert [new.week(n).topic for n in (1, 2, 7, 8)] == ["Введение", "Планирование", "Мотивация", "Контроль"]
    _, problems = apply_topics(content, "14. a\nb\nc")
    assert fields(problems) == [("topics", Rule.WEEK_RANGE)] and problems[0].value == "16"
    _, problems = apply_topics(content, "1. a\n1. b")
    assert fields(problems) == [("topics", Rule.WEEK_TWICE)]
    _, problems = apply_topics(content, "  \n")
    assert fields(problems) == [("topics", Rule.REQUIRED)]


def test_what_a_submission_needs() -> None:
    missing = {p.field for p in missing_for_submission(default_content(MGT))}
    assert {"spoc_name", "hours", "credits", "level", "mooc1_name", "model", "w1_topic", "w15_hours"} <= missing
    assert "discipline" not in missing and "consultation_rk1_date" not in missing
    assert missing_for_submission(full()) == []
    assert progress(full()).complete and not progress(default_content(MGT)).complete


def test_rk_and_exam_need_their_assessment_at_submission() -> None:
    """Appendix 1's "Оценка знаний" of RK1, RK2 and the exam is what those rows are for (the walk-through could
    submit a map without it); a consultation has none to give."""
    missing = {p.field for p in missing_for_submission(default_content(MGT))}
    assert {"rk1_assessment", "rk2_assessment", "exam_assessment"} <= missing
    assert "consultation_rk1_assessment" not in missing
    content = full()
    without = replace(content, controls=tuple(replace(r, assessment="") if r.kind is ControlKind.RK2 else r
                                              for r in content.controls))
    assert missing_for_submission(without) == [MapProblem("rk2_assessment", Rule.REQUIRED)]
    assert text("ru", "integration_map.control.rk2") in problem_text("ru", missing_for_submission(without)[0])


def test_json_round_trip_is_canonical() -> None:
    content = full()
    again = content_from_json(content_to_json(content))
    assert again == content
    assert content_to_json(again) == content_to_json(content)


def test_consultation_points_for_the_sessions_plan() -> None:
    content = full()
    content = replace(content, controls=tuple(
        replace(r, date=None) if r.kind is SessionKind.CONSULTATION_EXAM else r for r in content.controls))
    points = consultation_points(content, MGT)
    assert [(p.kind, p.after_week, p.week, p.date, p.control_date) for p in points] == [
        (SessionKind.CONSULTATION_RK1, 7, 8, dt.date(2026, 10, 22), MGT.rk1_date),
        (SessionKind.CONSULTATION_RK2, 14, 15, dt.date(2026, 12, 10), MGT.rk2_date),
        (SessionKind.CONSULTATION_EXAM, 15, 15, None, MGT.exam_date),
    ]
    assert week_of(MGT.start_date, dt.date(2026, 8, 1)) == 1 and week_of(MGT.start_date, dt.date(2027, 3, 1)) == WEEKS


# --- messages, cards ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", "«Неделя 3: Кол-во часов»: «-1» — не может быть отрицательным."),
    ("kk", "«3-апта: Сағат саны»: «-1» — теріс болмауы керек."),
    ("en", "“Week 3: Hours”: “-1” cannot be negative."),
])
def test_problems_are_localized_and_name_the_field(lang: Lang, expected: str) -> None:
    assert problem_text(lang, MapProblem("w3_hours", Rule.NOT_NEGATIVE, "-1")) == expected


def test_every_field_has_a_name() -> None:
    ids = ["discipline", "platform_url", "mooc2_match", "model", "w15_link", "consultation_exam_date", "rk2_form",
           "exam_assessment", "topics", "comment"]
    for lang in ("ru", "kk", "en"):
        for field in ids:
            label = field_label(lang, field)
            assert label != field and "_" not in label, (lang, field, label)
    assert field_label("ru", "consultation_rk1_hours") == "Консультация по РК 1: Кол-во часов"


def all_cards(lang: Lang) -> list[dict[str, object]]:
    view = MapView(1, MGT, full(), MapState.RETURNED, 1, True, comment="Уточните недели", reviewer="Сауле Искакова")
    cards: list[dict[str, object]] = [overview_card(lang, view, notice="ok", problems=["x"]),
                                      course_choice_card(lang, [(1, "MGT2101", "Основы"), (2, "FIN2204", "Қаржы")])]
    cards += [step_card(lang, view, step) for step in Step]
    cards.append(step_card(lang, view, Step.WEEKS_1, values={"w1_hours": "abc"},
                           problems=[MapProblem("w1_hours", Rule.NUMBER, "abc")]))
    cards.append(review_card(lang, view, version=1, state=MapState.SUBMITTED, content=full(),
                             submitted_on=dt.date(2026, 11, 20), tutor="Айгерим Касымова", can_review=True))
    cards.append(review_card(lang, view, version=0, state=MapState.DRAFT, content=full(), submitted_on=None,
                             tutor="—", can_review=False))
    cards.append(review_list_card(lang, [ListItem(1, "MGT2101", "Основы", MapState.SUBMITTED, 2)]))
    cards.append(review_list_card(lang, []))
    return cards


@pytest.mark.skipif(not node_tools_available(), reason="node and npm adaptivecards needed for the card validator")
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_card_passes_the_adaptive_cards_validator(lang: Lang) -> None:
    cards = all_cards(lang)
    assert card_problems_many(cards) == [[] for _ in cards]


def test_a_refused_card_shows_what_was_typed() -> None:
    view = MapView(1, MGT, default_content(MGT), MapState.DRAFT, 0, False)
    card = step_card("ru", view, Step.COURSE, values={"discipline": "X", "platform_url": "bad"},
                     problems=[MapProblem("platform_url", Rule.URL, "bad")])
    assert '"value": "bad"' in str(card).replace("'", '"')
    assert "«Ссылка на платформу курса»: «bad» — не ссылка" in str(card)


# --- the DOCX -----------------------------------------------------------------------------------------------------


def read_docx(data: bytes) -> tuple[str, list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_the_docx_has_every_part_of_appendix_1() -> None:
    content = full()
    document = MapDocument(MGT, content, 2, MapState.APPROVED, "Айгерим Касымова", "Гульнара Сапарова", None,
                           dt.date(2026, 11, 28))
    paragraphs, (part1, part2, plan) = read_docx(render_map_docx(document, now=EXPORTED))
    assert "Карта интеграции SPOC/МООС на дисциплину: Основы менеджмента" in paragraphs
    assert "Версия 2: согласована 28.11.2026" in paragraphs
    assert "Модель 2. Смешанное обучение «+МООК»: частичная замена аудиторных занятий" in paragraphs
    assert [r[0] for r in part1] == ["Название дисциплины", "Название SPOC/МООС", "Ссылка на платформу курса",
                                     "Трудоемкость (часы/кредиты)", "Форма обучения (очная/сокращенная)",
                                     "Уровень образования (бакалавриат/магистратура)", "Язык обучения", "Семестр",
                                     "Форма аттестации (экзамен)"]
    assert part2[1] == ["1", "Managing as a Coach", "https://www.coursera.org/learn/x", "80%"]
    assert len(plan) == 1 + WEEKS + 6
    assert plan[1][:3] == ["1\n01.09–07.09", "Тема 1", "1,5"]
    assert plan[8][:2] == ["8\n20.10–26.10", "Тема 8"]  # RK1 (24.10) falls in week 8: its rows follow it
    assert plan[9][1:3] == ["Консультация по РК 1\n22.10.2026", "1"] and plan[10][0].startswith("Рубежный контроль 1")
    assert plan[-1][0] == "Итоговый контроль\n26.12.2026"
    assert "Программ лидер школы\t______________________\tГульнара Сапарова" in paragraphs
    assert "Директор УОО\t______________________\tФамилия И.О" in paragraphs


@pytest.mark.parametrize(("facts", "title", "week", "signature", "no_model"), [
    (FIN, "Пәнге арналған SPOC/МООС интеграция картасы: Тема", "Апта", "Мектептің бағдарлама лидері",
     "Модель таңдалмаған."),
    (replace(MGT, language="en"), "SPOC/MOOC integration map of the discipline: Тема", "Week",
     "School programme leader", "No model chosen."),
])
def test_the_docx_is_in_the_courses_language(facts: CourseFacts, title: str, week: str, signature: str,
                                             no_model: str) -> None:
    content = replace(full(facts), course=replace(full(facts).course, discipline="Тема"), model=None)
    paragraphs, tables = read_docx(render_map_docx(MapDocument(facts, content, 0, MapState.DRAFT), now=EXPORTED))
    assert title in paragraphs and signature in paragraphs
    assert tables[2][0][0] == week
    assert no_model in paragraphs


def test_an_empty_draft_still_renders() -> None:
    content = MapContent()
    facts = replace(MGT, language="de")  # unknown language: Russian
    paragraphs, tables = read_docx(render_map_docx(MapDocument(facts, content, 0, MapState.DRAFT), now=EXPORTED))
    assert "Черновик: не отправлен на согласование" in paragraphs and "Модель не выбрана." in paragraphs
    assert len(tables[1]) == 1 and len(tables[2]) == 22
    assert tables[2][8][0] == ""  # the consultation before RK1 has no week number
    assert isinstance(ControlRow(ControlKind.RK1), ControlRow)
