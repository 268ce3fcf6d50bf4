"""`ask, answer, questions: students' questions and tutors' answers (issue: correspondence consulting)`."""

from __future__ import annotations

from dialogs.router import Router

router = Router("questions")
