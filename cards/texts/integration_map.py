"""Texts of the SPOC/MOOC integration map feature."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {}
