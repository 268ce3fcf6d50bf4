"""Issue 10, parts 3 and 6, the pure parts: text cleaned once at the boundary, shown as text in cards, written as
text in spreadsheets and documents; absurd numbers and values are a field's problem, never an exception."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook

from cards.base import plain
from cards.hours_xlsx import LedgerSheetRow, hours_workbook
from cards.integration_map_docx import render_map_docx
from tutoring.hours_rules import CourseWindow, check_entry
from tutoring.integration_map import (
    CourseFacts,
    MapDocument,
    MapState,
    Rule,
    Step,
    apply_step,
    apply_topics,
    check_review,
    default_content,
)
from tutoring.norms import Category
from tutoring.roster import parse_roster
from tutoring.sessions import FormProblem, parse_session_form
from tutoring.text import MAX_ID, clean_data, clean_line, clean_text, parse_id

# What people paste or forge: 1 and 40 zeros, past a float, not a number, and the same as JSON numbers.
ABSURD = ["1" + "0" * 40, "1" * 400, "1e400", "NaN", "inf", "-inf", "-1", 10**40, float("inf"), float("nan")]
MGT = CourseFacts("MGT2101", "Основы менеджмента", "ru", "2026-fall", dt.date(2026, 9, 1), dt.date(2026, 10, 24),
                  dt.date(2026, 12, 12), dt.date(2026, 12, 26), None)


# --- cleaning ------------------------------------------------------------------------------------------------------


def test_clean_text_drops_what_xml_forbids_and_keeps_words_line_breaks() -> None:
    pasted = "Тема 1\x0bчасть 2\x0cстраница\x00\x01\x08\x0e\x1f\ud800\ufffe\tтаб\r\nконец"
    assert clean_text(pasted) == "Тема 1\nчасть 2\nстраница\tтаб\r\nконец"
    assert clean_line("Иванов\x0bИван\nИванович\tмл.") == "Иванов Иван Иванович мл."
    assert clean_text("обычный текст, «кавычки» — тире") == "обычный текст, «кавычки» — тире"


def test_clean_data_cleans_every_string_of_a_submission_and_nothing_else() -> None:
    data = {"note\x00": "a\x0bb", "hours": 1.5, "flag": True, "nested": {"x": ["c\x01d", 3, None]}}
    assert clean_data(data) == {"note": "a\nb", "hours": 1.5, "flag": True, "nested": {"x": ["cd", 3, None]}}
    assert clean_data(None) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", 12), (12, 12), (" 7 ", 7), ("0", 0), (str(MAX_ID), MAX_ID),
    (str(MAX_ID + 1), None), ("9" * 40, None), (10**40, None), ("1" * 5000, None), (-1, None), ("-1", None),
    ("1e3", None), ("١٢", None), (True, None), (1.0, None), (None, None), ("", None),
])
def test_parse_id_takes_only_what_can_be_a_record(raw: object, expected: int | None) -> None:
    assert parse_id(raw) == expected


# --- markdown in cards ---------------------------------------------------------------------------------------------


def test_plain_shows_markdown_as_typed() -> None:
    assert plain("**жирный** [ссылка](https://evil.example)") == r"\*\*жирный\*\* \[ссылка\](https://evil.example)"
    assert plain("_курсив_ `код` ~зачёркнуто~ a\\b") == r"\_курсив\_ \`код\` \~зачёркнуто\~ a\\b"
    assert plain("1. один\n2) два\n- пункт\n  + ещё\n# заголовок\n> цитата\n---") == (
        "1\\. один\n2\\) два\n\\- пункт\n  \\+ ещё\n\\# заголовок\n\\> цитата\n\\---")
    # What is not markdown stays as it is.
    assert plain("-5 °C, 3.5 ч, 24.10.2026, x < y & z, MGT2101 — Основы менеджмента") == (
        "-5 °C, 3.5 ч, 24.10.2026, x < y & z, MGT2101 — Основы менеджмента")


# --- absurd numbers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ABSURD)
@pytest.mark.parametrize("date", ["2026-11-19", "not a date"])
def test_absurd_hours_are_the_hours_fields_problem(raw: object, date: str) -> None:
    window = CourseWindow(1, dt.date(2026, 9, 1), dt.date(2026, 12, 26))
    draft, problems = check_entry({"course": "1", "category": "sessions", "hours": raw, "date": date},
                                  courses={1: window}, today=dt.date(2026, 11, 20))
    assert draft is None
    assert [p.field for p in problems if p.field != "date"] == ["hours"]


@pytest.mark.parametrize("raw", [*ABSURD, "90.5", "14", "481", "1e2"])
def test_absurd_durations_are_the_duration_fields_problem(raw: object) -> None:
    now = dt.datetime(2026, 11, 20, 5, 0, tzinfo=dt.UTC)
    form = parse_session_form({"date": "2026-11-25", "time": "15:00", "duration": raw}, now=now,
                              tz=ZoneInfo("Asia/Almaty"), new=False)
    assert isinstance(form, FormProblem) and form.field == "duration"


def test_a_plain_duration_still_goes_through_and_a_long_link_names_its_limit() -> None:
    now = dt.datetime(2026, 11, 20, 5, 0, tzinfo=dt.UTC)
    values = {"date": "2026-11-25", "time": "15:00", "duration": "90,0"}
    form = parse_session_form(values, now=now, tz=ZoneInfo("Asia/Almaty"), new=False)
    assert not isinstance(form, FormProblem) and form.duration_minutes == 90
    long_link = "https://zoom.us/j/" + "1" * 2000
    form = parse_session_form(values | {"link": long_link}, now=now, tz=ZoneInfo("Asia/Almaty"), new=False)
    assert form == FormProblem("link", "too_long")


@pytest.mark.parametrize(("raw", "rule"), [
    ("1" + "0" * 400, Rule.PERCENT), ("1" + "0" * 40, Rule.PERCENT), ("1e400", Rule.PERCENT), ("NaN", Rule.PERCENT),
    ("-1", Rule.PERCENT), ("101", Rule.PERCENT),
])
def test_absurd_match_percent_is_the_fields_problem(raw: str, rule: Rule) -> None:
    content = default_content(MGT)
    data = {"mooc1_name": "Coursera", "mooc1_url": "https://www.coursera.org/learn/x", "mooc1_match": raw}
    kept, problems = apply_step(content, Step.MOOCS, data, MGT)
    assert kept == content
    assert [(p.field, p.rule) for p in problems] == [("mooc1_match", rule)]
    assert len(str(problems[0].value)) <= 41  # a 400-digit value is quoted by its start


@pytest.mark.parametrize(("raw", "rule"), [
    ("1" + "0" * 40, Rule.TOO_LARGE), ("1" * 400, Rule.TOO_LARGE), ("1000", Rule.TOO_LARGE),
    ("1e400", Rule.NUMBER), ("inf", Rule.NUMBER), ("NaN", Rule.NUMBER), ("-1", Rule.NOT_NEGATIVE),
])
def test_absurd_map_hours_are_the_fields_problem(raw: str, rule: Rule) -> None:
    kept, problems = apply_step(default_content(MGT), Step.WEEKS_1, {"w1_hours": raw}, MGT)
    assert [(p.field, p.rule) for p in problems] == [("w1_hours", rule)]
    assert kept == default_content(MGT)


def test_forged_field_ids_with_huge_numbers_are_not_an_exception() -> None:
    content = default_content(MGT)
    _, problems = apply_step(content, Step.MOOCS, {"mooc" + "9" * 5000 + "_name": "x"}, MGT)
    assert problems == []
    _, problems = apply_step(content, Step.WEEKS_1, {"w" + "9" * 5000 + "_topic": "x"}, MGT)
    assert problems == []


def test_map_texts_have_limits() -> None:
    assert check_review("", approve=False)[0].rule is Rule.REQUIRED
    assert check_review("ок", approve=False) == [] and check_review("", approve=True) == []
    [problem] = check_review("x" * 2001, approve=False)
    assert (problem.field, problem.rule, problem.high) == ("comment", Rule.TOO_LONG, "2000")
    content = default_content(MGT)
    kept, [problem] = apply_topics(content, "1. тема\n" * 2000)
    assert kept == content and (problem.field, problem.rule, problem.high) == ("topics", Rule.TOO_LONG, "15000")


# --- roster CSV ----------------------------------------------------------------------------------------------------


def test_a_csv_field_over_the_csv_modules_limit_is_a_problem_of_its_line() -> None:
    people = ("email,name,role,school\n"
              "a@x.kz,Анна\x0bСмирнова\x01,student,SOM\n"
              f"b@x.kz,{'Б' * 140_000},student,SOM\n"
              f"c@x.kz,{'В' * 301},student,SOM\n"
              "not-an-email,Г,student,SOM\n")
    roster, problems = parse_roster({"people.csv": people})
    assert [str(p) for p in problems] == [
        "people.csv:3: a field is longer than 131072 characters",
        "people.csv:4: name is longer than 300 characters",
        "people.csv:5: email 'not-an-email' is not an e-mail address",
    ]
    assert [p.name for p in roster.people] == ["Анна Смирнова"]


def test_a_header_over_the_limit_is_a_problem_of_line_one() -> None:
    _, problems = parse_roster({"schools.csv": f"code,name,{'x' * 140_000}\nSOM,School,d@x.kz\n"})
    assert [str(p) for p in problems] == ["schools.csv:1: a field is longer than 131072 characters"]


# --- the XLSX ------------------------------------------------------------------------------------------------------


def ledger_row(note: str, tutor: str = "Айгерим Касымова", number: int = 1) -> LedgerSheetRow:
    return LedgerSheetRow(number, dt.datetime(2026, 11, 20, 10, 0), "SOM", "2026-fall", tutor, "a@x.kz", "MGT2101",
                          Category.SESSIONS, Decimal(1), dt.date(2026, 11, 19), note, "card", None, tutor, None, None)


def test_no_text_in_the_xlsx_is_a_formula() -> None:
    notes = ['=HYPERLINK("https://evil.example","жми")', "+7 777 123 45 67", "-2+3", "@SUM(A1:A9)", "\tтаб",
             "\rcr", "вебинар\x0bвторая строка\x01"]
    ledger = [ledger_row(note, number=i) for i, note in enumerate(notes, start=1)]
    ledger.append(ledger_row("обычная", tutor="=1+2", number=99))
    data = hours_workbook("ru", scope="=SOM", today=dt.date(2026, 11, 20), progress=[], ledger=ledger, norms={})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in xml for xml in sheets)
    book = load_workbook(io.BytesIO(data))
    load, journal = book.worksheets[0], book.worksheets[1]
    assert load.cell(1, 1).data_type == "s" and load.cell(1, 1).quotePrefix is False  # "Нагрузка … =SOM …"
    cells = [journal.cell(row, 12) for row in range(2, 2 + len(notes))]
    assert [c.value for c in cells] == [*notes[:6], "вебинар\nвторая строка"]
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True] * 6 + [False]
    tutor = journal.cell(1 + len(ledger), 5)
    assert (tutor.value, tutor.data_type, tutor.quotePrefix) == ("=1+2", "s", True)
    assert journal.cell(2, 10).data_type == "n"  # numbers stay numbers


# --- the DOCX ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("facts", "tag"), [(MGT, "ru-RU"), (replace(MGT, language="kk"), "kk-KZ"),
                                            (replace(MGT, language="en"), "en-US")])
def test_the_docx_is_the_bots_and_in_its_language(facts: CourseFacts, tag: str) -> None:
    exported = dt.datetime(2026, 11, 30, 14, 15, 30, tzinfo=ZoneInfo("Asia/Almaty"))
    data = render_map_docx(MapDocument(facts, default_content(facts), 0, MapState.DRAFT), now=exported)
    properties = Document(io.BytesIO(data)).core_properties
    assert (properties.author, properties.last_modified_by) == ("Tutorbot", "Tutorbot")
    assert properties.title == "MGT2101 — Основы менеджмента"
    assert properties.language == tag
    assert properties.created == properties.modified == dt.datetime(2026, 11, 30, 9, 15, 30, tzinfo=dt.UTC)
    assert "python-docx" not in (properties.comments or "")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert f'<w:lang w:val="{tag}"' in styles


def test_control_characters_pasted_into_a_map_do_not_break_the_docx() -> None:
    content = default_content(MGT)
    pasted = replace(content, course=replace(content.course, discipline="Основы\x0bменеджмента\x01"),
                     weeks=(replace(content.weeks[0], topic="Введение\x0bв курс\x00", assessment="тест\x1f"),
                            *content.weeks[1:]))
    data = render_map_docx(MapDocument(MGT, pasted, 0, MapState.DRAFT), now=dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    document = Document(io.BytesIO(data))
    part1, _, plan = document.tables
    assert part1.rows[0].cells[1].text == "Основы\nменеджмента"
    assert plan.rows[1].cells[1].text == "Введение\nв курс" and plan.rows[1].cells[4].text == "тест"
