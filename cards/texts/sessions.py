"""Texts of the sessions feature."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {}
