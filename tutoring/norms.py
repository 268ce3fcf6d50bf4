"""Section 7 of П-УОО-04: categories of tutoring work, their clauses and norms (CONTRACT §7).

Norms are configuration: these are the defaults of the current revision of the regulation; the hours
feature stores per-semester overrides. Session kinds map onto hour categories here, in one place.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from tutoring.locale import Lang


class Category(StrEnum):
    INTRO = "intro"
    CONSULTATION_RK1 = "consultation_rk1"
    CONSULTATION_RK2 = "consultation_rk2"
    CONSULTATION_EXAM = "consultation_exam"
    SESSIONS = "sessions"
    ASSESSMENT = "assessment"
    DOCUMENTATION = "documentation"


class SessionKind(StrEnum):
    INTRO = "intro"
    CONSULTATION_RK1 = "consultation_rk1"
    CONSULTATION_RK2 = "consultation_rk2"
    CONSULTATION_EXAM = "consultation_exam"
    WEBINAR = "webinar"


CLAUSE: dict[Category, str] = {
    Category.INTRO: "7.1",
    Category.CONSULTATION_RK1: "7.2",
    Category.CONSULTATION_RK2: "7.2",
    Category.CONSULTATION_EXAM: "7.2",
    Category.SESSIONS: "7.2",
    Category.ASSESSMENT: "7.3",
    Category.DOCUMENTATION: "7.4",
}

# Hours per course and semester; None = the regulation sets no norm.
DEFAULT_NORMS: dict[Category, Decimal | None] = {
    Category.INTRO: Decimal(1),
    Category.CONSULTATION_RK1: Decimal(1),
    Category.CONSULTATION_RK2: Decimal(1),
    Category.CONSULTATION_EXAM: Decimal(1),
    Category.SESSIONS: Decimal(6),
    Category.ASSESSMENT: Decimal(1),
    Category.DOCUMENTATION: None,
}

CATEGORY_OF_KIND: dict[SessionKind, Category] = {
    SessionKind.INTRO: Category.INTRO,
    SessionKind.CONSULTATION_RK1: Category.CONSULTATION_RK1,
    SessionKind.CONSULTATION_RK2: Category.CONSULTATION_RK2,
    SessionKind.CONSULTATION_EXAM: Category.CONSULTATION_EXAM,
    SessionKind.WEBINAR: Category.SESSIONS,
}

CATEGORY_NAME: dict[Category, dict[Lang, str]] = {
    Category.INTRO: {
        "ru": "введение в курс и поддержка студентов",
        "kk": "курсқа кіріспе және студенттерді қолдау",
        "en": "introduction to the course and student support",
    },
    Category.CONSULTATION_RK1: {
        "ru": "консультация перед РК1",
        "kk": "АБ1 алдындағы кеңес",
        "en": "consultation before RK1",
    },
    Category.CONSULTATION_RK2: {
        "ru": "консультация перед РК2",
        "kk": "АБ2 алдындағы кеңес",
        "en": "consultation before RK2",
    },
    Category.CONSULTATION_EXAM: {
        "ru": "консультация перед экзаменом",
        "kk": "емтихан алдындағы кеңес",
        "en": "consultation before the exam",
    },
    Category.SESSIONS: {
        "ru": "занятия и поддержка по вопросам студентов",
        "kk": "сабақтар және студенттердің сұрақтары бойынша қолдау",
        "en": "sessions and support with students' questions",
    },
    Category.ASSESSMENT: {
        "ru": "контроль и оценивание",
        "kk": "бақылау және бағалау",
        "en": "control and assessment",
    },
    Category.DOCUMENTATION: {
        "ru": "документация (ведомости АИС, силлабус, карта интеграции)",
        "kk": "құжаттама (АЖЖ ведомостары, силлабус, интеграция картасы)",
        "en": "documentation (AIS grade sheets, syllabus, integration map)",
    },
}


def category_label(category: Category, lang: Lang) -> str:
    """E.g. "7.2 консультация перед РК1"."""
    return f"{CLAUSE[category]} {CATEGORY_NAME[category][lang]}"


def total_norm(norms: dict[Category, Decimal | None]) -> Decimal:
    """The sum of the set norms: 11 h with the defaults."""
    return sum((n for n in norms.values() if n is not None), Decimal(0))
