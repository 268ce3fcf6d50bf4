"""Texts of trainings for tutors (6.2): the УОО schedules them, tutors are invited."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "cmd.training": {
        "ru": "назначить обучение тьюторов: одной школы или всех (Teams-встреча с приглашениями)",
        "kk": "тьюторларды оқытуды тағайындау: бір мектептің немесе барлығының (шақырулары бар Teams кездесуі)",
        "en": "schedule a training for tutors: of one school or all (a Teams meeting with invitations)",
    },
}
