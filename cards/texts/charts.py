"""Texts of the charts in cards: the dean's summary and the tutor's progress."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "charts.hours.title": {
        "ru": "Часы и нормы по тьюторам",
        "kk": "Тьюторлар бойынша сағаттар мен нормалар",
        "en": "Hours against norms per tutor",
    },
    "charts.hours.delivered": {
        "ru": "Проведено, ч",
        "kk": "Өткізілді, сағ",
        "en": "Delivered, h",
    },
    "charts.hours.norm": {
        "ru": "Норма, ч",
        "kk": "Норма, сағ",
        "en": "Norm, h",
    },
    "charts.hours.others": {
        "ru": "Остальные ({count}), в среднем",
        "kk": "Қалғандары ({count}), орташа",
        "en": "Others ({count}), average",
    },
    "charts.hours.value": {
        "ru": "{delivered} из {norm} ч",
        "kk": "{delivered} / {norm} сағ",
        "en": "{delivered} of {norm} h",
    },
    "charts.questions.title": {
        "ru": "Вопросы недели: ответы в срок",
        "kk": "Апта сұрақтары: уақтылы жауаптар",
        "en": "Questions of the week: answered on time",
    },
    "charts.questions.on_time": {
        "ru": "Ответ в течение 24 ч",
        "kk": "24 сағат ішінде жауап берілді",
        "en": "Answered within 24 h",
    },
    "charts.questions.late": {
        "ru": "Ответ позже 24 ч",
        "kk": "24 сағаттан кейін жауап берілді",
        "en": "Answered after 24 h",
    },
    "charts.questions.waiting": {
        "ru": "Ещё без ответа",
        "kk": "Әлі жауапсыз",
        "en": "Not answered yet",
    },
    "charts.progress.title": {
        "ru": "Часы по категориям: {code}",
        "kk": "Санаттар бойынша сағаттар: {code}",
        "en": "Hours by category: {code}",
    },
    "charts.category.intro": {"ru": "Введение", "kk": "Кіріспе", "en": "Intro"},
    "charts.category.consultation_rk1": {"ru": "Конс. РК1", "kk": "АБ1 кеңесі", "en": "Cons. RK1"},
    "charts.category.consultation_rk2": {"ru": "Конс. РК2", "kk": "АБ2 кеңесі", "en": "Cons. RK2"},
    "charts.category.consultation_exam": {"ru": "Конс. экзамен", "kk": "Емтихан кеңесі", "en": "Cons. exam"},
    "charts.category.sessions": {"ru": "Занятия", "kk": "Сабақтар", "en": "Sessions"},
    "charts.category.assessment": {"ru": "Оценивание", "kk": "Бағалау", "en": "Assessment"},
    "charts.category.documentation": {"ru": "Документация", "kk": "Құжаттама", "en": "Documentation"},
}
