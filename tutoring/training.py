"""Trainings for tutors (Regulation 6.2: the УОО trains tutors): who is invited, read from the training card.

Pure: a training is a session of kind `training` with no course; its audience is one school's tutors or all tutors.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from tutoring.sessions import FormProblem

TRAINING = "training"  # the session kind (CONTRACT §11); not a course session kind, so no hour category
ALL_SCHOOLS = "all"


@dataclass(frozen=True)
class Audience:
    """Who a training is for: the tutors of `school` (a school code), or of every school (None)."""

    school: str | None

    @property
    def everyone(self) -> bool:
        return self.school is None


def parse_audience(value: str, school_codes: Collection[str]) -> Audience | FormProblem:
    """The card's `school` input: a school code (any case) or `all`; else the problem naming the field."""
    wanted = value.strip()
    if not wanted:
        return FormProblem("school", "missing")
    if wanted.lower() == ALL_SCHOOLS:
        return Audience(None)
    match = next((code for code in school_codes if code.lower() == wanted.lower()), None)
    return Audience(match) if match is not None else FormProblem("school", "choice")
