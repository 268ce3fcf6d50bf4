"""Charts in the cards people get: the dean's weekly post and `report`, the tutor's progress. Each chart's numbers
are the table's numbers, and a host without charts (Teams on iOS) shows the table in the chart's place."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cards.formats import fmt_hours
from cards.i18n import text
from tests.conftest import DEAN, TUTOR, RunningBot
from tests.e2e.test_summary import record_week, run_cli, subscribe_channel, summary_posts
from tests.support.adaptive_cards import assert_cards_valid, node_tools_available, without_charts
from tests.support.cards import nodes
from tests.support.chat import Chat
from tutoring.locale import Lang
from tutoring.norms import Category, category_label


def charts_of(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["type"]: n for n in nodes(card) if str(n.get("type", "")).startswith("Chart.")}


def table(card: dict[str, Any]) -> dict[str, str]:
    """The summary's own FactSets (not the charts' fallbacks): totals and the per course · tutor table."""
    return {f["title"]: f["value"] for n in nodes(card, skip=("fallback",)) if n.get("type") == "FactSet"
            for f in n["facts"]}


def bars_by_label(chart: dict[str, Any]) -> dict[str, tuple[float, float]]:
    delivered, norm = chart["data"]
    return {d["x"]: (d["y"], n["y"]) for d, n in zip(delivered["values"], norm["values"], strict=True)}


def assert_summary_charts(card: dict[str, Any], lang: Lang) -> None:
    """Hours per tutor and the week's questions, both matching the summary's table and totals."""
    assert_cards_valid([card])
    charts = charts_of(card)
    assert set(charts) == {"Chart.VerticalBar.Grouped", "Chart.Donut"}
    # The demo school: Айгерим Касымова logged 4 h of MGT2101 this week, Дмитрий Ковалёв nothing; 11 h norm each.
    assert bars_by_label(charts["Chart.VerticalBar.Grouped"]) == {"Касымова А.": (4, 11), "Ковалёв Д.": (0, 11)}
    rows = table(card)
    assert rows["MGT2101 · Айгерим Касымова"].startswith(f"{fmt_hours(Decimal(4), lang)}/11 ")
    assert rows["FIN2204 · Дмитрий Ковалёв"].startswith("0/11 ")
    twin = {f["title"]: f["value"] for f in nodes(charts["Chart.VerticalBar.Grouped"]["fallback"]) if "title" in f
            and "value" in f}
    assert twin["Касымова А."] == text(lang, "charts.hours.value", delivered="4", norm="11")
    # Two questions this week: one answered within 2 h, one still waiting.
    donut = {d["legend"]: d["value"] for d in charts["Chart.Donut"]["data"]}
    assert donut == {text(lang, "charts.questions.on_time"): 1, text(lang, "charts.questions.waiting"): 1}
    assert rows[text(lang, "summary.fact.questions")] == text(lang, "summary.value.questions", received=2, answered=1,
                                                             overdue=0)


async def test_the_weekly_post_carries_the_charts_and_falls_back_to_tables(bot: RunningBot) -> None:
    await subscribe_channel(bot)
    week = await record_week(bot)
    code, out = await run_cli(bot, "--week", str(week))
    assert code == 0, out
    [post] = summary_posts(bot)
    card: dict[str, Any] = post["attachments"][0]["content"]  # type: ignore[index]
    assert_summary_charts(card, "ru")
    if node_tools_available():  # without Node, assert_cards_valid above has already warned
        [on_a_phone] = without_charts([card])
        assert charts_of(on_a_phone) == {}
        facts = {f["title"]: f["value"] for n in nodes(on_a_phone) if n.get("type") == "FactSet" for f in n["facts"]}
        assert facts["Касымова А."] == text("ru", "charts.hours.value", delivered="4", norm="11")
        assert facts[text("ru", "charts.questions.on_time")] == "1"


async def test_the_deans_report_carries_the_same_charts(bot: RunningBot) -> None:
    await record_week(bot)
    reply = await Chat(bot, DEAN, locale="en-US").say("report")
    assert reply.card is not None
    assert_summary_charts(reply.card, "en")


async def test_the_tutors_progress_has_a_chart_of_the_categories(bot: RunningBot) -> None:
    await record_week(bot)
    reply = await Chat(bot, TUTOR, locale="en-US").say("report")
    cards = [c for c in reply.cards if charts_of(c)]
    assert cards, reply.cards
    chart = charts_of(cards[0])["Chart.VerticalBar.Grouped"]
    assert chart["title"] == text("en", "charts.progress.title", code="MGT2101")
    bars = bars_by_label(chart)
    label = {c: text("en", f"charts.category.{c.value}") for c in Category}
    assert bars[label[Category.INTRO]] == (1, 1)
    assert bars[label[Category.SESSIONS]] == (2.5, 6)
    assert bars[label[Category.ASSESSMENT]] == (0.5, 1)
    assert label[Category.DOCUMENTATION] not in bars  # no norm and nothing logged
    lines = [n["text"] for n in nodes(chart["fallback"]) if n.get("type") == "TextBlock"]
    assert text("en", "hours.progress.line", label=category_label(Category.ASSESSMENT, "en"), delivered="0.5", norm="1") in lines
