"""What a walk-through of the integration map found (issue 16 item 3), one test each, and the two signatures of
the DOCX's "Согласовано" block."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from cards.i18n import text
from cards.integration_map import overview_card, review_card
from cards.integration_map_docx import continued, render_map_docx
from cards.integration_map_pieces import MapView
from cards.integration_map_steps import REQUIRED_MARK, step_card
from tests.support.cards import inputs, nodes
from tests.unit.test_integration_map import EXPORTED, MGT, full, read_docx
from tutoring.integration_map import IntegrationModel, MapDocument, MapState, Step, WeekPlan, model_text
from tutoring.locale import Lang

LANGS: tuple[Lang, ...] = ("ru", "kk", "en")
K = "integration_map."
# How many characters a button's title may have when it shares a phone's width (about 360 px) with others.
FITS = {1: 40, 2: 16, 3: 10, 4: 8}


def view(content: Any = None, **changes: Any) -> MapView:
    return replace(MapView(7, MGT, content or full(), MapState.DRAFT, 0, False), **changes)


def button_rows(card: dict[str, Any]) -> list[list[str]]:
    """Each row of buttons: the card's actions and every ActionSet, shown cards included."""
    rows = [[a["title"] for a in card.get("actions", [])]]
    rows += [[a["title"] for a in n["actions"]] for n in nodes(card) if n.get("type") == "ActionSet"]
    rows += [[a["title"] for a in n["card"].get("actions", [])] for n in nodes(card)
             if n.get("type") == "Action.ShowCard"]
    return [row for row in rows if row]


@pytest.mark.parametrize("lang", LANGS)
def test_model_1_keeps_the_mooc_abbreviation_capitalised(lang: Lang) -> None:
    """3.1 and 4.1 print "Модель 1. МООК-поддержка: МООК используется…", not "мООК"."""
    content = replace(full(), model=IntegrationModel.SUPPORT)
    document = MapDocument(replace(MGT, language=lang), content, 1, MapState.SUBMITTED, "Айгерим Касымова")
    paragraphs, _ = read_docx(render_map_docx(document, now=EXPORTED))
    name, description = model_text(IntegrationModel.SUPPORT, lang)
    shown = description if lang == "en" else continued(description)
    assert paragraphs.count(f"{name}: {shown}") == 2
    assert "мООК" not in paragraphs
    assert continued("Частичная замена") == "частичная замена"  # a plain word still continues the sentence


def test_the_review_card_shows_each_weeks_assignments_assessment_and_links() -> None:
    content = full()
    week = replace(content.week(3), assignments="Эссе о мотивации", assessment="Тест 3",
                   link="https://www.coursera.org/learn/x/week3")
    content = replace(content, weeks=tuple(week if w.week == 3 else w for w in content.weeks))
    card = review_card("ru", view(content), version=1, state=MapState.SUBMITTED, content=content,
                       submitted_on=dt.date(2026, 11, 2), tutor="Айгерим Касымова", can_review=True)
    [row] = [f["value"] for n in nodes(card) if n.get("type") == "FactSet" for f in n["facts"] if f["title"] == "3"]
    for part in ("Тема 3", "Эссе о мотивации", "Тест 3", "https://www.coursera.org/learn/x/week3"):
        assert part in row


@pytest.mark.parametrize("lang", LANGS)
def test_every_button_fits_a_phones_width(lang: Lang) -> None:
    """Buttons in a row share the width: the walk-through saw "Недел…" and "Согласов…" cut."""
    cards = [overview_card(lang, view()), *(step_card(lang, view(), s) for s in Step),
             review_card(lang, view(), version=1, state=MapState.SUBMITTED, content=full(),
                         submitted_on=dt.date(2026, 11, 2), tutor="Т", can_review=True)]
    for card in cards:
        for row in button_rows(card):
            assert all(len(title) <= FITS[len(row)] for title in row), row


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_map_does_not_claim_its_consultations_planned(lang: Lang) -> None:
    """The calendar's proposed days are not the tutor's plan until the tutor saves them."""
    def consultations(card: dict[str, Any]) -> str:
        return next(f["value"] for n in nodes(card) if n.get("type") == "FactSet" for f in n["facts"]
                    if f["title"] == text(lang, K + "fact.controls"))

    assert consultations(overview_card(lang, view())) == text(lang, K + "fact.consultations_proposed")
    saved = overview_card(lang, view(controls_saved=True))
    assert consultations(saved) == text(lang, K + "fact.consultations", n=3)


def test_required_inputs_are_marked() -> None:
    weeks = inputs(step_card("ru", view(), Step.WEEKS_1))
    assert weeks["w1_topic"]["label"] == text("ru", K + "field.w.topic") + REQUIRED_MARK
    assert weeks["w1_form"]["label"].endswith(REQUIRED_MARK)
    assert weeks["w1_assignments"]["label"] == text("ru", K + "field.w.assignments")
    controls = inputs(step_card("ru", view(), Step.CONTROLS))
    assert controls["rk1_assessment"]["label"].endswith(REQUIRED_MARK)
    assert controls["consultation_rk1_date"]["label"].endswith(REQUIRED_MARK)
    assert not controls["consultation_rk1_platform"]["label"].endswith(REQUIRED_MARK)
    course = inputs(step_card("ru", view(), Step.COURSE))
    assert all(block["label"].endswith(REQUIRED_MARK) for block in course.values())


def test_the_docx_is_signed_by_the_school_and_the_online_education_office() -> None:
    document = MapDocument(MGT, full(), 2, MapState.APPROVED, "Айгерим Касымова", "Гульнара Сапарова",
                           "Алия Бекова", dt.date(2026, 11, 28), program_leader_on=dt.date(2026, 11, 26),
                           director_on=dt.date(2026, 11, 28))
    paragraphs, _ = read_docx(render_map_docx(document, now=EXPORTED))
    line = "______________________"
    assert f"{text('ru', K + 'doc.program_leader')}\t{line}\tГульнара Сапарова\t26.11.2026" in paragraphs
    assert f"{text('ru', K + 'doc.director')}\t{line}\tАлия Бекова\t28.11.2026" in paragraphs
    assert text("ru", K + "doc.status.approved", n=2, date="28.11.2026") in paragraphs


def test_the_draft_of_an_approved_map_says_so() -> None:
    """`export map --draft` after approval printed "not submitted"."""
    document = MapDocument(MGT, full(), 0, MapState.DRAFT, "Айгерим Касымова", latest_version=2,
                           latest_state=MapState.APPROVED)
    paragraphs, _ = read_docx(render_map_docx(document, now=EXPORTED))
    assert text("ru", K + "doc.status.draft_after", n=2, state=text("ru", K + "state.approved")) in paragraphs
    assert text("ru", K + "doc.status.draft") not in paragraphs


def test_the_schedule_rows_of_the_review_card_run_in_date_order() -> None:
    card = review_card("ru", view(), version=1, state=MapState.SUBMITTED, content=full(),
                       submitted_on=dt.date(2026, 11, 2), tutor="Т", can_review=False)
    [plan] = [n["facts"] for n in nodes(card) if n.get("type") == "FactSet" and len(n["facts"]) > 15]
    titles = [f["title"] for f in plan]
    assert titles.index(text("ru", K + "control.rk2")) < titles.index(text("ru", K + "control.consultation_exam"))
    assert titles[:8] == [str(n) for n in range(1, 9)] and isinstance(full().week(1), WeekPlan)
