"""The charts of the dean's summary (weekly post and `report`): hours against norms per tutor, and the week's
questions answered on time. Each falls back to a FactSet with the same numbers on hosts without charts."""

from __future__ import annotations

from cards.base import Json
from cards.charts import ChartColor, Series, Slice, donut, fact_table, grouped_bars, heading, short_name
from cards.formats import fmt_hours
from cards.i18n import text
from tutoring.locale import Lang
from tutoring.summary_figures import HoursByTutor, hours_by_tutor, question_outcomes
from tutoring.weekly import WeeklySummary

MAX_TUTORS = 10  # groups of bars in the hours chart: 9 tutors most behind and the others' average


def summary_charts(summary: WeeklySummary, lang: Lang) -> list[Json]:
    """The charts for the summary card, each under its title, in the order they are shown (none for a school
    without rows)."""
    if not summary.rows:
        return []
    title = heading(text(lang, "charts.hours.title")) | {"separator": True, "spacing": "Medium"}
    charts = [title, hours_chart(hours_by_tutor(summary.rows, MAX_TUTORS), lang)]
    questions = questions_chart(summary, lang)
    if questions is not None:
        charts += [heading(text(lang, "charts.questions.title")), questions]
    return charts


def _labels(hours: HoursByTutor, lang: Lang) -> list[str]:
    names = [short_name(t.name) for t in hours.shown]
    if len(set(names)) < len(names):  # two tutors would share a bar: keep the names whole
        names = [t.name for t in hours.shown]
    if hours.others is not None:
        names.append(text(lang, "charts.hours.others", count=hours.others_count))
    return names


def hours_chart(hours: HoursByTutor, lang: Lang) -> Json:
    tutors = [*hours.shown, *([hours.others] if hours.others is not None else [])]
    labels = _labels(hours, lang)
    facts = [(label, text(lang, "charts.hours.value", delivered=fmt_hours(t.delivered, lang),
                          norm=fmt_hours(t.norm, lang)))
             for label, t in zip(labels, tutors, strict=True)]
    series = [
        Series(text(lang, "charts.hours.delivered"), [t.delivered for t in tutors], ChartColor.BLUE),
        Series(text(lang, "charts.hours.norm"), [t.norm for t in tutors], ChartColor.LILAC),
    ]
    return grouped_bars(text(lang, "charts.hours.title"), labels, series, fallback=fact_table(facts))


def questions_chart(summary: WeeklySummary, lang: Lang) -> Json | None:
    """The donut of the week's questions; none in a week without questions (an empty donut says nothing)."""
    outcomes = question_outcomes(summary.rows)
    if not outcomes.total:
        return None
    slices = [
        Slice(text(lang, "charts.questions.on_time"), outcomes.on_time, ChartColor.GOOD),
        Slice(text(lang, "charts.questions.late"), outcomes.late, ChartColor.ROSE),
        Slice(text(lang, "charts.questions.waiting"), outcomes.waiting, ChartColor.ATTENTION),
    ]
    return donut(text(lang, "charts.questions.title"), slices,
                 fallback=fact_table([(s.legend, str(s.value)) for s in slices]))
