"""`hours, report (tutor): the hours ledger against the Section 7 norms`."""

from __future__ import annotations

from dialogs.router import Router

router = Router("hours")
