"""`subscribe, unsubscribe, report (dean): the weekly summary of a school`."""

from __future__ import annotations

from dialogs.router import Router

router = Router("summary")
