"""Conversations, one module per feature. `build_dispatch()` is the one place they are registered."""

from __future__ import annotations

from dialogs import (
    appointments,
    deadlines,
    gradesheets,
    hours,
    integration_map,
    proctoring,
    questions,
    session_lists,
    sessions,
    summary,
    support,
    training,
)
from dialogs import help as help_dialog
from dialogs.router import Dispatch, Reply, Router, Turn

__all__ = ["Dispatch", "Reply", "Router", "Turn", "build_dispatch"]


def build_dispatch() -> Dispatch:
    root = Router("root")
    root.include(
        help_dialog.router,
        questions.router,
        sessions.router,
        session_lists.router,
        hours.router,
        summary.router,
        integration_map.router,
        appointments.router,
        gradesheets.router,
        proctoring.router,
        deadlines.router,
        support.router,
        training.router,
    )
    return Dispatch.build(root)
