"""Proctoring reports (Regulation 7.3, CONTRACT §9): the record a proctoring system sends, checked field by field.

Pure: a JSON object in, a `ProctoringRecord` or the problems naming their fields out. Examus / Constructor Proctor
and others resend a session when its data changes; the session id is the identity.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

EXAMS = ("rk1", "rk2", "exam")
REVIEW_SCORE = 60  # at or above: the tutor reviews it (Examus's "attention" threshold)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Violation:
    type: str
    at: dt.datetime
    severity: str


@dataclass(frozen=True)
class ProctoringRecord:
    session_id: str
    student_email: str
    course: str
    semester: str
    exam: str
    started_at: dt.datetime
    score: float
    violations: tuple[Violation, ...]
    video_url: str

    @property
    def needs_review(self) -> bool:
        return self.score >= REVIEW_SCORE or bool(self.violations)

    def fingerprint(self) -> str:
        """What a review is about: a resend that changes it reopens a decided review."""
        return json.dumps({"score": self.score, "violations": [[v.type, v.at.isoformat(), v.severity]
                                                               for v in self.violations]}, sort_keys=True)


def _text(body: dict[str, Any], name: str, problems: list[str], limit: int = 200, *, required: bool = True) -> str:
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{name}: a non-empty text is required")
        return ""
    if len(value) > limit:
        problems.append(f"{name}: at most {limit} characters")
        return ""
    return value.strip()


def _moment(value: object, name: str, problems: list[str]) -> dt.datetime | None:
    if not isinstance(value, str):
        problems.append(f"{name}: an ISO 8601 date-time is required")
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"{name}: {value[:40]!r} is not an ISO 8601 date-time")
        return None
    if moment.tzinfo is None:
        problems.append(f"{name}: the date-time needs its offset (e.g. +05:00 or Z)")
        return None
    return moment.astimezone(dt.UTC)


def parse_record(body: object) -> tuple[ProctoringRecord | None, list[str]]:
    """The record, or the problems, each starting with the field it names."""
    if not isinstance(body, dict):
        return None, ["body: a JSON object is required"]
    data: dict[str, Any] = body  # type: ignore[assignment]
    problems: list[str] = []
    session_id = _text(data, "session_id", problems)
    email = _text(data, "student_email", problems, 320).lower()
    if email and not _EMAIL.match(email):
        problems.append(f"student_email: {email[:60]!r} is not an e-mail address")
    course = _text(data, "course", problems, 64)
    semester = _text(data, "semester", problems, 32)
    exam = _text(data, "exam", problems, 8).lower()
    if exam and exam not in EXAMS:
        problems.append(f"exam: one of {', '.join(EXAMS)}")
    started = _moment(data.get("started_at"), "started_at", problems)
    score_raw = data.get("score")
    score = float(score_raw) if isinstance(score_raw, int | float) and not isinstance(score_raw, bool) else math.nan
    if not math.isfinite(score) or not 0 <= score <= 100:
        problems.append("score: a number from 0 to 100 is required")
    violations: list[Violation] = []
    raw_violations = data.get("violations", [])
    if not isinstance(raw_violations, list) or len(raw_violations) > 1000:  # type: ignore[arg-type]
        problems.append("violations: a list (at most 1000) is required")
        raw_violations = []
    for n, item in enumerate(raw_violations):  # type: ignore[var-annotated]
        where = f"violations[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: an object with type, at, severity is required")
            continue
        kind = _text(item, "type", problems, 100)  # type: ignore[arg-type]
        severity = _text(item, "severity", problems, 32, required=False)  # type: ignore[arg-type]
        at = _moment(item.get("at"), f"{where}.at", problems)  # type: ignore[union-attr]
        if kind and at is not None:
            violations.append(Violation(kind, at, severity))
    video = _text(data, "video_url", problems, 2000, required=False)
    if video and not re.match(r"^https?://\S+$", video):
        problems.append("video_url: an http(s) link is required")
    if problems or started is None:
        return None, problems
    violations.sort(key=lambda v: (v.at, v.type))
    return ProctoringRecord(session_id, email, course, semester, exam, started, score, tuple(violations),
                            video), []
